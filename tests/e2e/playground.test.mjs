// End-to-end tests of the built playground (dist/) in Debian's Chromium, driven by
// playwright-core. Run by scripts/test after `trunk build --release`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  root, useBrowser, browser, server, openApp, editorState, typeAtEnd, typeLines, paste, until, setText,
} from './harness.mjs';

useBrowser();

const EXAMPLE_IMAGES = 'additionalimagestores = ["/mnt/nfs-images", "/mnt/ssd-images"]';
const STORAGE_CONF = 'section.file[data-path="/etc/containers/storage.conf"] pre';
const ARTIFACT_DOT_DOT = [
  'apiVersion: machineconfiguration.openshift.io/v1',
  'kind: ContainerRuntimeConfig',
  'metadata:',
  '  name: models',
  'spec:',
  '  machineConfigPoolSelector:',
  '    matchLabels:',
  '      pools.operator.machineconfiguration.openshift.io/worker: ""',
  '  containerRuntimeConfig:',
  '    additionalArtifactStores: [{path: /mnt/cache/../models}]',
  '',
].join('\n');
const ARTIFACT_DROP_IN = 'section.file[data-path="/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores"] pre';
const TWO_CONFIGS = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors', 'render', 'two-configs-one-pool.yaml'), 'utf8');

test('the example renders its node files live', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const preview = page.locator('#preview');
  await assert.doesNotReject(preview.filter({ hasText: EXAMPLE_IMAGES }).waitFor());
  assert.equal(await page.locator('#preview-status').textContent(), 'live');
  assert.equal(await page.locator('#diagnostics').textContent(), 'No problems found.');
  const text = await page.locator(STORAGE_CONF).innerText();
  assert.ok(text.startsWith('[storage]\n  driver = "overlay"\n'), text);
  assert.equal(await page.locator('#pools [role=tab][aria-selected=true]').textContent(), 'pool worker');
  assert.equal(await page.locator('#rollout').textContent(), '3 nodes (assumed) reboot, 1 at a time: 3 waves, about 30 min (modelled)');
});

test('a rendered line links back to the YAML that set it', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const line = page.locator(`${STORAGE_CONF} button.linked`, { hasText: 'additionalimagestores' });
  await line.waitFor();
  assert.equal(await line.getAttribute('data-field'), 'spec.containerRuntimeConfig.additionalImageStores');
  await line.click();
  const selected = await editorState(page);
  assert.equal(selected.focused, true);
  assert.match(selected.selected, /^additionalImageStores:\n\s*- path: \/mnt\/nfs-images\n\s*- path: \/mnt\/ssd-images\n$/);
});

test('two configs on one pool: what is lost, and a merged config', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await setText(page, TWO_CONFIGS);
  const lost = page.locator('#lost');
  await lost.waitFor({ timeout: 5_000 });
  const items = await lost.locator('li .what').allTextContents();
  assert.deepEqual(items, [
    'stores spec.containerRuntimeConfig.additionalImageStores',
    'stores spec.containerRuntimeConfig.additionalLayerStores',
    'stores spec.containerRuntimeConfig.overlaySize',
  ]);
  assert.match(await lost.locator('li .why').first().textContent(), /99-worker-generated-containerruntime-1 also writes \/etc\/containers\/storage.conf/);
  assert.equal(await page.locator('section.file[data-path="/etc/containers/storage.conf"] .from').textContent(),
    'from 99-worker-generated-containerruntime-1');
  mkdirSync(join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs', 'screenshot-merge.png') });
  await page.locator('#out-merged').click();
  const merged = await page.locator('#merged pre').textContent();
  assert.ok(merged.includes('    - path: /mnt/nfs-images\n    - path: /mnt/ssd-images\n'), merged);
  assert.ok(merged.includes('    overlaySize: 10G\n'), merged);
});

test('the feature set decides which fields the API server knows', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '    containerGomaxprocsBehavior: Autosize\n');
  const unknown = page.locator('#diagnostics li.error .message', { hasText: 'unknown field "spec.containerRuntimeConfig.containerGomaxprocsBehavior"' });
  await unknown.waitFor({ timeout: 5_000 });
  await page.locator('#feature-set').selectOption('TechPreviewNoUpgrade');
  await unknown.waitFor({ state: 'detached', timeout: 5_000 });
  await page.locator('#preview-status').filter({ hasText: 'live' }).waitFor({ timeout: 5_000 });
  assert.match(await page.locator('#lost').textContent(), /does not render containerGomaxprocsBehavior/);
});

test('typing a new image store updates the preview', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '    - path: /mnt/typed-store\n');
  await page.locator('#preview')
    .filter({ hasText: 'additionalimagestores = ["/mnt/nfs-images", "/mnt/ssd-images", "/mnt/typed-store"]' })
    .waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#preview-status').textContent(), 'live');

  mkdirSync(join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs', 'screenshot.png') });
});

