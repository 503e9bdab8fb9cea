// End-to-end tests of share links (web/src/share.rs, docs/share.md): Share puts the whole state
// into the address and the clipboard, and a fresh browser profile opening the link gets both
// views' text and every control back; broken and future links say so and keep the draft; `#new`
// `#preset=` and `#story=` open a blank editor, a preset and a seed story; the previous draft is
// always recoverable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, useBrowser, browser, server, openApp, setText, editorState, until } from './harness.mjs';

useBrowser();

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };
const CONFIGS = 'apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: shared # ünïcode\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/infra: ""\n  containerRuntimeConfig:\n    additionalImageStores:\n      - path: /mnt/shared\n';
const POOLS = '- name: infra\n  labels: {pools.operator.machineconfiguration.openshift.io/infra: ""}\n  nodeCount: 3\n- name: infra-gpu\n  labels: {pools.operator.machineconfiguration.openshift.io/infra: ""}\n';
const SCENARIO_LINE = '# shared scenario\n';
const LAZY = readFileSync(join(root, 'examples', 'lazy-pulling.yaml'), 'utf8');

/** Opens `hash` in `page` as a new load (a fragment change alone does not reload the page). */
async function visit(page, hash) {
  await page.goto('about:blank');
  await page.goto(server.url + hash);
  await page.locator('.cm-editor #editor').waitFor();
}

/** A page in a fresh browser profile (a new context, empty localStorage) at `hash`. */
async function fresh(t, hash, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, ...options });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], 'the page logged errors'));
  await page.goto(server.url + hash);
  await page.locator('.cm-editor #editor').waitFor();
  return page;
}

/** Clicks Share and returns the link copied, after the status says so. */
async function share(page) {
  await page.locator('#share').click();
  await page.locator('#share-status', { hasText: /^Link copied · / }).waitFor({ timeout: 5_000 });
  return page.evaluate(() => navigator.clipboard.readText());
}

test('a share link restores both views and every control in a fresh profile', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, { context: CLIPBOARD });
  await setText(page, CONFIGS);
  await page.locator('#feature-set').selectOption('TechPreviewNoUpgrade');
  await page.locator('#openshift-version').selectOption('4.22');
  await page.locator('#context-summary').click();
  await page.locator('#pools-text').fill(POOLS);
  await page.locator('#out-butane').click();
  await page.locator('#out-butane[aria-selected="true"]').waitFor();
  await page.locator('#pools [role="tab"]', { hasText: 'pool infra-gpu' }).click();
  await page.locator('#pools [aria-selected="true"]', { hasText: 'pool infra-gpu' }).waitFor();
  await page.locator('#gate-AdditionalStorageConfig').selectOption('off');
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  const scenario = SCENARIO_LINE + (await editorState(page)).text;
  await setText(page, scenario);

  const link = await share(page);
  assert.match(link, /#s=1\.[A-Za-z0-9_-]+$/);
  assert.equal(page.url(), link, 'the link is in the address bar too');
  const status = await page.locator('#share-status').textContent();
  const size = link.length < 1000 ? `${link.length} B` : `${Math.floor(link.length / 1000)}.${Math.floor(link.length % 1000 / 100)} KB`;
  assert.equal(status, `Link copied · ${size}`);

  const other = await fresh(t, link.slice(server.url.length));
  await other.locator('#mode-scenario[aria-selected="true"]').waitFor();
  assert.equal((await editorState(other)).text, scenario);
  assert.equal(await other.locator('#notice[role="status"]').textContent(), 'Opened the shared link.×', 'nothing to restore in a fresh profile');
  assert.equal(new URL(other.url()).hash, '', 'the fragment goes once opened: a reload keeps later edits');
  await other.locator('#mode-configs').click();
  await other.locator('.cm-editor #editor').waitFor();
  assert.equal((await editorState(other)).text, CONFIGS);
  assert.equal(await other.locator('#feature-set').inputValue(), 'TechPreviewNoUpgrade');
  assert.equal(await other.locator('#openshift-version').inputValue(), '4.22');
  assert.equal(await other.locator('#gate-AdditionalStorageConfig').inputValue(), 'off');
  assert.equal(await other.locator('#pools-text').inputValue(), POOLS);
  // With the gate off the config renders nothing; back on, the outputs open on the shared tab.
  await other.locator('#context-summary').click();
  await other.locator('#gate-AdditionalStorageConfig').selectOption('on');
  await other.locator('#outputs').waitFor();
  assert.equal(await other.locator('#outputs [aria-selected="true"]').getAttribute('id'), 'out-butane', 'the open output tab');
  assert.equal(await other.locator('#pools [aria-selected="true"]').textContent(), 'pool infra-gpu', 'the pool chosen');
});

test('a link opened over a draft keeps the draft to restore', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, { context: CLIPBOARD });
  await setText(page, CONFIGS);
  const link = await share(page);
  await setText(page, 'my own draft: 1\n');
  await page.locator('#openshift-version').selectOption('4.22');
  await visit(page, link.slice(server.url.length));
  await page.locator('#notice', { hasText: 'Opened the shared link.' }).waitFor();
  assert.equal((await editorState(page)).text, CONFIGS);
  assert.equal(await page.locator('#openshift-version').inputValue(), 'latest');
  await page.locator('#restore-draft').click();
  await page.locator('#notice', { hasText: 'Your previous draft is back.' }).waitFor();
  assert.equal((await editorState(page)).text, 'my own draft: 1\n');
  assert.equal(await page.locator('#openshift-version').inputValue(), '4.22');
});

