// End-to-end tests of the Scenario view's charts, store tree, failed-steps filter and step
// grouping, and of its engine answering from the sim_worker Web Worker. The figures are
// compared with core's own, through the docs-embed API (`ctrcfgSimulate`, the JSON of
// `ctrcfg simulate`). Speed (the longest main-thread task while typing) is measured by
// tests/e2e/bench/longtasks.mjs from ./scripts/bench, never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, useBrowser, openApp, setText, typeAtEnd, editorState } from './harness.mjs';
import { fleet } from './fleet.mjs';

useBrowser();

const story = (name) => readFileSync(join(root, 'tests', 'scenarios', `${name}.yaml`), 'utf8');

/** Opens the Scenario view with `text` and waits for the worker's answer to it. */
async function openScenario(t, text) {
  const page = await openApp(t);
  await page.locator('#mode-scenario').click();
  await page.locator('#steps > li').first().waitFor({ timeout: 15_000 });
  if (text !== undefined) await load(page, text);
  return page;
}

/** Replaces the scenario and waits until the view shows the worker's answer for it. */
async function load(page, text) {
  const before = await page.locator('#sim-summary').textContent();
  await setText(page, text);
  await page.waitForFunction((old) => document.querySelector('#sim-summary')?.textContent !== old
    && document.querySelector('#preview-status')?.textContent === 'live', before, { timeout: 60_000 });
}