test('a YAML syntax error shows line and column and keeps the last good preview', { timeout: 60_000 }, async (t) => {
  // When the last key or paste came, so that the test can wait for the engine's run after it.
  const page = await openApp(t, { setup: (p) => p.addInitScript(() => {
    for (const type of ['keydown', 'paste']) addEventListener(type, () => { window.lastChange = performance.now(); }, true);
  }) });
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  const linesBefore = (await editorState(page)).text.split('\n').length;
  await typeAtEnd(page, '    - path: [/mnt/unclosed\n');

  // The engine runs as keys arrive (a half-typed line has a syntax error of its own), and when
  // it is slow, after the keys pause: wait for its run on the finished text (the view's
  // `ctrcfg:run` mark, web/src/editor/mod.rs), then for that verdict (a syntax error).
  await page.waitForFunction(() => performance.getEntriesByName('ctrcfg:run')[0]?.startTime >= window.lastChange);
  const error = page.locator('#diagnostics li.error').filter({ hasText: /yaml: line \d+: / }).first();
  await error.waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#diagnostics li.error').count(), 1);
  const where = await error.locator('.where').textContent();
  const [line, column] = where.split(':').map(Number);
  assert.ok(line >= linesBefore - 1 && Number.isInteger(column) && column >= 1, `position ${where}`);
  assert.match(await error.locator('.message').textContent(), /^yaml: line \d+: /);

  // The last valid storage.conf stays on screen, marked as stale.
  assert.ok((await page.locator(STORAGE_CONF).textContent()).includes(EXAMPLE_IMAGES));
  assert.equal(await page.locator('#preview').getAttribute('class'), 'preview is-stale');
  assert.match(await page.locator('#preview-status').textContent(), /^last valid result — fix 1 error to update$/);

  // Clicking the diagnostic puts the caret on the offending text.
  await page.keyboard.press('Control+Home');
  assert.equal((await editorState(page)).from, 0);
  await error.locator('button').click();
  const caret = await editorState(page);
  const lineStart = caret.text.split('\n').slice(0, line - 1).join('\n').length + 1;
  assert.deepEqual({ focused: caret.focused, line: caret.line, column: caret.from - lineStart + 1 },
    { focused: true, line, column });

  // Fixing the error brings the preview back to life. (Home goes to the end of the indentation
  // first in CodeMirror, then to the start of the line.)
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Shift+Home');
  await typeLines(page, '    - path: /mnt/fixed\n');
  // The engine runs as keys arrive, and "/mnt/f" is valid too: wait for the whole path.
  await page.locator('#preview').filter({ hasText: '"/mnt/ssd-images", "/mnt/fixed"]' }).waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#preview-status').textContent(), 'live');
});

test('the editor keeps what was typed across a reload', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await typeAtEnd(page, '    - path: /mnt/kept\n');
  await page.locator('#preview').filter({ hasText: '"/mnt/kept"' }).waitFor({ timeout: 5_000 });
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.ok((await editorState(page)).text.endsWith('    - path: /mnt/kept\n'));
  await page.locator('#preview').filter({ hasText: '"/mnt/kept"' }).waitFor({ timeout: 5_000 });

  // Saved on every change, not when the engine runs: a reload right after typing keeps it.
  await typeAtEnd(page, '    - path: /mnt/at-once');
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.ok((await editorState(page)).text.endsWith('    - path: /mnt/kept\n    - path: /mnt/at-once'));
});

test('validation errors from the API server and the MCO are labelled by origin', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '    - path: mnt/relative\n');
  const api = page.locator('#diagnostics li.error').filter({ has: page.locator('.origin', { hasText: /^api$/ }) });
  const mco = page.locator('#diagnostics li.error').filter({ has: page.locator('.origin', { hasText: /^mco$/ }) });
  // On a busy machine the engine can run between two typed keys: wait for the finished line's
  // verdict, not the first error of a half-typed one.
  await page.locator('#diagnostics li.error .message', { hasText: 'mnt/relative' }).first().waitFor({ timeout: 5_000 });
  assert.match(await api.first().locator('.message').textContent(),
    /^spec\.containerRuntimeConfig\.additionalImageStores\[2\]\.path: Invalid value: "string": path must be absolute/);
  assert.match(await mco.first().locator('.message').textContent(),
    /invalid AdditionalImageStores path "mnt\/relative": must be an absolute path/);
  const line = (await editorState(page)).text.split('\n').length - 1;
  assert.equal(await api.first().locator('.where').textContent(), `${line}:13`);
  assert.match(await page.locator('#preview-status').textContent(), /^last valid result — fix 2 errors to update$/);
});

