// End-to-end tests of the Configs view's context panel (feature set, gates, release, pools) and
// its outputs in tabs, each with Copy and Download, and the base-file edit worker. What the tabs
// show is compared with what the CLI prints for the same input (`ctrcfg render`), so the bytes
// a user copies are the bytes the CLI would write.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, useBrowser, openApp, setText } from './harness.mjs';

useBrowser();

const vector = (name) => readFileSync(join(root, 'tests', 'vectors', 'render', name), 'utf8');
const EXAMPLE = vector('image-stores.yaml');
const TWO_CONFIGS = vector('two-configs-one-pool.yaml');
const CUSTOM_POOL = vector('custom-pool.yaml');
const CUSTOM_POOLS = vector('custom-pool.pools.yaml');
const EXAMPLE_IMAGES = 'additionalimagestores = ["/mnt/nfs-images", "/mnt/ssd-images"]';
const STORAGE_CONF = 'section.file[data-path="/etc/containers/storage.conf"]';
const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

let cli;
before(() => {
  execFileSync('cargo', ['build', '-q', '-p', 'ctrcfg'], { cwd: root, stdio: 'inherit' });
  cli = join(root, 'target', 'debug', 'ctrcfg');
});

/** What `ctrcfg render ARGS` prints for `text` (and any other named files). */
function render(text, args, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ctrcfg-e2e-'));
  writeFileSync(join(dir, 'configs.yaml'), text);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return execFileSync(cli, ['render', ...args, 'configs.yaml'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Clicks an output's Copy and returns what the clipboard then holds, after the status says so. */
async function copied(page, section, name) {
  await page.locator(`${section} button.copy`).click();
  await page.locator('#copy-status', { hasText: `Copied ${name} to the clipboard.` }).waitFor({ timeout: 5_000 });
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Clicks an output's Download and returns the file's suggested name and contents. */
async function downloaded(page, section) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${section} button.download`).click()]);
  return [download.suggestedFilename(), readFileSync(await download.path(), 'utf8')];
}

test('the context panel is one calm row with a summary; pasted pools change the outputs and their errors show where', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  const summary = page.locator('#context-summary');
  assert.equal(await summary.textContent(), 'Default · OpenShift latest · gates as Default sets them · pools: master, worker (defaults)');
  assert.equal(await page.locator('#context-details').getAttribute('open'), null, 'collapsed at first');
  assert.equal(await page.locator('#pools-text').isVisible(), false);

  await setText(page, CUSTOM_POOL);
  await summary.click();
  await page.locator('#pools-text').fill(CUSTOM_POOLS);
  await page.locator('#pools [role=tab]', { hasText: 'pool infra' }).waitFor({ timeout: 5_000 });
  assert.deepEqual(await page.locator('#pools [role=tab]').allTextContents(), ['pool worker', 'pool infra']);
  assert.equal(await summary.textContent(), 'Default · OpenShift latest · gates as Default sets them · pools: master, worker, infra (yours)');
  assert.equal(await page.locator('#pools-summary').textContent(),
    'In use: master [machineconfiguration.openshift.io/mco-built-in=, operator.machineconfiguration.openshift.io/required-for-upgrade=, pools.operator.machineconfiguration.openshift.io/master=] 3 node(s), assumed'
    + ' · worker [machineconfiguration.openshift.io/mco-built-in=, pools.operator.machineconfiguration.openshift.io/worker=] 5 node(s)'
    + ' · infra [pools.operator.machineconfiguration.openshift.io/infra=] 2 node(s)');
  // The worker pool's five nodes, two at a time, as the pools text says.
  assert.equal(await page.locator('#rollout').textContent(), '5 nodes reboot, 2 at a time: 3 waves, about 30 min (modelled)');
  await page.locator('#pools [role=tab]', { hasText: 'pool infra' }).click();
  assert.match(await page.locator(`${STORAGE_CONF} pre`).textContent(), /additionalimagestores = \["\/mnt\/infra-images"\]/);

  // A mistake in the pools text is shown with its line and column; the pools in use stay.
  await page.locator('#pools-text').fill('- name: infra\n  nodeCount: many\n');
  const problem = page.locator('#pools-diagnostics li');
  await problem.first().waitFor({ timeout: 5_000 });
  assert.equal(await problem.first().locator('.where').textContent(), '2:14');
  assert.match(await problem.first().locator('.message').textContent(), /^pools\[0\]\.nodeCount: /);
  assert.match(await page.locator('#pools-summary').textContent(), /^In use \(the last pools read without errors, until these are fixed\): master /);
  assert.equal(await page.locator('#pools [role=tab][aria-selected=true]').textContent(), 'pool infra');

  // The pools text is kept across a reload, as the configs are.
  await page.locator('#pools-text').fill(CUSTOM_POOLS);
  await page.locator('#pools-diagnostics').waitFor({ state: 'detached', timeout: 5_000 });
  await page.reload();
  await page.locator('#pools [role=tab]', { hasText: 'pool infra' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#pools-text').inputValue(), CUSTOM_POOLS);
});

test('a feature-gate override changes validation, and is kept across reloads', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await page.locator('#openshift-version').selectOption('4.22');
  const unknown = page.locator('#diagnostics li.error', { hasText: 'unknown field "spec.containerRuntimeConfig.additionalImageStores"' });
  await unknown.waitFor({ timeout: 5_000 });
  await page.locator('#context-summary').click();
  const gate = page.locator('#gate-AdditionalStorageConfig');
  assert.deepEqual(await gate.locator('option').allTextContents(), ['as Default sets it (off)', 'on', 'off']);
  await gate.selectOption('on');
  await unknown.waitFor({ state: 'detached', timeout: 5_000 });
  await page.locator('#preview-status').filter({ hasText: /^live$/ }).waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#context-summary').textContent(),
    'Default · OpenShift 4.22 · AdditionalStorageConfig on · pools: master, worker (defaults)');
  // Off on the newest release, where Default has it on: the store lists become unknown fields.
  await page.locator('#openshift-version').selectOption('latest');
  await gate.selectOption('off');
  await unknown.waitFor({ timeout: 5_000 });
  await page.reload();
  await page.locator('#preview-status').waitFor();
  assert.equal(await page.locator('#gate-AdditionalStorageConfig').inputValue(), 'off');
  await unknown.waitFor({ timeout: 5_000 });
});

test('each output tab shows what ctrcfg render prints, and Copy and Download give exactly that', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, { context: CLIPBOARD });
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  const tabs = page.locator('#outputs [role=tab]');
  // One config on the pool: no merged config, and today's view comes first.
  assert.deepEqual(await tabs.allTextContents(), ['Node files', 'MachineConfigs', 'Butane', 'Your own files']);
  assert.equal(await page.locator('#outputs [aria-selected=true]').textContent(), 'Node files');

  await setText(page, TWO_CONFIGS);
  await page.locator('#out-merged').waitFor({ timeout: 5_000 });
  assert.deepEqual(await tabs.allTextContents(), ['Node files', 'MachineConfigs', 'Butane', 'Merged config', 'Your own files']);
  const json = JSON.parse(render(TWO_CONFIGS, ['--format', 'json']));
  const worker = json.pools.find((p) => p.pool === 'worker');

  // Node files: each file copies and downloads as the node gets it.
  const storage = worker.effectiveFiles.find((f) => f.path === '/etc/containers/storage.conf').contents;
  // Drawn a line at a time (each a source link), so the text ends without the last newline.
  assert.equal(await page.locator(`${STORAGE_CONF} pre`).innerText(), storage.replace(/\n$/, ''));
  assert.equal(await copied(page, STORAGE_CONF, 'storage.conf'), storage);
  assert.deepEqual(await downloaded(page, STORAGE_CONF), ['storage.conf', storage]);

  const cases = [
    ['#out-machine-configs', '#machine-configs', 'machineconfigs.yaml', render(TWO_CONFIGS, ['--format', 'yaml'])],
    ['#out-butane', '#butane-openshift', 'machineconfigs.bu', render(TWO_CONFIGS, ['--format', 'butane'])],
    ['#out-butane', '#butane-fcos', 'worker-fcos.bu', render(TWO_CONFIGS, ['--format', 'butane', '--butane-variant', 'fcos', '--pool', 'worker'])],
    ['#out-merged', '#merged', 'worker-merged-containerruntimeconfig.yaml', worker.merged],
  ];
  for (const [tab, section, name, expected] of cases) {
    await page.locator(tab).click();
    assert.equal(await page.locator(tab).getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator(`${section} pre`).textContent(), expected, section);
    assert.equal(await copied(page, section, name), expected, `${section}: copy`);
    assert.deepEqual(await downloaded(page, section), [name, expected], `${section}: download`);
  }
  // The MachineConfigs are every pool's; the pool row is for the per-pool outputs only.
  await page.locator('#out-machine-configs').click();
  assert.equal(await page.locator('#pools').count(), 0);
  await page.locator('#out-nodes').click();
  assert.equal(await page.locator('#pools [role=tab][aria-selected=true]').textContent(), 'pool worker');
});

test('your own storage.conf is edited with its diff by a worker that loads only once you paste a file', { timeout: 90_000 }, async (t) => {
  const requested = [];
  const page = await openApp(t, { context: CLIPBOARD, setup: (p) => p.context().on('request', (r) => requested.push(new URL(r.url()).pathname)) });
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await page.locator('#out-own').click();
  await page.locator('#own-base').waitFor();
  assert.deepEqual(requested.filter((p) => p.includes('edit_worker')), [], 'no worker before there is a file');

  const base = '# Hand-managed on OCNE nodes.\n[storage]\ndriver = "overlay" # the only one\n\n[storage.options]\n# preloaded from USB:\nadditionalimagestores = ["/old"]\n';
  await page.locator('#own-base').fill(base);
  const edited = page.locator('#own-edited pre');
  await edited.waitFor({ timeout: 10_000 });
  assert.deepEqual(requested.filter((p) => p.includes('edit_worker')).sort(),
    ['/edit_worker.js', '/edit_worker_bg.wasm', '/edit_worker_loader.js']);
  const [expected] = JSON.parse(render(EXAMPLE, ['--format', 'json', '--base-storage-conf', 'storage.conf'], { 'storage.conf': base })).baseEdits;
  assert.equal(await edited.textContent(), expected.contents);
  assert.ok(expected.contents.includes('# preloaded from USB:\nadditionalimagestores = ["/mnt/nfs-images", "/mnt/ssd-images"]\n'), expected.contents);
  assert.equal(await page.locator('#own-diff pre').textContent(), expected.diff);
  assert.match(expected.diff, /^--- a\/etc\/containers\/storage.conf\n\+\+\+ b\/etc\/containers\/storage.conf\n/);
  assert.equal(await copied(page, '#own-edited', 'storage.conf'), expected.contents);
  assert.deepEqual(await downloaded(page, '#own-edited'), ['storage.conf', expected.contents]);
  assert.deepEqual(await downloaded(page, '#own-diff'), ['storage.conf.diff', expected.diff]);

  // A config change edits the file again.
  await setText(page, EXAMPLE.replace('/mnt/ssd-images', '/mnt/fast-images'));
  await edited.filter({ hasText: 'additionalimagestores = ["/mnt/nfs-images", "/mnt/fast-images"]' }).waitFor({ timeout: 5_000 });

  // A file that is not TOML: the error with its line and column.
  await page.locator('#own-base').fill('[storage]\ndriver = \n');
  await page.locator('#own-error').waitFor({ timeout: 5_000 });
  assert.match(await page.locator('#own-error').textContent(), /^storage\.conf:2:10: /);

  // A crio.conf the configs set nothing in stays as it is.
  await page.locator('#own-kind').selectOption('crio');
  await page.locator('#own-base').fill('[crio]\n# mine\n');
  await page.locator('#own-diff', { hasText: 'Nothing to change' }).waitFor({ timeout: 5_000 });
  assert.equal(await edited.textContent(), '[crio]\n# mine\n');
});

test('a Configs widget neither reads nor saves the pools text and gate overrides', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await page.evaluate(async (text) => {
    localStorage.setItem('ctrcfg.pools.v1', '- name: saved\n');
    // A docs widget with its context panel (docs/embed.md), on this very page.
    const host = document.createElement('pre');
    host.id = 'embed-host';
    Object.assign(host.dataset, { ctrcfg: '', context: '' });
    host.textContent = text;
    document.body.appendChild(host);
    await (await import('/embed.js')).mount(host);
  }, CUSTOM_POOL);
  const embed = page.locator('#embed-host');
  await embed.locator('#context-summary').click();
  assert.equal(await embed.locator('#pools-text').inputValue(), '');
  await embed.locator('#pools-text').fill(CUSTOM_POOLS);
  await embed.locator('#pools [role=tab]', { hasText: 'pool infra' }).waitFor({ timeout: 5_000 });
  await embed.locator('#gate-AdditionalStorageConfig').selectOption('off');
  await embed.locator('#context-summary', { hasText: 'AdditionalStorageConfig off' }).waitFor();
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem('ctrcfg.pools.v1'), localStorage.getItem('ctrcfg.gates.v1')]),
    ['- name: saved\n', '']);
});