/** core's `units::human`: bytes in binary units, one decimal below 100. */
function human(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit + 1 < units.length) { value /= 1024; unit++; }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** A chart's rows from its table: [label, figure], and each bar's drawn width. */
async function chart(page, id) {
  const figure = page.locator(`#${id}`);
  const rows = await figure.locator('table tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const widths = await figure.locator('svg rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
  const name = await figure.locator('svg').getAttribute('aria-label');
  const role = await figure.locator('svg').getAttribute('role');
  const title = await figure.locator('svg > title').textContent();
  return { rows, widths, name, role, title, caption: await figure.locator('figcaption').textContent() };
}

test('the charts draw the seed story\'s figures as core computes them, modelled ones labelled', { timeout: 60_000 }, async (t) => {
  const page = await openScenario(t);
  const text = (await editorState(page)).text;
  const core = JSON.parse(await page.evaluate((s) => window.wasmBindings.ctrcfgSimulate(s), text));
  // The story's two nodes end differently, so each is a node group of its own, with its figures.
  assert.deepEqual(core.nodes.map((g) => g.nodeCount), [1, 1]);
  const perNode = core.nodes.map((g) => [g.nodes, { registryBytes: g.registryBytes, seconds: g.seconds.all }]);

  const bytes = await chart(page, 'chart-bytes');
  assert.equal(bytes.role, 'img');
  assert.equal(bytes.name, bytes.title);
  assert.deepEqual(bytes.rows, perNode.map(([name, m]) => [name, human(Number(m.registryBytes))]));
  assert.match(bytes.name, /^Registry bytes per node \(sizes from the scenario\): worker-0 968 MiB; worker-1 8\.0 GiB$/);
  // Bars are drawn in proportion to the bytes (the longest is 420 units).
  const most = Math.max(...perNode.map(([, m]) => Number(m.registryBytes)));
  assert.deepEqual(bytes.widths, perNode.map(([, m]) => Math.max(1, Math.round(Number(m.registryBytes) / most * 420))));

  const seconds = await chart(page, 'chart-seconds');
  assert.match(seconds.caption, /^Start-up seconds per node \(modelled\)/);
  assert.deepEqual(seconds.rows, perNode.map(([name, m]) => [name, `${Number(m.seconds).toFixed(1)} s`]));

  const hits = await chart(page, 'chart-hits');
  const label = (source) => (source === 'defaultStore' ? 'graphroot' : source);
  const expected = Object.entries(core.metrics.cacheHits).map(([s, n]) => [label(s), `${n} hit(s)`]);
  assert.deepEqual([...hits.rows].sort(), [...expected].sort());
  assert.equal(hits.rows.at(-1)[0], 'registry', 'the registry comes last, as CRI-O looks there last');
});

test('the store tree of a node, before and after: the OCNE unclean reboot empties the store inside the graphroot', { timeout: 60_000 }, async (t) => {
  const page = await openScenario(t, story('ocne-unclean-reboot'));
  const ro = '[data-path="/var/lib/containers/storage/ro-cache"]';
  const items = (side) => page.locator(`#tree-${side} ${ro} .tree-items li`).allTextContents();
  assert.deepEqual(await items('before'), ['image container-registry.oracle.com/olcne/app:1']);
  assert.deepEqual(await items('after'), ['empty']);
  assert.equal(await page.locator(`#tree-after ${ro}`).getAttribute('class'), 'tree-dir changed');
  assert.match(await page.locator('#tree-after [data-path="/var/lib/containers/storage"] .tree-state').textContent(), /^CRI-O running/);
  assert.deepEqual(await page.locator('#tree-after [data-path="/var/lib/preloaded-images"] .tree-items li').allTextContents(),
    ['image container-registry.oracle.com/olcne/sidecar:1']);
});

test('the store tree follows the chosen node: lazily pulled layers sit in the layer store', { timeout: 60_000 }, async (t) => {
  const page = await openScenario(t);
  const layer = '[data-path="/var/lib/stargz-store/store"]';
  assert.deepEqual(await page.locator(`#tree-before ${layer} .tree-items li`).allTextContents(), ['empty']);
  assert.deepEqual(await page.locator(`#tree-after ${layer} .tree-items li`).allTextContents(),
    ['image quay.io/acme/model:v1: its layers, served lazily']);
  assert.match(await page.locator(`#tree-after ${layer} .tree-state`).textContent(), /stargz-store running/);
  // worker-1's plugin was stopped before its pull: the image came whole from the registry.
  await page.locator('#tree-node').selectOption({ label: 'worker-1' });
  await page.locator(`#tree-after ${layer} .tree-state`, { hasText: 'stargz-store stopped' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.locator(`#tree-after ${layer} .tree-items li`).allTextContents(), ['empty']);
  assert.deepEqual(await page.locator('#tree-after [data-path="/var/lib/containers/storage"] .tree-items li').allTextContents(),
    ['image quay.io/acme/model:v1']);
});

test('the failed-steps filter shows only failures, and their source links still select the event', { timeout: 60_000 }, async (t) => {
  const page = await openScenario(t, story('typo-store-path'));
  const visible = () => page.locator('#steps > li.step:visible');
  const all = await visible().count();
  await page.getByLabel('only failed').check();
  await page.locator('#steps.only-failed').waitFor();
  const failed = await visible().count();
  assert.ok(failed > 0 && failed < all, `${failed} of ${all}`);
  assert.deepEqual(new Set(await visible().evaluateAll((ls) => ls.map((l) => l.className))), new Set(['step error']));
  assert.equal(failed, await page.locator('#steps > li.step.error').count());
  await visible().first().locator('.step-head').click();
  const { selected, focused } = await editorState(page);
  assert.ok(selected.startsWith('apply:'), selected);
  assert.equal(focused, true);
  await page.getByLabel('all', { exact: true }).check();
  await page.locator('#steps:not(.only-failed)').waitFor();
  assert.equal(await visible().count(), all);

  // A story where nothing fails says so under the filter.
  await load(page, story('nfs-shared-cache'));
  await page.getByLabel('only failed').check();
  await page.locator('#no-failed').waitFor();
  assert.equal(await visible().count(), 0);
});

test('a 10,000-node fleet: the worker answers, identical steps are grouped, and typing updates the view', { timeout: 180_000 }, async (t) => {
  const page = await openScenario(t, fleet(10000, 100));
  assert.match(await page.locator('#sim-summary').textContent(), /^1 000 000 step\(s\), 0 failed/);
  const rows = await page.locator('#steps > li').count();
  assert.ok(rows < 2000, `${rows} step rows in the DOM`);
  assert.match(await page.locator('#steps > li .what').first().textContent(), /^pull quay\.io\/acme\/app-0:1 on 10 000 nodes$/);
  assert.ok(await page.locator('#sim-nodes tbody tr').count() <= 50);
  assert.match(await page.locator('#nodes-more').textContent(), /^… and 9 950 more node\(s\)/);
  const bytes = await chart(page, 'chart-bytes');
  assert.match(bytes.caption, /10 000 nodes, too many for a bar each: nodes counted by range/);
  assert.ok(bytes.rows.length <= 10);
  assert.equal(bytes.rows.reduce((sum, [, n]) => sum + Number(n.replace(/ node\(s\)$/, '').replaceAll(' ', '')), 0), 10000);

  // Typing one more pull: the view marks the old answer as updating, then shows the new one.
  await typeAtEnd(page, '- {pull: quay.io/acme/app-7:1}\n');
  await page.locator('#sim-summary', { hasText: /^1 010 000 step\(s\)/ }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#preview-status').textContent(), 'live');
  assert.ok(await page.locator('#steps > li').count() < 2000);
  // The editor stayed usable all along: it holds what was typed.
  assert.ok((await editorState(page)).text.endsWith('- {pull: quay.io/acme/app-7:1}\n'));
});

test('while the worker runs, the last result stays on screen marked as updating', { timeout: 120_000 }, async (t) => {
  const page = await openScenario(t, fleet(10000, 100));
  await typeAtEnd(page, '# a comment\n');
  // The badge says updating until the worker's answer for the new text arrives.
  await page.locator('#preview-status', { hasText: 'updating' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#simulation').getAttribute('aria-busy'), 'true');
  assert.ok(await page.locator('#steps > li').count() > 0, 'the last result is still drawn');
  await page.locator('#preview-status', { hasText: /^live$/ }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#simulation').getAttribute('aria-busy'), 'false');
});

test('without its worker the view says the simulation is not running', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, {
    setup: (p) => p.route('**/sim_worker_loader.js', (r) => r.abort()),
    allow: /sim_worker|simulation worker failed/,
  });
  await page.locator('#mode-scenario').click();
  await page.locator('#simulation', { hasText: 'The simulation is not running: its Web Worker failed to load' }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('#preview-status').textContent(), 'not running');
});
