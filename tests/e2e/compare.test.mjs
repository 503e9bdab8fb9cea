// End-to-end tests of designs side by side in the Scenario view: a scenario with `variants:`
// shows their comparison (a table and a chart) above the trace, and a menu that switches the
// trace, charts and trees to another variant's. The figures are the CLI's: the table's cells as
// `ctrcfg simulate` prints them, the best one as its JSON names it (target/debug/ctrcfg, built
// by ./scripts/test before this stage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, useBrowser, openApp, setText, axeViolations } from './harness.mjs';

useBrowser();

const CTRCFG = join(root, 'target', 'debug', 'ctrcfg');
const scenario = (name) => join(root, 'tests', 'scenarios', `${name}.yaml`);

/** What the CLI prints for a scenario file: its text output and its JSON. */
function cli(file) {
  const text = execFileSync(CTRCFG, ['simulate', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const json = JSON.parse(execFileSync(CTRCFG, ['simulate', '--format', 'json', file], { encoding: 'utf8' }));
  return { text, json };
}

/** The comparison table's rows as the CLI's text prints them: [name, ...cells], and the best. */
function cliTable(text) {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => l.startsWith('comparison of '));
  const rows = [];
  for (const line of lines.slice(head + 2)) {
    if (!/^[* ] /.test(line) || line.startsWith('* best: ')) break;
    rows.push(line.slice(2).trim().split(/\s{2,}/));
  }
  return rows;
}

/** A variant's section of the CLI's text: from `== variant <name> ==` to the next section. */
function cliSection(text, name) {
  const from = text.indexOf(`== variant ${name} ==\n`);
  const to = text.indexOf('\n== variant ', from + 1);
  return text.slice(from, to === -1 ? text.indexOf('\ncomparison of ') : to);
}

/** Opens the Scenario view and loads the story titled `title` from the menu. */
async function openStory(t, title, options) {
  const page = await openApp(t, options);
  await page.locator('#mode-scenario').click();
  await page.locator('#steps > li').first().waitFor({ timeout: 15_000 });
  await page.locator('#story').selectOption({ label: title });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.locator('#sim-compare').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#preview-status')?.textContent === 'live', null, { timeout: 60_000 });
  return page;
}

/** The page's comparison: each row's name and cells, which row is marked best, the line saying why. */
async function pageTable(page) {
  const rows = await page.locator('#sim-compare tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    cells: [tr.querySelector('.variant-name').textContent, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)],
    best: tr.classList.contains('best'),
  })));
  return { rows, why: await page.locator('#compare-best').textContent() };
}

/** Chooses variant `name` and waits until the trace is that variant's. */
async function choose(page, name) {
  await page.locator('#variant').selectOption({ label: name });
  await page.waitForFunction((n) => document.querySelector('#sim-summary')?.textContent.startsWith(`variant ${n}: `), name, { timeout: 60_000 });
}

const traceLines = (page) => page.locator('#steps .trace li').evaluateAll((lis) => lis.map((li) => li.textContent));

const DECISIONS = [
  ['model-rollout-designs', '8 GiB model on 500 nodes: plain, stargz or SSD artifacts'],
  ['nfs-cache-vs-pulling', 'NFS cache for 200 nodes or each node pulling'],
];

