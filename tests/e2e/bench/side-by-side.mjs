// ctrcfg against the peer a JavaScript playground would use (`yaml` + `ajv` on the CRD's
// openAPIV3Schema: peer/peer.mjs), side by side (issue 13, "Speed against the peer"). Run by
// ./scripts/bench (part `peer`) after `trunk build --release`:
//
//   node tests/e2e/bench/side-by-side.mjs [dist]
//
// 1. In one Chromium page: the release page's `window.wasmBindings.ctrcfgValidate` (its answer
//    JSON.parse'd, as a caller reads it; `ctrcfg` below, its wasm built for size) and the npm
//    package's browser build (`npm`, built for speed, as a JavaScript playground would load it)
//    against the peer bundled by esbuild into the same page,
//    on the typical config and the 10 KB multi-document file of core/benches/workload.rs; then
//    where ctrcfg's time goes at the boundary (the call alone, JSON.parse of its answer).
// 2. In Node, the same loop, when a Node build of ctrcfg is there (peer/ctrcfg-node.mjs).
// 3. The eight common mistakes (peer/mistakes.mjs): which side catches each, by running both.
// Alternating rounds, median of CTRCFG_PEER_ROUNDS (15 by default, of 60 ms per side and
// input). CTRCFG_PEER_PARTS chooses `chromium`, `node` or both (the default). Figures only: nothing here fails on a slow run.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { root } from '../harness.mjs';
import { TYPICAL, multiDocument } from './workload.mjs';
import { mistakes } from './peer/mistakes.mjs';
import { peerValidator } from './peer/peer.mjs';
import { median, rounds } from './peer/rounds.mjs';
import { ctrcfgCatches, peerCatches } from './peer/sides.mjs';
import { loadCtrcfgForNode } from './peer/ctrcfg-node.mjs';
import { marker, rendererCpuNs } from './peer/cpu-time.mjs';

const ROUNDS = Number(process.env.CTRCFG_PEER_ROUNDS ?? 15);
/** The npm package's browser build (scripts/npm-package), served to the page under NPM_ROUTE. */
const NPM_WEB = join(root, 'target/npm/package/web');
const NPM_ROUTE = 'ctrcfg-npm';
const BUDGET_MS = 60;
const here = join(root, 'tests/e2e/bench/peer');
const crd = readFileSync(join(here, 'containerruntimeconfig.crd.yaml'), 'utf8');
const multi = multiDocument(10_000);
const inputs = { [`typical config (${TYPICAL.length} B)`]: TYPICAL, [`10 KB multi-document file (${multi.length} B)`]: multi };
const cases = mistakes(TYPICAL);

const us = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);

/** The table of one run: per input, each side's median, and how many times faster ctrcfg is:
 * the median of each round's own ratio (the two sides of a round run back to back, so a busy
 * neighbour slows both), and the ratio of the fastest rounds. */
function report(where, timing) {
  console.log(`${where}, median of ${ROUNDS} alternating rounds (per call):`);
  for (const [input, sides] of Object.entries(timing)) {
    const p = sides.peer;
    for (const [name, c] of Object.entries(sides).filter(([n]) => n !== 'peer')) {
      const ratio = median(c.rounds.map((t, i) => p.rounds[i] / t));
      const best = Math.min(...p.rounds) / Math.min(...c.rounds);
      console.log(`  ${input.padEnd(40)} ${name.padEnd(6)} ${us(c.median).padStart(9)}   peer ${us(p.median).padStart(9)}   `
        + `${ratio.toFixed(2)}x faster (target 5x: ${(ratio / 5 * 100).toFixed(0)} %; fastest rounds ${best.toFixed(2)}x)`);
    }
  }
}

function verdicts(where, clean, results) {
  const dirty = [ctrcfgCatches(clean.ctrcfg) && 'ctrcfg', peerCatches(clean.peer) && 'peer'].filter(Boolean);
  if (dirty.length) console.log(`  (the typical config itself is refused by ${dirty.join(' and ')}: the table below means little)`);
  console.log(`common mistakes (${where}): which side catches each`);
  let c = 0;
  let p = 0;
  for (const { name, ctrcfg, peer } of results) {
    const [byC, byP] = [ctrcfgCatches(ctrcfg), peerCatches(peer)];
    c += byC;
    p += byP;
    console.log(`  ${name.padEnd(48)} ctrcfg ${byC ? 'yes' : 'no '}   peer ${byP ? 'yes' : 'no'}`);
  }
  console.log(`  caught: ctrcfg ${c} of ${results.length}, peer ${p} of ${results.length}`);
}

