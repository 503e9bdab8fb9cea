// End-to-end tests that a draft survives the browser (issue 14, the browser; web/src/autosave.rs,
// web/src/crash.rs): storage that throws on every access or is full, two tabs editing at once,
// a panic of the page's wasm in the middle of an edit, and a crash of either worker. Each time
// the page says what happened, calmly, and nothing typed is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, useBrowser, browser, server, openApp, editorState, typeAtEnd, setText } from './harness.mjs';

useBrowser();

const CONFIGS = 'ctrcfg.editor.v1';
const SCENARIO = 'ctrcfg.scenario.v1';
const stored = (page, key) => page.evaluate((key) => localStorage.getItem(key), key);
const text = async (page) => (await editorState(page)).text;

/** Switches to the other view and back, which mounts the Configs view again from its store. */
async function roundTrip(page) {
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  await page.locator('#mode-configs').click();
  await page.locator('.cm-editor #editor').waitFor();
}

test('with storage that throws on every access the page starts, says drafts stay in the tab, and keeps them there', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, {
    // A private window or storage turned off: even reading the `localStorage` property throws.
    setup: (p) => p.addInitScript(() => Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    })),
  });
  await page.locator('#drafts', { hasText: "Drafts can't be saved in this browser: it lets this page store nothing" }).waitFor();
  assert.match(await page.locator('#drafts').textContent(), /Your text is kept while this tab is open/);
  await typeAtEnd(page, '\n# kept in the tab');
  await roundTrip(page);
  assert.ok((await text(page)).endsWith('\n# kept in the tab'), 'the text came back from the tab\'s memory');
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  await typeAtEnd(page, '\n# a scenario of my own');
  await page.locator('#mode-configs').click();
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  assert.ok((await text(page)).endsWith('\n# a scenario of my own'));
});

test('with storage full the text stays in the tab, and is saved again once there is room', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t);
  const before = await stored(page, CONFIGS);
  assert.equal(before, await text(page));
  // Fill the origin's storage until not one more character fits.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1;) {
      try { localStorage.setItem(`fill${n}`, 'x'.repeat(size)); n++; } catch (e) { if (e.name !== 'QuotaExceededError') throw e; size >>= 1; }
    }
    return n;
  });
  assert.ok(filled > 0);
  await typeAtEnd(page, '\n# typed while full');
  await page.locator('#drafts', { hasText: "Drafts can't be saved in this browser: its storage for this site is full" }).waitFor();
  // Storage took what fitted of the first keys, and kept that: the rest is in the tab.
  const kept = await stored(page, CONFIGS);
  assert.ok(kept.startsWith(before) && kept.length < before.length + '\n# typed while full'.length, kept);
  await roundTrip(page);
  assert.ok((await text(page)).endsWith('\n# typed while full'));

  // Room again: the next change is saved, and the line goes.
  await page.evaluate((n) => { for (let i = 0; i < n; i++) localStorage.removeItem(`fill${i}`); }, filled);
  await typeAtEnd(page, '!');
  await page.locator('#drafts').waitFor({ state: 'detached' });
  assert.ok((await stored(page, CONFIGS)).endsWith('\n# typed while full!'));
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.ok((await text(page)).endsWith('\n# typed while full!'));
});

/** A page of `context` with the playground loaded; page errors fail the test. */
async function tab(t, context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], 'the page logged errors'));
  await page.goto(server.url);
  await page.locator('.cm-editor #editor').waitFor();
  return page;
}

test('two tabs editing one draft never overwrite each other: each change waits for the user\'s choice', { timeout: 90_000 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  t.after(() => context.close());
  const a = await tab(t, context);
  const b = await tab(t, context);
  const start = await text(b);

  await typeAtEnd(a, '\n# from A');
  const conflict = b.locator('#drafts', { hasText: 'This draft (the configs) was changed in another tab' });
  await conflict.waitFor();
  assert.equal(await text(b), start, 'B\'s text is not replaced without B choosing');
  assert.equal(await a.locator('#drafts').count(), 0, 'A, which wrote last, has nothing to ask');

  await typeAtEnd(b, '\n# from B');
  assert.ok((await stored(a, CONFIGS)).endsWith('\n# from A'), 'B does not write over A\'s newer draft');
  assert.ok((await text(b)).endsWith('\n# from B'));
  // B's edits are in B only: leaving asks first.
  const asked = new Promise((resolve) => b.once('dialog', (d) => { resolve(d.type()); d.dismiss(); }));
  await b.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');
  assert.ok(!b.isClosed(), 'B stayed open');

  // B keeps its own: it is saved, and now A is asked.
  await b.locator('#drafts-mine').click();
  await b.locator('#drafts').waitFor({ state: 'detached' });
  assert.ok((await stored(b, CONFIGS)).endsWith('\n# from B'));
  await a.locator('#drafts', { hasText: 'changed in another tab' }).waitFor();
  assert.ok((await text(a)).endsWith('\n# from A'));

  // A loads B's.
  await a.locator('#drafts-theirs').click();
  await a.locator('#drafts').waitFor({ state: 'detached' });
  await a.locator('.cm-editor #editor').waitFor();
  assert.equal(await text(a), await stored(a, CONFIGS));
  assert.ok((await text(a)).endsWith('\n# from B'));
  // Both agree now: A types on, and B hears it as the next change to decide about.
  await typeAtEnd(a, '\n# A again');
  assert.ok((await stored(a, CONFIGS)).endsWith('\n# A again'));
});