for (const [name, title] of DECISIONS) {
  test(`the story "${title}" compares its variants as the CLI does, and shows each one's trace`, { timeout: 120_000 }, async (t) => {
    const { text, json } = cli(scenario(name));
    const page = await openStory(t, title);
    const { rows, why } = await pageTable(page);
    const names = json.variants.map((v) => v.name);
    assert.deepEqual(rows.map((r) => r.cells), cliTable(text));
    assert.deepEqual(rows.map((r) => r.cells[0]), names);
    assert.deepEqual(rows.filter((r) => r.best).map((r) => r.cells[0]), [json.comparison.best]);
    assert.equal(why, `best: ${json.comparison.best} (${json.comparison.why})`);
    assert.match(await page.locator('#comparison').textContent(), /requests and times modelled/);
    // The docs-embed API answers with the CLI's JSON, the comparison and every variant's run.
    const embedded = JSON.parse(await page.evaluate((f) => window.wasmBindings.ctrcfgSimulate(f), readFileSync(scenario(name), 'utf8')));
    assert.deepEqual(embedded.comparison, json.comparison);
    assert.deepEqual(embedded.variants.map((v) => [v.name, v.metrics]), json.variants.map((v) => [v.name, v.metrics]));

    // The chart: a group per variant, named by it, the figures in its accessible name.
    const chart = page.locator('#chart-compare');
    assert.equal(await chart.locator('svg').getAttribute('role'), 'img');
    const groups = await chart.locator('g.chart-group').evaluateAll((gs) => gs.map((g) => g.querySelector('.chart-label').textContent));
    assert.deepEqual(groups, names);
    const label = await chart.locator('svg').getAttribute('aria-label');
    for (const [variant, served] of cliTable(text)) assert.ok(label.includes(`${variant}: registry served ${served}, `), label);
    assert.equal(await chart.locator('g.chart-group rect').count(), 2 * names.length);

    // The menu lists the variants; each variant's trace is its own, line for line the CLI's.
    assert.deepEqual(await page.locator('#variant option').allTextContents(), names);
    for (const variant of [...names].reverse()) {
      await choose(page, variant);
      const cliLines = new Set(cliSection(text, variant).split('\n').map((l) => l.replace(/^\s*- /, '')));
      const lines = await traceLines(page);
      assert.ok(lines.length > 0);
      for (const line of lines) assert.ok(cliLines.has(line), `${variant}: ${line}`);
    }
    if (name === 'model-rollout-designs') {
      // Only the stargz variant reads through the additional layer store.
      const layerStore = (lines) => lines.some((l) => l.startsWith('checked additionalLayerStore /var/lib/stargz-store/store'));
      await choose(page, 'stargz');
      assert.ok(layerStore(await traceLines(page)));
      assert.match(await page.locator('#tree-after').textContent(), /additional layer store \/var\/lib\/stargz-store\/store/);
      await choose(page, 'plain');
      assert.ok(!layerStore(await traceLines(page)));
      assert.doesNotMatch(await page.locator('#tree-after').textContent(), /stargz-store/);
    }
  });
}

test('a scenario without variants shows no comparison', { timeout: 90_000 }, async (t) => {
  const page = await openStory(t, 'NFS cache for 200 nodes or each node pulling');
  await page.locator('#story').selectOption({ label: 'An NFS cache shared by ten nodes' });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.locator('#sim-compare').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#preview-status')?.textContent === 'live', null, { timeout: 60_000 });
  assert.equal(await page.locator('#comparison, #variant, #chart-compare').count(), 0);
  assert.doesNotMatch(await page.locator('#sim-summary').textContent(), /^variant /);
  assert.ok(await page.locator('#steps > li').count() > 0);
});

test('an error in one variant shows in the editor with the variant it is in', { timeout: 60_000 }, async (t) => {
  const text = `kind: Scenario
pools:
- {name: worker, nodeCount: 2}
registry:
  images:
  - {ref: quay.io/a:1, size: 100MB}
events:
- {pull: quay.io/a:1}
- {fail: /mnt/cache}
variants:
- name: plain
- name: cached
  storage:
  - {path: /mnt/cache, images: [quay.io/a:1]}
`;
  const file = join(mkdtempSync(join(tmpdir(), 'ctrcfg-compare-')), 'scenario.yaml');
  writeFileSync(file, text);
  const run = spawnSync(CTRCFG, ['simulate', file], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  const said = run.stderr.match(/error\[ctrcfg\]: (events\[1\]\.fail: .*)\n {2}note: (.*)/);
  assert.ok(said, run.stderr);
  const [, message, note] = said;

  const page = await openApp(t);
  await page.locator('#mode-scenario').click();
  await page.locator('#steps > li').first().waitFor({ timeout: 15_000 });
  await setText(page, text);
  const error = page.locator('#diagnostics li.error', { hasText: message });
  await error.waitFor({ timeout: 30_000 });
  assert.equal(await error.locator('.note').textContent(), ` (${note})`);
  assert.equal(note, 'in variant "plain" only');
  await page.locator('.cm-lintRange-error', { hasText: /^\/mnt\/cache$/ }).first().waitFor({ timeout: 5_000 });
  await page.locator('#simulation', { hasText: 'The scenario has errors; fix them to run it.' }).waitFor();
  assert.equal(await page.locator('#sim-compare').count(), 0);
});

test('designs side by side pass axe, and their screenshot, light, in docs/', { timeout: 90_000 }, async (t) => {
  const page = await openStory(t, '8 GiB model on 500 nodes: plain, stargz or SSD artifacts', { context: { colorScheme: 'light' } });
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(root, 'docs', 'screenshot-compare.png') });
});
