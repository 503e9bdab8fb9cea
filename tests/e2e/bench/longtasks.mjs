// The longest main-thread task while typing with the 10,000-node fleet scenario open (the
// `fleet(10000, 100)` workload: a million node-steps), in each view, measured in headless
// Chromium with PerformanceObserver('longtask'). Run by ./scripts/bench on dist/; give other
// built dist/ directories as arguments to compare (e.g. a build from before the simulation
// worker, where the engine ran on the main thread):
//
//   node tests/e2e/bench/longtasks.mjs dist [/path/to/other/dist ...]
//
// Each build is measured CTRCFG_LONGTASK_RUNS times (3 by default), since on a shared 2-core
// machine a busy neighbour preempts the main thread and shows as long tasks; the load average
// is printed with each run. Figures only, for BENCHMARKS.md: nothing here fails on a slow run.
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { fleet } from '../fleet.mjs';
import { paste } from '../harness.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Longer than the editor's 80 ms debounce, so every keystroke asks for a new run. */
const KEY_DELAY_MS = 120;
const TYPED = '# typing while a fleet is open';

async function longest(page, type) {
  await page.evaluate(() => {
    window.__longtasks = [];
    window.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push(e.duration);
    });
    window.__observer.observe({ type: 'longtask' });
  });
  const started = Date.now();
  await type();
  const typed = Date.now() - started;
  await page.waitForTimeout(3_000);
  const tasks = await page.evaluate(() => { window.__observer.disconnect(); return window.__longtasks; });
  return { typed, longest: Math.round(Math.max(0, ...tasks)), over50: tasks.filter((d) => d > 50).length };
}

async function typeInEditor(page) {
  await page.locator('#editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
}

async function measure(browser, dist) {
  const server = await serve(dist);
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  try {
    await page.goto(server.url);
    await page.locator('.cm-editor #editor').waitFor();
    await page.locator('#mode-scenario').click();
    await page.locator('#steps > li').first().waitFor({ timeout: 30_000 });
    await page.locator('#editor').click();
    await page.keyboard.press('Control+a');
    const opened = Date.now();
    await paste(page, fleet(10000, 100));
    await page.locator('#sim-summary', { hasText: /^1[  ]?000[  ]?000 step/ }).waitFor({ timeout: 120_000 });
    const open = Date.now() - opened;
    await page.waitForTimeout(2_000);
    const scenario = await longest(page, () => typeInEditor(page));
    await page.locator('#mode-configs').click();
    await page.locator('.cm-editor #editor').waitFor();
    await page.waitForTimeout(1_000);
    const configs = await longest(page, () => typeInEditor(page));
    return { open, scenario, configs };
  } finally {
    await context.close();
    await server.close();
  }
}

const dirs = process.argv.slice(2);
const runs = Number(process.env.CTRCFG_LONGTASK_RUNS ?? 3);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
try {
  for (const dist of dirs.length ? dirs : ['dist']) {
    for (let run = 1; run <= runs; run++) {
      const r = await measure(browser, dist);
      const load = loadavg()[0].toFixed(1);
      console.log(`${dist}, run ${run} (load average ${load}): fleet(10000, 100) shown ${r.open} ms after the paste`);
      for (const [view, m] of [['Scenario', r.scenario], ['Configs', r.configs]]) {
        console.log(`  typing ${TYPED.length} keys in the ${view} editor (${KEY_DELAY_MS} ms apart, took ${m.typed} ms): `
          + `longest main-thread task ${m.longest} ms, ${m.over50} task(s) over 50 ms`);
      }
    }
  }
} finally {
  await browser.close();
}
