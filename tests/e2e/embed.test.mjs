// End-to-end tests of the docs widgets (docs/embed.md): examples/embed.html, which Trunk copies
// into dist/ beside embed.js, with an editable Configs widget (Butane tab, TechPreviewNoUpgrade,
// OpenShift 5.0), a read-only Scenario widget and a raw call of the JavaScript API. Playwright's
// locators reach into the widgets' open shadow roots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { root, useBrowser, openApp, editorState, axeViolations } from './harness.mjs';

useBrowser();

const PAGE = 'embed.html';
const WASM = /\/ctrcfg-web-[0-9a-f]+_bg\.wasm$/;
const source = readFileSync(join(root, 'examples', 'embed.html'), 'utf8');
// Each widget's text as the example page holds it (the first line break after <pre> is the
// parser's, and the page has none).
const [CONFIGS, SCENARIO] = [...source.matchAll(/<pre data-ctrcfg[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => m[1]);

const widgets = (page) => page.locator('[data-ctrcfg]');
const configs = (page) => widgets(page).nth(0);
const scenario = (page) => widgets(page).nth(1);

/** The example page with both widgets drawn by the wasm. */
async function openExample(t, options = {}) {
  const page = await openApp(t, { path: PAGE, ready: '.widget-bar a.open', ...options });
  await scenario(page).locator('a.open').waitFor();
  return page;
}

/** Types `text` at the end of an editable widget's code editor, key by key. */
async function typeAtEndOf(widget, text) {
  await widget.locator('.cm-editor').waitFor({ timeout: 10_000 });
  await widget.locator('.cm-content').click();
  await widget.page().keyboard.press('Control+End');
  await widget.page().keyboard.type(text);
}

/** The payload of a share link (docs/share.md): raw deflate in base64url after `#s=1.`. */
const payload = (href) => inflateRawSync(Buffer.from(href.split('#s=1.')[1], 'base64url')).toString('utf8');

/** A widget's "Open in playground" link, once its payload satisfies `expected`. */
async function playgroundLink(widget, expected) {
  let href = '';
  for (const end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    href = await widget.locator('a.open').getAttribute('href');
    if (href.includes('#s=1.') && expected(payload(href))) return href;
  }
  throw new Error(`the link never carried the state: ${href.includes('#s=1.') ? payload(href) : href}`);
}

test('the example reads before the wasm arrives: each widget shows its text as code, and mounting moves little', { timeout: 60_000 }, async (t) => {
  let release;
  const held = new Promise((r) => { release = r; });
  const page = await openApp(t, {
    path: PAGE,
    ready: 'pre.code.input',
    setup: async (page) => {
      await page.route(WASM, async (route) => { await held; await route.continue(); });
      // Every layout shift the page goes through, from its first paint on.
      await page.addInitScript(() => {
        window.shifts = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts += e.value; })
          .observe({ type: 'layout-shift', buffered: true });
      });
    },
  });
  assert.equal(await configs(page).locator('pre.code.input').textContent(), CONFIGS);
  assert.equal(await scenario(page).locator('pre.code.input').textContent(), SCENARIO);
  assert.equal(await configs(page).locator('[role=status]').textContent(), 'Loading ctrcfg\u2026');
  assert.equal(await page.locator('a.open').count(), 0, 'nothing of the wasm is drawn yet');
  const heading = page.locator('h2', { hasText: 'When the lazy-pulling plugin stops' });
  const before = await heading.boundingBox();
  release();
  await scenario(page).locator('a.open').waitFor({ timeout: 10_000 });
  await configs(page).locator('.cm-editor').waitFor({ timeout: 10_000 });
  const after = await heading.boundingBox();
  // The results box has one height before and after; what moves is the code editor's own lines.
  assert.ok(Math.abs(after.y - before.y) < 60, `the next heading moved ${after.y - before.y}px`);
  const shifts = await page.evaluate(() => window.shifts);
  assert.ok(shifts < 0.1, `layout shift score ${shifts} (0.1 is the "good" limit)`);
});