test('the scenario view traces where each image comes from', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#mode-scenario').click();
  const steps = page.locator('#steps > li');
  await steps.first().waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#preview-status').textContent(), 'live');
  // The first story: an 8 GiB eStargz image pulled lazily through stargz-store.
  const first = steps.first();
  assert.equal(await first.locator('.what').textContent(), 'pull quay.io/acme/model:v1 on worker-0');
  assert.match(await first.locator('.facts').textContent(),
    /^from additionalLayerStore:\/var\/lib\/stargz-store\/store · lazy · registry served 81\.9 MiB · 4 registry request\(s\) · [\d.]+ s, [\d.]+→[\d.]+ s \(modelled\)$/);
  assert.equal(await first.locator('.trace li').first().textContent(), 'checked defaultStore: not found');
  assert.match(await page.locator('#sim-summary').textContent(), /^5 step\(s\), 0 failed; the registry served 8\.9 GiB/);

  // Another story: the typo'd path stops CRI-O on the first node.
  await page.locator('#story').selectOption({ label: 'A typo in a store path' });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const failed = page.locator('#steps > li.error').first();
  await failed.waitFor({ timeout: 5_000 });
  assert.match(await failed.locator('.message').textContent(),
    /overlay: can't stat imageStore dir \/mnt\/nfs-imgaes: stat \/mnt\/nfs-imgaes: no such file or directory/);
  assert.equal(await page.locator('#sim-nodes tbody tr').count(), 3);
  await page.screenshot({ path: join(root, 'docs', 'screenshot-scenario.png') });

  // Clicking a step selects its event in the editor.
  await failed.locator('.step-head').click();
  const { selected, focused } = await editorState(page);
  assert.ok(selected.startsWith('apply:'), selected);
  assert.equal(focused, true);
});

test('a broken scenario shows positioned diagnostics and both views keep their text', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#mode-scenario').click();
  await page.locator('#steps > li').first().waitFor({ timeout: 5_000 });
  await typeAtEnd(page, '- {pull: quay.io/acme/model:v1, node: worker-9}\n');
  // The engine runs as keys arrive: wait for the finished event's verdict.
  const error = page.locator('#diagnostics li.error').filter({ hasText: '"worker-9"' }).first();
  await error.waitFor({ timeout: 5_000 });
  assert.match(await error.locator('.message').textContent(), /^events\[5\]\.node: Invalid value: "worker-9": no such node/);
  assert.equal(await page.locator('#preview-status').textContent(), 'fix the scenario to run it');
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.ok((await editorState(page)).text.endsWith('node: worker-9}\n'), 'the scenario text survives a reload');
  await page.locator('#mode-configs').click();
  await page.locator(STORAGE_CONF).waitFor({ timeout: 5_000 });
});

test('the docs-embed API: JSON results, and a widget mounted into the page', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#editor').waitFor();
  const results = await page.evaluate(async ([configs, scenario]) => {
    const api = window.wasmBindings;
    const render = JSON.parse(api.ctrcfgRender(configs, 'Default'));
    const validate = JSON.parse(api.ctrcfgValidate('kind: ContainerRuntimeConfig\nmetadata: {name: x}\nspec: {containerRuntimeConfig: {pidsLimit: 5}}\n'));
    const pending = api.ctrcfgSimulate(scenario);
    const isPromise = pending instanceof Promise;
    const simulate = JSON.parse(await pending);
    let unknownSet = '';
    try { api.ctrcfgRender(configs, 'Nope'); } catch (e) { unknownSet = String(e.message ?? e); }
    // A docs widget mounted on this very page (docs/embed.md): the wasm is the page's own.
    const host = document.createElement('pre');
    host.id = 'embed-host';
    Object.assign(host.dataset, { ctrcfg: '', view: 'scenario' });
    host.textContent = scenario;
    document.body.appendChild(host);
    await (await import('/embed.js')).mount(host);
    return { render, validate, simulate, unknownSet, isPromise };
  }, [TWO_CONFIGS, readFileSync(join(root, 'tests', 'scenarios', 'plugin-crash.yaml'), 'utf8')]);
  assert.deepEqual(results.render.pools[0].machineConfigs.map((m) => m.name),
    ['99-worker-generated-containerruntime', '99-worker-generated-containerruntime-1']);
  assert.equal(results.validate.valid, false);
  assert.ok(results.validate.diagnostics.some((d) => d.message === 'invalid PidsLimit 5' && d.origin === 'mco'));
  // Every diagnostic has the one shape of docs/diagnostics.md, as the CLI's JSON does.
  const table = readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8').split('\n')
    .filter((l) => /^\| `/.test(l)).flatMap((l) => l.split('|')[1].split(',').map((k) => k.trim().replaceAll('`', '')));
  const all = [results.validate, results.render, results.simulate].flatMap((r) => r.diagnostics);
  assert.ok(all.length > 0);
  for (const d of all) assert.deepEqual(Object.keys(d).sort(), [...table].sort(), JSON.stringify(d));
  assert.ok(all.every((d) => d.file === null), 'the embed API has no files');
  assert.equal(results.simulate.steps[2].outcome, 'error');
  assert.equal(results.isPromise, true, 'ctrcfgSimulate answers with a promise (it runs in the simulation worker)');
  assert.match(results.unknownSet, /unknown feature set "Nope"/);
  const embedded = page.locator('#embed-host .embedded');
  await embedded.locator('#steps > li').first().waitFor({ timeout: 5_000 });
  assert.equal(await embedded.locator('#steps > li').count(), 7);
  assert.match(await embedded.locator('#steps > li.error .message').first().textContent(), /^failed to access to the linked additional layer/);
});