async function inChromium(dist) {
  const bundle = (await esbuild.build({
    entryPoints: [join(here, 'page.mjs')], bundle: true, format: 'iife', minify: true, write: false, platform: 'browser',
  })).outputFiles[0].text;
  console.log(`the peer's bundle (yaml + ajv + the loop, esbuild --minify): ${bundle.length} B, `
    + `${gzipSync(bundle, { level: 9 }).length} B gzip -9`);
  const server = await serve(dist);
  const mark = marker();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', mark],
  });
  try {
    // The page's Content-Security-Policy allows no inline script and no eval, and ajv compiles
    // its validator with `new Function`: the peer needs both, so the policy is bypassed here.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.route(`**/${NPM_ROUTE}/*`, (route) => {
      const file = join(NPM_WEB, new URL(route.request().url()).pathname.split('/').pop());
      if (!existsSync(file)) return route.fulfill({ status: 404 });
      const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    });
    await page.goto(server.url);
    // The page has drawn its example: its own first engine run is over.
    await page.locator('#preview section.file').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => typeof window.wasmBindings?.ctrcfgValidate === 'function');
    await page.addScriptTag({ content: bundle });
    // The npm package's browser build, as a JavaScript playground would load it, in the same
    // page: its wasm is built for speed ("s"), the page's own for size ("z").
    const npm = await page.evaluate(async (dir) => {
      try {
        const m = await import(`${dir}/ctrcfg.js`);
        await m.default();
        window.npmValidate = m.validate;
        return true;
      } catch (e) {
        return false;
      }
    }, `/${NPM_ROUTE}`);
    if (!npm) console.log(`the npm package's browser build is missing (scripts/npm-package writes ${NPM_WEB}): only the page's API runs`);
    const out = await page.evaluate(({ crd, inputs, cases, options }) => {
      const { peerValidator, rounds } = window.ctrcfgBench;
      const peer = peerValidator(crd);
      const call = (t) => window.wasmBindings.ctrcfgValidate(t);
      const ctrcfg = (t) => JSON.parse(call(t));
      const npm = window.npmValidate;
      const results = cases.map(([name, text]) => ({ name, ctrcfg: ctrcfg(text), peer: peer(text) }));
      const first = Object.values(inputs)[0];
      const clean = { ctrcfg: ctrcfg(first), peer: peer(first) };
      const timing = rounds(npm ? { ctrcfg, npm, peer } : { ctrcfg, peer }, inputs, options);
      // The boundary: the call alone (the text copied in as UTF-8, the JSON string copied out),
      // and JSON.parse of its answer; the rest of ctrcfg's time is core's validate in wasm.
      const answers = new Map(Object.values(inputs).map((t) => [t, call(t)]));
      const parse = (t) => JSON.parse(answers.get(t));
      const crossing = rounds({ call, parse }, inputs, options);
      const answerBytes = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, answers.get(t).length]));
      window.sideBySide = { sides: npm ? { ctrcfg, npm, peer } : { ctrcfg, peer }, inputs };
      return { results, clean, timing, crossing, answerBytes };
    }, { crd, inputs, cases, options: { rounds: ROUNDS, budgetMs: BUDGET_MS } });
    report('Chromium, one page', out.timing);
    report('Chromium, the same by the renderer\'s CPU time', await cpuRounds(page, mark, out.timing));
    console.log('  ctrcfg\'s time at the boundary (median):');
    for (const [input, sides] of Object.entries(out.crossing)) {
      console.log(`    ${input.padEnd(40)} ctrcfgValidate alone ${us(sides.call.median).padStart(9)}, `
        + `JSON.parse of its ${out.answerBytes[input]} B answer ${us(sides.parse.median).padStart(8)}`);
    }
    verdicts('Chromium', out.clean, out.results);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The rounds again, timed by the renderer's CPU time: each side runs a batch of calls as
 * long as about BUDGET_MS of wall time at its median speed, in one evaluate. */
async function cpuRounds(page, mark, timing) {
  const samples = {};
  for (const [input, bySide] of Object.entries(timing)) {
    samples[input] = {};
    for (const side of Object.keys(bySide)) samples[input][side] = [];
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [input, bySide] of Object.entries(timing)) {
      const names = Object.keys(bySide);
      for (const side of round % 2 ? [...names].reverse() : names) {
        const n = Math.max(5, Math.ceil((BUDGET_MS * 1000) / bySide[side].median));
        const before = rendererCpuNs(mark);
        await page.evaluate(([s, i, n]) => {
          const { sides, inputs } = window.sideBySide;
          for (let k = 0; k < n; k++) sides[s](inputs[i]);
        }, [side, input, n]);
        samples[input][side].push((rendererCpuNs(mark) - before) / 1000 / n);
      }
    }
  }
  const result = {};
  for (const [input, bySide] of Object.entries(samples)) {
    result[input] = Object.fromEntries(Object.entries(bySide).map(([side, xs]) => [side, { median: median(xs), rounds: xs }]));
  }
  return result;
}

async function inNode() {
  const node = await loadCtrcfgForNode();
  if (!node.validate) {
    console.log(`Node: ${node.missing}`);
    return;
  }
  const peer = peerValidator(crd);
  const ctrcfg = node.validate;
  console.log(`Node ${process.version}, ctrcfg from ${node.from}`);
  report('Node', rounds({ ctrcfg, peer }, inputs, { rounds: ROUNDS, budgetMs: BUDGET_MS }));
  const results = cases.map(([name, text]) => ({ name, ctrcfg: ctrcfg(text), peer: peer(text) }));
  verdicts('Node', { ctrcfg: ctrcfg(TYPICAL), peer: peer(TYPICAL) }, results);
}

const parts = process.env.CTRCFG_PEER_PARTS ?? 'chromium,node';
if (parts.includes('chromium')) await inChromium(process.argv[2] ?? join(root, 'dist'));
if (parts.includes('node')) {
  console.log();
  await inNode();
}
console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (2 cores shared with other work)`);
