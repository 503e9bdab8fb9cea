// The playground's browser benchmarks (issue 12), run by ./scripts/bench after `trunk build
// --release`, against dist/ served gzip -9 on loopback, in Debian's Chromium. Figures only, never a
// pass or fail:
//   1. time to first interactive paint: from navigation start to the frame after the plain
//      editor (textarea) and the rendered preview are both in the page, and to the frame after
//      CodeMirror has replaced the textarea; on loopback, and throttled through the DevTools
//      protocol to 1.6 Mbps down, 750 kbps up, 150 ms round trip (Network.emulateNetworkConditions);
//   2. per keystroke in the code editor: to the painted editor text, and to the painted
//      diagnostics and preview (the editor schedules the engine's run: web/src/editor/mod.rs,
//      `schedule`), with the example and with the 10 KB multi-document file of
//      core/benches/workload.rs. Keys come one at a time (330 ms apart), not in a burst.
// "Painted" is measured as the frame after the change: a requestAnimationFrame callback that
// sees the change, then a MessageChannel message posted from it, which runs once that frame has
// been drawn. Times are the page's own performance.now(); a keystroke starts at its keydown
// event's timeStamp. The browser's own Event Timing figure for each keystroke is printed beside
// it (from the key event to the frame presented after it, in 8 ms steps). BENCHMARKS.md ("Issue 12: the playground in Chromium") records the output.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { root, setText } from '../harness.mjs';
import { multiDocument } from './workload.mjs';

const RUNS = Number(process.env.CTRCFG_BENCH_RUNS ?? 7);
const KEYS = Number(process.env.CTRCFG_BENCH_KEYS ?? 60);
/** The editor's debounce during a burst of keys (web/src/editor/mod.rs, DEBOUNCE_MS): keys
 * further apart than this are keys on their own. */
const DEBOUNCE_MS = 80;
/** Lighthouse's "slow 4G": 1.6 Mbps down, 750 kbps up, 150 ms round trip. */
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** The p-th percentile, nearest rank. */
const pct = (xs, p) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;

async function firstPaint(browser, url, throttled) {
  // A fresh context each run: an empty HTTP cache, as on a first visit.
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  if (throttled) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  }
  await page.addInitScript(() => {
    const mark = (window.firstPaint = {});
    const afterFrame = (key) => requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => { mark[key] = performance.now(); };
      c.port2.postMessage(0);
    });
    const check = () => {
      if (!mark.interactiveDom && document.querySelector('textarea#editor, .cm-editor')
        && document.querySelector('#preview section.file')) {
        mark.interactiveDom = performance.now();
        afterFrame('interactive');
      }
      if (!mark.editorDom && document.querySelector('.cm-editor')) {
        mark.editorDom = performance.now();
        afterFrame('editor');
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.firstPaint.interactive && window.firstPaint.editor, null, { timeout: 60_000 });
  const m = await page.evaluate(() => ({ ...window.firstPaint,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime }));
  await context.close();
  return m;
}

/**
 * A page with nothing but the playground's code editor (dist/editor.js, the same extensions and
 * theme as the playground) holding `text`: the floor the playground's typing figures stand on,
 * measured the same way on the same machine.
 */
async function bareEditor(page, url, text) {
  await page.route(`${url}bare.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><body><div class="cm-host" style="height:600px"></div>
      <script type="module">import { create } from '/editor.js';
      create(document.querySelector('.cm-host'), ${JSON.stringify(text)}, () => {}, { id: 'editor', label: 'bare' });</script>`,
  }));
  await page.goto(`${url}bare.html`);
  await page.locator('.cm-editor #editor').waitFor();
}