test('the OpenShift level decides who refuses a ".." artifact path: CRI-O on 5.0, the API server on latest', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  const version = page.locator('#openshift-version');
  assert.equal(await version.inputValue(), 'latest');
  assert.deepEqual(await version.locator('option').allTextContents(), ['4.22', '5.0', 'latest (upstream main)']);
  await version.selectOption('5.0');
  assert.match(await version.getAttribute('title'), /^5\.0 \(Kubernetes and CRI-O 1\.36\): openshift\/api release-5\.0 e543cc50; /);
  await setText(page, ARTIFACT_DOT_DOT);

  // On 5.0 the API server and the MCO accept the path; CRI-O refuses it when it starts.
  const byOrigin = (origin) => page.locator('#diagnostics li.error')
    .filter({ has: page.locator(`.origin.${origin}`, { hasText: new RegExp(`^${origin}$`) }) });
  const crio = byOrigin('crio');
  await crio.first().waitFor({ timeout: 5_000 });
  assert.equal(await crio.count(), 1);
  assert.equal(await page.locator('#diagnostics li.error').count(), 1, 'only CRI-O refuses it on 5.0');
  assert.match(await crio.locator('.message').textContent(),
    /^spec\.containerRuntimeConfig\.additionalArtifactStores\[0\]\.path: validating runtime config: additional_artifact_stores: path "\/mnt\/cache\/\.\.\/models" must not contain '\.\.' components/);
  // The origin has its own colour, unlike lint's (the info about <path>/artifacts).
  const colour = (sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(await colour('#diagnostics .origin.crio'), await colour('#diagnostics .origin.lint'));

  // The MCO renders it anyway, and the badge warns instead of saying "live".
  assert.match(await page.locator(ARTIFACT_DROP_IN).textContent(), /additional_artifact_stores = \["\/mnt\/cache\/\.\.\/models"\]/);
  assert.equal(await page.locator('#preview').getAttribute('class'), 'preview');
  const status = page.locator('#preview-status');
  assert.equal(await status.textContent(), 'rendered, but CRI-O refuses it on the nodes (1 error)');
  assert.equal(await status.getAttribute('class'), 'badge warn');

  // On the newest code the API server refuses it (and the MCO would): nothing new renders.
  await version.selectOption('latest');
  const api = byOrigin('api');
  await api.first().waitFor({ timeout: 5_000 });
  assert.match(await api.first().locator('.message').textContent(),
    /^spec\.containerRuntimeConfig\.additionalArtifactStores\[0\]\.path: Invalid value: "string": path must not contain '\.\.' components/);
  assert.equal(await crio.count(), 0);
  assert.equal(await status.textContent(), 'last valid result — fix 2 errors to update');
  assert.equal(await status.getAttribute('class'), 'badge stale');
  assert.equal(await page.locator('#preview').getAttribute('class'), 'preview is-stale');
});

test('on OpenShift 4.22 the Default feature set has no store lists', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  assert.equal(await page.locator('#feature-set').inputValue(), 'Default');
  await page.locator('#openshift-version').selectOption('4.22');
  const unknown = page.locator('#diagnostics li.error', { hasText: 'unknown field "spec.containerRuntimeConfig.additionalImageStores"' });
  await unknown.waitFor({ timeout: 5_000 });
  assert.equal(await unknown.locator('.origin').textContent(), 'api');
  assert.match(await page.locator('#preview-status').textContent(), /^last valid result — fix 1 error to update$/);
  // TechPreviewNoUpgrade had the gate on 4.22 already.
  await page.locator('#feature-set').selectOption('TechPreviewNoUpgrade');
  await unknown.waitFor({ state: 'detached', timeout: 5_000 });
  await page.locator('#preview-status').filter({ hasText: /^live$/ }).waitFor({ timeout: 5_000 });
});