test('both widgets mount with their tab, their diagnostics, and one load of the wasm for the page', { timeout: 60_000 }, async (t) => {
  const wasm = [];
  const page = await openExample(t, { setup: (page) => page.on('request', (r) => { if (WASM.test(r.url())) wasm.push(r.url()); }) });
  const c = configs(page);
  assert.equal(await c.locator('#out-butane').getAttribute('aria-selected'), 'true');
  await c.locator('#butane-openshift pre').filter({ hasText: 'variant: openshift' }).waitFor();
  assert.match(await c.locator('#butane-openshift pre').textContent(), /additionalimagestores = \["\/mnt\/nfs-images", "\/var\/lib\/containers\/storage\/cache"\]/);
  assert.deepEqual(await c.locator('.diagnostic .origin').allTextContents(), ['lint']);
  assert.match(await c.locator('.diagnostic .message').textContent(), /additionalImageStores\[1\]\.path: is inside CRI-O's graphroot/);
  assert.equal(await c.locator('#preset').count(), 0, 'no preset menu in a widget');
  assert.equal(await c.locator('#feature-set').count(), 0, 'no context panel unless asked for');

  const s = scenario(page);
  await s.locator('#steps > li').first().waitFor({ timeout: 10_000 });
  assert.equal(await s.locator('#steps > li').count(), 3);
  assert.equal(await s.locator('#steps > li.error').count(), 1);
  assert.equal(await s.locator('#diagnostics').textContent(), 'No problems found.');

  // A second include of embed.js, and a widget added later, load nothing again.
  await page.evaluate(() => new Promise((resolve) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = './embed.js';
    script.onload = resolve;
    document.head.append(script);
  }));
  await page.evaluate(async () => {
    const more = document.createElement('pre');
    more.dataset.ctrcfg = '';
    more.dataset.tab = 'machine-configs';
    more.id = 'later';
    more.textContent = 'apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata: {name: later}\nspec:\n  machineConfigPoolSelector:\n    matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ""}\n  containerRuntimeConfig: {logLevel: debug}\n';
    document.body.append(more);
    await (await import('./embed.js')).mountAll();
  });
  await page.locator('#later #machine-configs pre', { hasText: 'name: 99-worker-generated-containerruntime' }).waitFor({ timeout: 5_000 });
  assert.equal(wasm.length, 1, `the wasm was fetched ${wasm.length} times: ${wasm.join(', ')}`);
  assert.equal(await widgets(page).count(), 3);
});

test('an editable widget follows typing; a read-only one has no editor, keeps its text, and its diagnostics point into it', { timeout: 60_000 }, async (t) => {
  const page = await openExample(t);
  const c = configs(page);
  await typeAtEndOf(c, '    - path: /mnt/ssd-images');
  await c.locator('#butane-openshift pre', { hasText: '"/var/lib/containers/storage/cache", "/mnt/ssd-images"]' }).waitFor({ timeout: 5_000 });

  const s = scenario(page);
  assert.equal(await s.locator('textarea, .cm-editor, [contenteditable]').count(), 0);
  const code = s.locator('pre.code.input');
  await code.click();
  await page.keyboard.type('typed');
  assert.equal(await code.textContent(), SCENARIO);
  // A read-only widget's diagnostic selects what it points at, in the code.
  await page.evaluate(async () => {
    const el = document.createElement('pre');
    el.id = 'read-only';
    el.dataset.ctrcfg = '';
    el.textContent = 'apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata: {name: x}\nspec:\n  containerRuntimeConfig: {pidsLimit: 5}\n';
    document.body.append(el);
    await (await import('./embed.js')).mount(el);
  });
  await page.locator('#read-only .diagnostic button', { hasText: 'invalid PidsLimit 5' }).click();
  assert.equal(await page.evaluate(() => getSelection().toString()), '5');
  // Nothing of either widget went into the reader's storage.
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
});

test('a widget with a mistaken attribute says which, with the values it takes, and still shows its text', { timeout: 60_000 }, async (t) => {
  const page = await openExample(t);
  await page.evaluate(async () => {
    const bad = document.createElement('pre');
    bad.id = 'bad';
    Object.assign(bad.dataset, { ctrcfg: '', tab: 'butan', openshiftVersion: '4.99' });
    bad.setAttribute('data-featureset', 'Default');
    bad.textContent = 'kind: ContainerRuntimeConfig\n';
    document.body.append(bad);
    await (await import('./embed.js')).mount(bad);
  });
  const alert = page.locator('#bad [role=alert]');
  await alert.waitFor({ timeout: 5_000 });
  assert.deepEqual(await alert.locator('li').allTextContents(), [
    'data-featureset: unknown attribute; did you mean data-feature-set?',
    'data-tab: Unsupported value: "butan": supported values: "nodes", "machine-configs", "butane", "merged", "own"',
    'data-openshift-version: Unsupported value: "4.99": supported values: "4.22", "5.0", "latest"',
  ]);
  assert.equal(await page.locator('#bad pre.code.input').textContent(), 'kind: ContainerRuntimeConfig\n');
});