async function typing(browser, url, text, { bare = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  if (bare) {
    await bareEditor(page, url, text);
  } else {
    await page.goto(url);
    await page.locator('.cm-editor #editor').waitFor();
    await page.locator('#preview section.file').waitFor();
    if (text) {
      await setText(page, text);
      await page.locator('#diagnostics li').first().waitFor();
    }
  }
  // The caret goes where each key changes what the engine says: after the first "//typo" (its
  // message quotes the path) in the 10 KB file, at the end of the last image store (the rendered
  // storage.conf quotes it) in the example.
  await page.evaluate(async (text) => {
    const view = (await import('/editor.js')).viewOf(document.querySelector('.cm-editor'));
    const doc = view.state.doc.toString();
    const at = text ? doc.indexOf('//typo') + 6 : doc.indexOf('/mnt/ssd-images') + 15;
    view.dispatch({ selection: { anchor: at } });
    view.focus();
    const main = document.querySelector('main');
    // The browser's own figure for each keystroke (Event Timing, as INP counts it): from the key
    // event to the next frame presented after its handlers, in steps of 8 ms, 16 ms at least.
    window.events = [];
    new PerformanceObserver((list) => { window.events.push(...list.getEntries().filter((e) => e.interactionId)); })
      .observe({ type: 'event', durationThreshold: 16 });
    const afterFrame = (s, key) => requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => { s[key] = performance.now(); };
      c.port2.postMessage(0);
    });
    window.addEventListener('keydown', (e) => {
      const s = window.sample;
      if (!s || s.t0) return;
      s.t0 = e.timeStamp;
      s.want = view.state.doc.length + 1;
    }, true);
    // Chromium dispatches the key's text (keypress, input) as a task after keydown, so the frame
    // is awaited from the input event: the first frame that can show the new text.
    window.addEventListener('input', () => {
      const s = window.sample;
      if (!s?.t0 || s.waiting) return;
      s.waiting = true;
      // The page's own work for the key ends with the input event's handlers and microtasks
      // (CodeMirror's update, the autosave, the debounce's timer).
      queueMicrotask(() => { s.handled = performance.now(); });
      const frame = () => {
        if (view.state.doc.length === s.want) { s.editorDom = performance.now(); afterFrame(s, 'editor'); }
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, true);
    // The response: the first change to the page outside the editor after the engine's run began
    // (the editor marks each run's start: the User Timing mark `ctrcfg:run`).
    const runStart = () => performance.getEntriesByName('ctrcfg:run', 'mark').at(-1)?.startTime;
    if (main) new MutationObserver((records) => {
      const s = window.sample;
      if (!s?.t0 || s.previewDom || !(runStart() >= s.t0)) return;
      if (records.every((r) => r.target.closest?.('.cm-editor') ?? r.target.parentElement?.closest('.cm-editor'))) return;
      s.engineStart = runStart();
      s.previewDom = performance.now();
      afterFrame(s, 'preview');
    }).observe(main, { childList: true, subtree: true, characterData: true, attributes: true });
  }, text ?? null);
  // The main thread's busy time (Chromium's TaskDuration) for each keystroke and the engine run
  // it causes: less moved by other processes on the machine than the wall-clock figures.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  const samples = [];
  for (let i = 0; i < KEYS + 5; i++) {
    await page.evaluate(() => { window.sample = {}; });
    const before = await busy();
    await page.keyboard.press('a');
    // No polling of the page meanwhile, so that the busy time is the keystroke's own.
    await page.waitForTimeout(DEBOUNCE_MS + 250);
    const task = (await busy()) - before;
    await page.waitForFunction((bare) => window.sample.editor && (bare || window.sample.preview), bare, { timeout: 10_000 });
    // The first few warm the engine and the page up.
    if (i >= 5) {
      samples.push(await page.evaluate(() => {
        const s = window.sample;
        const own = window.events.filter((e) => e.startTime >= s.t0 - 1 && e.startTime < s.t0 + 50);
        return { ...s, event: Math.max(...own.map((e) => e.duration)) };
      }));
      samples.at(-1).task = task;
    }
  }
  await context.close();
  const row = (name, xs) => `  ${name.padEnd(58)} p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  max ${ms(Math.max(...xs)).padStart(9)}`;
  const editor = [
    row('keystroke handled: text in the editor, saved (the page\'s work)', samples.map((s) => s.handled - s.t0)),
    row('keystroke to painted editor text', samples.map((s) => s.editor - s.t0)),
    row('  the same, by Event Timing (8 ms steps)', samples.map((s) => s.event)),
  ];
  if (bare) return [...editor, row('main-thread task time per keystroke', samples.map((s) => s.task))].join('\n');
  return [
    ...editor,
    row('keystroke to painted preview', samples.map((s) => s.preview - s.t0)),
    row('engine run start to painted preview', samples.map((s) => s.preview - s.engineStart)),
    row('  of it: engine run and DOM update', samples.map((s) => s.previewDom - s.engineStart)),
    row('main-thread task time per keystroke, with its engine run', samples.map((s) => s.task)),
  ].join('\n');
}

// Another build can be measured the same way (a before/after comparison): its dist directory as
// the argument; CTRCFG_BENCH_PARTS=typing skips the first-paint runs.
const server = await serve(process.argv[2] ?? join(root, 'dist'), { gzip: true });
const parts = process.env.CTRCFG_BENCH_PARTS ?? 'paint,typing';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // As tests/e2e/harness.mjs: an offline machine.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
try {
  for (const throttled of parts.includes('paint') ? [false, true] : []) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstPaint(browser, server.url, throttled));
    const med = (key) => ms(pct(runs.map((r) => r[key]), 50));
    console.log(`first paint, ${throttled ? 'throttled to 1.6 Mbps / 150 ms RTT' : 'loopback'}, median of ${RUNS} (from navigation start):`);
    console.log(`  first contentful paint ("Loading ctrcfg…")   ${med('fcp')}`);
    console.log(`  interactive: textarea and preview painted   ${med('interactive')}`);
    console.log(`  CodeMirror swapped in and painted           ${med('editor')}`);
  }
  if (parts.includes('typing')) {
    console.log(`\ntyping in the code editor, the example (${KEYS} keystrokes, one every ${DEBOUNCE_MS + 250} ms or more):`);
    console.log(await typing(browser, server.url, null));
    const multi = multiDocument(10_000);
    console.log(`\ntyping in the code editor, the 10 KB multi-document file (${multi.length} bytes, ${KEYS} keystrokes):`);
    console.log(await typing(browser, server.url, multi));
    console.log('\nthe floor: the same keystrokes into the code editor alone (editor.js, no ctrcfg), the 10 KB file:');
    console.log(await typing(browser, server.url, multi, { bare: true }));
  }
  console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (2 cores shared with other work)`);
} finally {
  await browser.close();
  await server.close();
}