test('the footer names every modelled level and the upstream commits it follows', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const footer = page.locator('footer');
  const text = await footer.textContent();
  assert.match(text, /Files are rendered byte for byte as the Machine Config Operator renders them/);
  assert.match(text, /a model, not a measurement\. Nothing leaves your browser\./);
  assert.equal(await footer.locator('summary').textContent(), 'OpenShift levels modelled: 4.22, 5.0, latest (the default)');
  await footer.locator('summary').click();
  const levels = await footer.locator('details li').allTextContents();
  assert.equal(levels.length, 3);
  assert.match(levels[2], /^latest \(Kubernetes and CRI-O 1\.37\): openshift\/api master 2a3d7391 \+ #2999/);
  assert.ok(levels.every((l) => l.includes('openshift/api') && l.includes('openshift/machine-config-operator') && l.includes('cri-o/cri-o')), levels.join('\n'));
  assert.ok(await footer.locator('details li', { hasText: '2a3d7391' }).isVisible());
});

test('the scenario view says which OpenShift level the scenario runs at', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#mode-scenario').click();
  await page.locator('#steps > li').first().waitFor({ timeout: 5_000 });
  const level = page.locator('#scenario-level');
  assert.equal(await level.textContent(), 'OpenShift level: latest');
  const story = (await editorState(page)).text;
  await setText(page, story.replace('kind: Scenario\n', 'kind: Scenario\nopenshiftVersion: "5.0"\n'));
  await level.filter({ hasText: /^OpenShift level: 5\.0$/ }).waitFor({ timeout: 5_000 });
  assert.match(await level.getAttribute('title'), /^5\.0 \(Kubernetes and CRI-O 1\.36\)/);
});

test('the docs-embed API takes an OpenShift version', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const results = await page.evaluate((text) => {
    const api = window.wasmBindings;
    const at50 = JSON.parse(api.ctrcfgValidate(text, 'Default', '5.0'));
    const latest = JSON.parse(api.ctrcfgValidate(text, 'Default'));
    const rendered = JSON.parse(api.ctrcfgRender(text, 'Default', '5.0'));
    const thrown = (f) => { try { f(); return ''; } catch (e) { return String(e.message ?? e); } };
    return {
      at50, latest, rendered,
      unknownVersion: thrown(() => api.ctrcfgValidate(text, 'Default', '4.99')),
      unknownRender: thrown(() => api.ctrcfgRender(text, '', 'nightly')),
    };
  }, ARTIFACT_DOT_DOT);
  const errors = (r) => r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(results.at50.valid, false);
  assert.deepEqual(errors(results.at50).map((d) => d.origin), ['crio']);
  assert.match(errors(results.at50)[0].message, /must not contain '\.\.' components/);
  assert.deepEqual(errors(results.latest).map((d) => d.origin), ['api', 'mco']);
  assert.deepEqual(results.rendered.pools[0].machineConfigs.map((m) => m.name), ['99-worker-generated-containerruntime']);
  // The command line's message (cli/src/context.rs), under the argument's name.
  assert.match(results.unknownVersion, /^openshiftVersion: unknown release "4\.99"; known: 4\.22, 5\.0, latest$/);
  assert.match(results.unknownRender, /^openshiftVersion: unknown release "nightly"/);
});

// The code editor: CodeMirror 6, loaded after the first paint (web/src/editor/).