test('a panic of the page\'s wasm in the middle of an edit says so, and the text stays in the editor and its draft', { timeout: 90_000 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.locator('.cm-editor #editor').waitFor();
  await page.locator('#diagnostics', { hasText: 'No problems found.' }).waitFor();

  // The browser refuses to make a list item for the page's wasm (the code editor's own calls
  // come from JavaScript and go through): Yew takes a refused element as a bug and panics, a
  // real panic of the wasm, in the middle of drawing the new text's diagnostics.
  await page.evaluate(() => {
    const refuse = (tag) => {
      if (String(tag).toLowerCase() === 'li' && new Error().stack.includes('wasm')) {
        throw new DOMException('refused by the test', 'InvalidStateError');
      }
    };
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) { refuse(tag); return create.call(this, tag, ...rest); };
    const clone = Node.prototype.cloneNode;
    Node.prototype.cloneNode = function (...rest) { refuse(this.nodeName); return clone.apply(this, rest); };
  });
  const broken = `${await text(page)}    pidsLimit: many\n`;
  await setText(page, broken);
  const crash = page.locator('#crash');
  await crash.waitFor();
  assert.match(await crash.textContent(), /^ctrcfg hit an internal error, so this page stopped updating \(.*refused by the test.*\)\. Your text is kept/);
  assert.ok(errors.some((e) => /unreachable/.test(e)), `the wasm stopped: ${errors}`);
  assert.equal(await text(page), broken, 'the editor holds the text');
  assert.equal(await stored(page, CONFIGS), broken, 'the draft holds the text');

  // The code editor still takes typing, and still saves it.
  await typeAtEnd(page, '# typed after the crash');
  assert.equal(await stored(page, CONFIGS), `${broken}# typed after the crash`);
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.equal(await text(page), `${broken}# typed after the crash`);
  assert.equal(await crash.isVisible(), false);
});

/**
 * Serves a worker's loader (`name` in dist/) with a listener in front that throws for a request
 * holding `marker`, as a trap of the worker's wasm throws out of its message handler.
 */
const crashing = (name, marker) => (route) => route.fulfill({
  contentType: 'text/javascript',
  body: `self.addEventListener('message', (e) => {
  if (String(e.data).includes(${JSON.stringify(marker)})) { e.stopImmediatePropagation(); throw new WebAssembly.RuntimeError('unreachable'); }
});
${readFileSync(join(root, 'dist', name), 'utf8')}`,
});

test('a crash of the simulation worker says so, keeps the text, and the next change runs a fresh one', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, {
    setup: (p) => p.route('**/sim_worker_loader.js', crashing('sim_worker_loader.js', '# crash')),
    allow: /simulation worker failed/,
  });
  await page.locator('#mode-scenario').click();
  await page.locator('#preview-status', { hasText: /^live$/ }).waitFor({ timeout: 30_000 });
  const story = await text(page);
  await typeAtEnd(page, '\n# crash');
  await page.locator('#simulation', { hasText: 'ctrcfg hit an internal error while simulating this scenario. Your text is kept' }).waitFor();
  assert.equal(await page.locator('#preview-status').textContent(), 'not running');
  assert.equal(await text(page), `${story}\n# crash`);
  assert.equal(await stored(page, SCENARIO), `${story}\n# crash`);
  await setText(page, story);
  await page.locator('#preview-status', { hasText: /^live$/ }).waitFor({ timeout: 30_000 });
  assert.ok(await page.locator('#steps > li').count() > 0);
});

test('a crash of the edit worker says so, keeps the file, and the next change edits it again', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, { setup: (p) => p.route('**/edit_worker_loader.js', crashing('edit_worker_loader.js', '# crash')) });
  await page.locator('#out-own').click();
  await page.locator('#own-base').fill('[storage]\ndriver = "overlay"\n# crash\n');
  await page.locator('#own-error', { hasText: 'ctrcfg hit an internal error while editing your file. Your text is kept' }).waitFor();
  assert.equal(await page.locator('#own-base').inputValue(), '[storage]\ndriver = "overlay"\n# crash\n');
  await page.locator('#own-base').fill('[storage]\ndriver = "overlay"\n# fine\n');
  await page.locator('#own-edited', { hasText: '# fine' }).waitFor();
});
