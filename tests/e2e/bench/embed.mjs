// The docs widgets' benchmark, run by ./scripts/bench after `trunk build --release`: the example
// page (examples/embed.html, dist/embed.html) served gzip -9 on loopback, in Debian's Chromium, a
// fresh context (an empty HTTP cache) each run. Figures only, never a pass or fail:
//   - when the stand-ins show (each widget's code, drawn by embed.js before the wasm arrives);
//   - when both widgets are mounted (the wasm loaded once, each widget drawn by it: the promise
//     embed.js's mountAll() gives for widgets already under way), and the frame after;
// each from navigation start, in the page's own performance.now(). BENCHMARKS.md ("Issue 13: the
// docs widgets") records the output.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { root } from '../harness.mjs';

const RUNS = Number(process.env.CTRCFG_BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(join(root, 'dist'), { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-dev-shm-usage'] });
const runs = { standIn: [], mounted: [], painted: [] };
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}embed.html`, { waitUntil: 'commit' });
  const times = await page.evaluate(async () => {
    const shown = () => [...document.querySelectorAll('[data-ctrcfg]')].every((h) => h.shadowRoot?.querySelector('pre.code.input'));
    while (!shown()) await new Promise((r) => requestAnimationFrame(r));
    const standIn = performance.now();
    await (await import('./embed.js')).mountAll();
    const mounted = performance.now();
    const painted = await new Promise((resolve) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    }));
    return { standIn, mounted, painted };
  });
  for (const key of Object.keys(runs)) runs[key].push(times[key]);
  await context.close();
}
await browser.close();
await server.close();
const line = (what, xs) => console.log(`${what}: median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`examples/embed.html on loopback, gzip -9, ${RUNS} fresh contexts, from navigation start:`);
line('stand-ins (the code, before the wasm)', runs.standIn);
line('both widgets mounted', runs.mounted);
line('the frame after', runs.painted);