test('malformed, truncated and future-version links say so and keep the draft', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, { context: CLIPBOARD });
  await setText(page, CONFIGS);
  const link = await share(page);
  await setText(page, 'my own draft: 2\n');
  const cut = link.slice(server.url.length, -Math.floor((link.length - server.url.length) / 2));
  for (const [hash, message] of [
    ['#s=2.abc', 'This share link was made by a newer ctrcfg (format 2); this page reads format 1. Your draft is unchanged.'],
    ['#s=1.garbage', 'This share link is damaged or cut short, so it could not be opened. Your draft is unchanged.'],
    ['#s=1.%%%', 'This share link is damaged or cut short, so it could not be opened. Your draft is unchanged.'],
    [cut, 'This share link is damaged or cut short, so it could not be opened. Your draft is unchanged.'],
  ]) {
    await visit(page, hash);
    const alert = page.locator('#notice[role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.locator('span').textContent(), message, hash);
    assert.equal((await editorState(page)).text, 'my own draft: 2\n', hash);
  }
  await page.locator('#notice .dismiss').click();
  await page.locator('#notice').waitFor({ state: 'detached' });
});

test('#new opens a blank editor and leaves the draft for the next plain visit', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t);
  await setText(page, 'my own draft: 3\n');
  await visit(page, '#new');
  assert.equal((await editorState(page)).text, '');
  await page.locator('#notice[role="status"]', { hasText: 'A blank editor' }).waitFor();
  assert.equal(await page.locator('#share').count(), 0, 'nothing of a blank page is saved, so there is nothing to share');
  await setText(page, 'scratch: 1\n');
  await visit(page, '');
  assert.equal((await editorState(page)).text, 'my own draft: 3\n');
});

test('#preset= loads a preset by its file name, asking first over typed edits', { timeout: 60_000 }, async (t) => {
  const page = await fresh(t, '#preset=lazy-pulling');
  await page.locator('#notice', { hasText: 'Loaded the preset \u201cLazy pulling with stargz-store\u201d.' }).waitFor();
  assert.equal((await editorState(page)).text, LAZY);

  await setText(page, 'my own draft: 4\n');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await visit(page, '#preset=nfs-image-cache');
  await until(() => asked);
  assert.equal(asked, 'Replace your edits with the preset “A shared NFS image cache”? (They are kept, to restore.)');
  assert.equal((await editorState(page)).text, 'my own draft: 4\n', 'declined: the draft stays');

  page.once('dialog', (d) => d.accept());
  await visit(page, '#preset=nfs-image-cache');
  await page.locator('#restore-draft').waitFor();
  assert.ok((await editorState(page)).text.startsWith(readFileSync(join(root, 'examples', 'nfs-image-cache.yaml'), 'utf8').slice(0, 40)));
  await page.locator('#restore-draft').click();
  await page.locator('#notice', { hasText: 'Your previous draft is back.' }).waitFor();
  assert.equal((await editorState(page)).text, 'my own draft: 4\n');

  await visit(page, '#preset=nope');
  assert.match(await page.locator('#notice[role="alert"]').textContent(), /There is no preset called “nope”; the presets are image-stores, lazy-pulling, /);
});

test('#story= opens a seed story in the Scenario view by its file name', { timeout: 60_000 }, async (t) => {
  const page = await fresh(t, '#story=plugin-crash');
  await page.locator('#notice', { hasText: 'Loaded the story \u201cThe layer-store plugin crashes\u201d.' }).waitFor();
  assert.equal(await page.locator('#mode-scenario').getAttribute('aria-selected'), 'true');
  assert.equal((await editorState(page)).text, readFileSync(join(root, 'tests', 'scenarios', 'plugin-crash.yaml'), 'utf8'));
  const failed = page.locator('#steps > li.error').first();
  await failed.waitFor({ timeout: 5_000 });
  assert.match(await failed.locator('.message').textContent(), /failed to access to the linked additional layer/);

  // The Configs view's draft is untouched, and an edited scenario is asked about first.
  await setText(page, 'kind: Scenario # my own\n');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await visit(page, '#story=typo-store-path');
  await until(() => asked);
  assert.equal(asked, 'Replace your edits with the story \u201cA typo in a store path\u201d? (They are kept, to restore.)');
  assert.equal((await editorState(page)).text, 'kind: Scenario # my own\n', 'declined: the draft stays');

  await visit(page, '#story=nope');
  assert.match(await page.locator('#notice[role="alert"]').textContent(), /There is no story called “nope”; the stories are lazy-pull-estargz, nfs-shared-cache, /);
});

test('a link past 8 KB is flagged as one chat tools may cut', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { context: CLIPBOARD });
  // Random text, so that deflate cannot shrink it below the limit.
  const big = await page.evaluate(() => Array.from({ length: 600 }, () => '# ' + Math.random().toString(36).repeat(3)).join('\n'));
  await setText(page, big);
  await page.locator('#share').click();
  const status = page.locator('#share-status', { hasText: /^Link copied · \d+\.\d KB · chat tools may cut links longer than about 8 KB$/ });
  await status.waitFor({ timeout: 5_000 });
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.length > 8000, `${link.length}`);
});