test('"Open in playground" opens the playground on the widget\'s text, view, feature set, release and tab', { timeout: 90_000 }, async (t) => {
  const page = await openExample(t);
  const c = configs(page);
  await typeAtEndOf(c, '# edited');
  await c.locator('#out-machine-configs').click();
  // The link follows the widget: it carries the edited text and the tab now open, and points at
  // the playground beside embed.js.
  const link = await playgroundLink(c, (p) => p.includes('\ntab 15\nmachine-configs\n') && p.includes('# edited'));
  assert.ok(link.startsWith(new URL('/#s=1.', page.url()).href), link);
  assert.match(payload(link), /^view 7\nconfigs\nconfigs \d+\napiVersion: /);

  const open = async (widget) => {
    const [tab] = await Promise.all([page.context().waitForEvent('page'), widget.locator('a.open').click()]);
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    t.after(() => assert.deepEqual(errors, [], 'the playground logged errors'));
    await tab.locator('.cm-editor #editor').waitFor({ timeout: 10_000 });
    return tab;
  };
  const tab = await open(c);
  assert.equal((await editorState(tab)).text, `${CONFIGS}# edited`);
  assert.equal(await tab.locator('#mode-configs').getAttribute('aria-selected'), 'true');
  assert.equal(await tab.locator('#feature-set').inputValue(), 'TechPreviewNoUpgrade');
  assert.equal(await tab.locator('#openshift-version').inputValue(), '5.0');
  assert.equal(await tab.locator('#out-machine-configs').getAttribute('aria-selected'), 'true');
  assert.match(await tab.locator('.notice').textContent(), /Opened the shared link/);

  const other = await open(scenario(page));
  assert.equal(await other.locator('#mode-scenario').getAttribute('aria-selected'), 'true');
  assert.equal((await editorState(other)).text, SCENARIO);
});

test('the raw API call on the example page shows its answer', { timeout: 60_000 }, async (t) => {
  const page = await openExample(t);
  const result = page.locator('#api-result');
  await result.filter({ hasText: 'valid: false' }).waitFor({ timeout: 5_000 });
  assert.deepEqual((await result.textContent()).split('\n'), [
    'valid: false',
    '8:16 error[mco]: invalid PidsLimit 5',
    '8:16 info[lint]: the API server accepts any pidsLimit; only the MCO requires 0 or at least 20, after the config is applied',
  ]);
});

test('widgets leave the host page\'s styles alone and take its colour scheme', { timeout: 60_000 }, async (t) => {
  const looks = (page) => page.evaluate(() => {
    const pick = (el) => { const s = getComputedStyle(el); return [s.fontFamily, s.fontSize, s.margin, s.backgroundColor, s.color].join(' | '); };
    return { body: pick(document.body), pre: pick(document.querySelector('#api-input')), h2: pick(document.querySelector('h2')),
      sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length };
  });
  // The page as it is without ctrcfg: embed.js held back until it has been looked at.
  let release;
  const held = new Promise((r) => { release = r; });
  const page = await openApp(t, { path: PAGE, ready: 'pre[data-ctrcfg]', waitUntil: 'commit', context: { colorScheme: 'dark' },
    setup: (page) => page.route(/\/embed\.js$/, async (route) => { await held; await route.continue(); }) });
  const before = await looks(page);
  release();
  await scenario(page).locator('a.open').waitFor({ timeout: 10_000 });
  assert.deepEqual(await looks(page), before);
  // The page declares `color-scheme: light dark`, so in a dark system the widgets are dark too.
  const background = await configs(page).locator('.widget').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(background, 'rgb(27, 32, 38)');
});

test('axe-core finds nothing serious or critical on the example page', { timeout: 60_000 }, async (t) => {
  const page = await openExample(t);
  await configs(page).locator('.cm-editor').waitFor({ timeout: 10_000 });
  await scenario(page).locator('#steps > li').first().waitFor({ timeout: 10_000 });
  await page.locator('#api-result').filter({ hasText: 'valid:' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
});

test('a screenshot of the example page, light, in docs/', { timeout: 60_000 }, async (t) => {
  const page = await openExample(t, { context: { colorScheme: 'light', viewport: { width: 1000, height: 1400 } } });
  await configs(page).locator('.cm-editor').waitFor({ timeout: 10_000 });
  await scenario(page).locator('#steps > li').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(root, 'docs', 'embed-light.png') });
});