test('an error typed into the code editor is marked on its range, in the gutter and in the lint panel', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '    - path: mnt/relative\n');
  // The engine runs as keys arrive: wait for the mark on the whole value, not a half-typed one.
  const mark = page.locator('.cm-lintRange-error', { hasText: /^mnt\/relative$/ }).first();
  await mark.waitFor({ timeout: 5_000 });
  // The squiggle covers exactly the value the API server and the MCO refuse, on its line.
  assert.equal(await mark.textContent(), 'mnt/relative');
  const line = page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') });
  assert.equal(await line.count(), 1);
  assert.equal(await line.textContent(), '    - path: mnt/relative');
  const lineNo = (await editorState(page)).text.split('\n').length - 1;
  // A gutter mark beside it.
  const marker = page.locator('.cm-gutter-lint .cm-lint-marker-error');
  assert.equal(await marker.count(), 1);
  const [lineBox, markerBox] = [await line.boundingBox(), await marker.boundingBox()];
  assert.ok(Math.abs(lineBox.y + lineBox.height / 2 - (markerBox.y + markerBox.height / 2)) < lineBox.height / 2,
    `marker at y=${markerBox.y}, line at y=${lineBox.y}`);
  const number = page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${lineNo}$`) });
  assert.ok(Math.abs((await number.boundingBox()).y - lineBox.y) < lineBox.height / 2, 'the line number beside it');

  // Clicking a diagnostic in the list selects that range in the editor.
  await page.keyboard.press('Control+Home');
  await page.locator('#diagnostics li.error button').first().click();
  const state = await editorState(page);
  assert.deepEqual({ selected: state.selected, line: state.line, focused: state.focused },
    { selected: 'mnt/relative', line: lineNo, focused: true });

  // The lint panel lists both errors and is reachable from the keyboard (Ctrl-Shift-m).
  await page.keyboard.press('Control+Shift+KeyM');
  const panel = page.locator('.cm-panel.cm-panel-lint');
  await panel.waitFor({ timeout: 5_000 });
  assert.equal(await panel.locator('li.cm-diagnostic-error').count(), 2);
  assert.match(await panel.locator('li.cm-diagnostic-error').first().textContent(), /path must be absolute/);
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('.cm-panel-lint')), true, 'the panel has focus');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal((await editorState(page)).focused, true, 'Escape returns to the text');

  // Fixing it removes the marks.
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Shift+Home');
  await typeLines(page, '    - path: /mnt/absolute\n');
  await page.locator('#preview-status').filter({ hasText: /^live$/ }).waitFor({ timeout: 5_000 });
  // "live" may be the verdict on the text typed part-way, whose marks the editor still shows
  // until the last run's arrive: wait for the marks to go (on a loaded CI machine one was still
  // there when the status first read live).
  await page.locator('.cm-lintRange-error').first().waitFor({ state: 'detached', timeout: 5_000 });
  await page.locator('.cm-gutter-lint .cm-lint-marker').first().waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  assert.equal(await page.locator('.cm-gutter-lint .cm-lint-marker').count(), 0);
});

test('the code editor: line numbers, YAML highlighting, bracket matching, search, undo and redo', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  const original = (await editorState(page)).text;
  assert.equal(await page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^1$/ }).count(), 1);
  // Keys and values are coloured apart.
  const key = page.locator('.cm-line span', { hasText: /^apiVersion$/ });
  const plain = await page.locator('.cm-line', { hasText: /^apiVersion:/ }).evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(await key.evaluate((el) => getComputedStyle(el).color), plain);

  // Bracket matching: the caret after a "}" marks it and its partner.
  await setText(page, 'a: {b: [1, 2]}\n');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  assert.deepEqual(await page.locator('.cm-matchingBracket').allTextContents(), ['{', '}']);

  // Undo and redo through CodeMirror's history: the paste above, and text typed after it.
  await typeAtEnd(page, 'c: 3');
  assert.equal((await editorState(page)).text, 'a: {b: [1, 2]}\nc: 3');
  await page.keyboard.press('Control+z');
  assert.equal((await editorState(page)).text, 'a: {b: [1, 2]}\n');
  await page.keyboard.press('Control+z');
  assert.equal((await editorState(page)).text, original);
  await page.locator('#preview-status').filter({ hasText: /^live$/ }).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Control+y');
  assert.equal((await editorState(page)).text, 'a: {b: [1, 2]}\n');

  // Loading a preset replaces the text as one undoable change (after the user confirms):
  // what was typed comes back.
  await page.keyboard.press('Control+z');
  await typeAtEnd(page, '    - path: /mnt/mine\n');
  page.once('dialog', (d) => d.accept());
  await page.locator('#preset').selectOption({ label: 'Two read-only image caches' });
  assert.equal((await editorState(page)).text, original);
  await page.locator('#editor').click();
  await page.keyboard.press('Control+z');
  assert.ok((await editorState(page)).text.endsWith('    - path: /mnt/mine\n'));
  await page.locator('#preview').filter({ hasText: '"/mnt/mine"' }).waitFor({ timeout: 5_000 });

  // Search (Ctrl-f) finds and selects a match.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  const field = page.locator('.cm-search input[name=search]');
  await field.waitFor({ timeout: 5_000 });
  await field.pressSequentially('ssd-images');
  await field.press('Enter');
  const found = await editorState(page);
  assert.equal(found.selected, 'ssd-images');
  assert.ok(found.text.split('\n')[found.line - 1].includes('/mnt/ssd-images'));

  // Tab indents (YAML takes spaces); Escape then Tab leaves the editor, so the keyboard is never trapped.
  await page.keyboard.press('Escape');
  await page.locator('#editor').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  assert.ok((await editorState(page)).text.startsWith('  # Two read-only image caches'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal((await editorState(page)).focused, false);
});

test('the plain textarea stays, and works, when the editor module cannot load', { timeout: 60_000 }, async (t) => {
  let asked = 0;
  const page = await openApp(t, {
    live: false,
    allow: /Failed to load resource|editor\.js/,
    setup: (p) => p.route('**/editor.js', (route) => { asked++; return route.abort(); }),
  });
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await until(() => asked > 0);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.cm-editor').count(), 0);
  assert.equal((await editorState(page)).live, false);

  // Typing still runs the engine, the list still selects, autosave still keeps it.
  await typeAtEnd(page, '    - path: mnt/plain\n');
  // The engine runs as keys arrive: wait for the finished path's verdict.
  await page.locator('#diagnostics li.error .message', { hasText: 'mnt/plain' }).first().waitFor({ timeout: 5_000 });
  const error = page.locator('#diagnostics li.error').first();
  await page.keyboard.press('Control+Home');
  await error.locator('button').click();
  const state = await editorState(page);
  assert.deepEqual({ selected: state.selected, focused: state.focused }, { selected: 'mnt/plain', focused: true });
  await page.reload();
  await page.locator('textarea#editor').waitFor();
  assert.ok((await editorState(page)).text.endsWith('    - path: mnt/plain\n'));
  await page.locator('#diagnostics li.error').first().waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('.cm-editor').count(), 0);
});

test('text typed before the code editor arrives survives the swap', { timeout: 60_000 }, async (t) => {
  let release;
  const arrived = new Promise((r) => { release = r; });
  let asked = false;
  const page = await openApp(t, {
    live: false,
    setup: (p) => p.route('**/editor.js', async (route) => { asked = true; await arrived; await route.continue(); }),
  });
  // The textarea is on screen at once, with the example, and takes typing.
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await until(() => asked);
  await page.locator('textarea#editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('    - path: /mnt/early');
  assert.equal(await page.locator('.cm-editor').count(), 0);
  release();
  await page.locator('.cm-editor #editor').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('textarea#editor').count(), 0);
  const state = await editorState(page);
  assert.ok(state.text.endsWith('    - path: /mnt/ssd-images\n    - path: /mnt/early'), state.text.slice(-80));
  assert.deepEqual({ focused: state.focused, from: state.from }, { focused: true, from: state.text.length },
    'the caret stays where it was');
  // Typing goes on where it left off.
  await page.keyboard.type('-and-late');
  await page.locator('#preview').filter({ hasText: '"/mnt/ssd-images", "/mnt/early-and-late"]' }).waitFor({ timeout: 5_000 });
});

test('the page and the code editor follow a dark colour scheme', { timeout: 60_000 }, async (t) => {
  const luminance = (page, sel) => page.locator(sel).first().evaluate((el) => {
    const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
  const dark = await openApp(t, { context: { colorScheme: 'dark' } });
  const light = await openApp(t, { context: { colorScheme: 'light' } });
  for (const sel of ['.cm-editor', '.cm-gutters', 'body']) {
    assert.ok(await luminance(dark, sel) < 0.2, `${sel} is dark`);
    assert.ok(await luminance(light, sel) > 0.8, `${sel} is light`);
  }
  const ink = (page) => page.locator('.cm-content').evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(await ink(dark), await ink(light));
  // CodeMirror's own parts (panels, tooltips) use their dark variant too.
  const isDark = (page) => page.evaluate(async () => {
    const { viewOf } = await import('/editor.js');
    const view = viewOf(document.querySelector('.cm-editor'));
    return view.state.facet(view.constructor.darkTheme);
  });
  assert.equal(await isDark(dark), true);
  assert.equal(await isDark(light), false);
});

test('completion and hover docs in the code editor come from core, for the chosen release', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const head = ARTIFACT_DOT_DOT.split('\n').slice(0, 9).join('\n');
  await setText(page, `${head}\n`);
  // Typing a field name offers the fields the CRD has there, and Enter takes one with its colon.
  await typeAtEnd(page, '    pid');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'pidsLimit' });
  await option.waitFor({ timeout: 5_000 });
  assert.match(await page.locator('.cm-tooltip-autocomplete').textContent(), /pidsLimit specifies the maximum number of processes allowed in a container/);
  // CodeMirror ignores Enter for its interactionDelay (75 ms) after the list opens.
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  assert.ok((await editorState(page)).text.endsWith('\n    pidsLimit: '), (await editorState(page)).text);
  // Values of an enumerated field.
  await page.keyboard.type('2048');
  await paste(page, '\n');
  await page.keyboard.type('    defaultRuntime: r');
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'runc' }).waitFor({ timeout: 5_000 });
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  assert.ok((await editorState(page)).text.endsWith('\n    defaultRuntime: runc'));
  // Hovering a key shows the API's description.
  const at = await page.evaluate(async () => {
    const view = (await import('/editor.js')).viewOf(document.querySelector('.cm-editor'));
    const pos = view.state.doc.toString().indexOf('pidsLimit') + 2;
    const c = view.coordsAtPos(pos);
    return { x: c.left + 1, y: (c.top + c.bottom) / 2 };
  });
  // CodeMirror shows a hover once the pointer rests (300 ms) after moving over the text; on a
  // loaded machine a first rest can be cut short, so the pointer moves again until it shows.
  await page.keyboard.press('Escape');
  const tip = page.locator('.cm-tooltip-hover .cm-hover-doc');
  for (let i = 0; i < 10 && !(await tip.count()); i++) {
    await page.mouse.move(at.x - 30, at.y);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    await page.waitForTimeout(700);
  }
  await tip.waitFor({ timeout: 5_000 });
  const text = await tip.textContent();
  assert.ok(text.startsWith('spec.containerRuntimeConfig.pidsLimit'), text);
  assert.match(text, /pidsLimit specifies the maximum number of processes/);
  assert.match(text, /On the nodes: \/etc\/crio\/crio\.conf\.d\/01-ctrcfg-pidsLimit line 3: pids_limit = 2048/);
});

test('presets load in one choice, and ask before replacing edits', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  const dialogs = [];
  const answer = { accept: false };
  page.on('dialog', (d) => { dialogs.push(d.message()); return answer.accept ? d.accept() : d.dismiss(); });
  const preset = page.locator('#preset');
  const titles = (await preset.locator('option').allTextContents()).slice(1);
  assert.deepEqual(titles, ['Two read-only image caches', 'Lazy pulling with stargz-store', 'A shared NFS image cache',
    'ML models on an SSD artifact store', 'An air-gapped edge node', 'Two configs on one pool', 'A typo in a store path']);
  // Over the untouched example: loaded at once, and the node files follow.
  await preset.selectOption({ label: 'Lazy pulling with stargz-store' });
  await page.locator(STORAGE_CONF).filter({ hasText: 'additionallayerstores = ["/var/lib/stargz-store/store:ref"]' }).waitFor({ timeout: 5_000 });
  assert.equal(dialogs.length, 0);
  assert.equal(await preset.inputValue(), '', 'the menu goes back to its title');
  // Over edits: the user is asked, and saying no keeps the text.
  await typeAtEnd(page, '# mine');
  await preset.selectOption({ label: 'A shared NFS image cache' });
  assert.equal(dialogs.length, 1);
  assert.match(dialogs[0], /Replace your edits with the preset “A shared NFS image cache”/);
  assert.ok((await editorState(page)).text.endsWith('# mine'));
  answer.accept = true;
  await preset.selectOption({ label: 'A shared NFS image cache' });
  assert.equal(dialogs.length, 2);
  assert.match((await editorState(page)).text, /name: nfs-image-cache/);
  await page.locator(STORAGE_CONF).filter({ hasText: 'additionalimagestores = ["/mnt/nfs-images"]' }).waitFor({ timeout: 5_000 });
});

test('the header names the version and the levels modelled; a loading line shows until the wasm runs', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  assert.match(await page.locator('#version').textContent(), /^v\d+\.\d+\.\d+ · models OpenShift 4\.22, 5\.0, latest$/);
  assert.equal(await page.locator('#loading').count(), 0, 'the loading line is gone once the app runs');
  // With the wasm held back, the page says it is loading.
  const slow = await browser.newContext();
  t.after(() => slow.close());
  const waiting = await slow.newPage();
  await waiting.route(/\.wasm$/, () => {});
  await waiting.goto(server.url, { waitUntil: 'domcontentloaded' });
  assert.equal(await waiting.locator('#loading').textContent(), 'Loading ctrcfg…');
  assert.equal(await waiting.locator('#loading').getAttribute('role'), 'status');
});

test('the caret on a field marks the node-file lines it produces', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await page.locator(STORAGE_CONF).filter({ hasText: EXAMPLE_IMAGES }).waitFor({ timeout: 5_000 });
  const produced = page.locator(`${STORAGE_CONF} .line.produced`);
  assert.equal(await produced.count(), 0);
  // Put the caret inside the second image store's path: the additionalimagestores line lights up.
  await page.evaluate(async () => {
    const view = (await import('/editor.js')).viewOf(document.querySelector('.cm-editor'));
    const at = view.state.doc.toString().indexOf('/mnt/ssd-images') + 3;
    view.focus();
    view.dispatch({ selection: { anchor: at } });
  });
  await produced.first().waitFor({ timeout: 5_000 });
  assert.deepEqual(await produced.allTextContents(), [`    ${EXAMPLE_IMAGES}`]);
  // On a line that produces nothing (the name), nothing is marked.
  await page.evaluate(async () => {
    const view = (await import('/editor.js')).viewOf(document.querySelector('.cm-editor'));
    view.dispatch({ selection: { anchor: view.state.doc.toString().indexOf('image-caches') } });
  });
  await page.waitForTimeout(100);
  assert.equal(await produced.count(), 0);
});

test('on a phone the views take one column and the page does not scroll sideways', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } });
  for (const mode of ['#mode-configs', '#mode-scenario']) {
    await page.locator(mode).click();
    await page.locator('main section.pane').nth(1).waitFor();
    const layout = await page.evaluate(() => {
      const [a, b] = [...document.querySelectorAll('main section.pane')].map((p) => p.getBoundingClientRect());
      return { stacked: b.top >= a.bottom - 1, width: document.documentElement.scrollWidth, viewport: innerWidth,
        paneWidth: a.width };
    });
    assert.ok(layout.stacked, `${mode}: panes side by side`);
    assert.ok(layout.width <= layout.viewport, `${mode}: the page is ${layout.width}px wide in a ${layout.viewport}px viewport`);
    assert.ok(layout.paneWidth >= 300, `${mode}: a pane is only ${layout.paneWidth}px wide`);
  }
});
