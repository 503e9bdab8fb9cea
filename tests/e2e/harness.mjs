// What every end-to-end test file shares: the static server of dist/, Debian's Chromium driven by
// playwright-core, a fresh page with the app loaded, and the ways a test reads and types into
// the editor as a person would.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The static server of dist/ and the browser, while the tests of a file run. */
export let server;
export let browser;

/** Starts the server and Chromium before a test file's tests, and stops them after. */
export function useBrowser() {
  before(async () => {
    server = await serve(join(root, 'dist'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Offline machine: without these Chromium keeps dialling out and logging refusals.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * A fresh page (empty localStorage) with the app loaded; page errors fail the test. By default it
 * waits until CodeMirror has replaced the textarea (`live: false` waits for the textarea only).
 * `setup(page)` runs before the page loads (routes); `context` takes Playwright's context
 * options (colorScheme); console errors matching `allow` are expected ones. `path` opens another
 * page of dist/ (the docs widgets' example), which is ready once `ready` (a selector) shows;
 * `waitUntil` is Playwright's, for a page whose scripts a test holds back.
 */
export async function openApp(t, { live = true, setup, context: options = {}, allow, path = '', ready, waitUntil } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !(allow && allow.test(m.text()))) errors.push(m.text()); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page logged errors');
  });
  await setup?.(page);
  await page.goto(server.url + path, { waitUntil });
  await page.locator(ready ?? (live ? '.cm-editor #editor' : 'textarea#editor')).first().waitFor();
  return page;
}

/**
 * What the live editor holds: its text, selection (UTF-16 offsets), the selected text, the
 * caret's line and whether it has focus. CodeMirror is read through its own API (editor.js's
 * documented `viewOf`), the fallback textarea through the DOM.
 */
export async function editorState(page) {
  return page.evaluate(async () => {
    const cm = document.querySelector('.cm-editor');
    if (cm) {
      const view = (await import('/editor.js')).viewOf(cm);
      const { from, to } = view.state.selection.main;
      return { live: true, text: view.state.doc.toString(), from, to, selected: view.state.sliceDoc(from, to),
        line: view.state.doc.lineAt(from).number, focused: view.hasFocus };
    }
    const el = document.querySelector('textarea#editor');
    return { live: false, text: el.value, from: el.selectionStart, to: el.selectionEnd,
      selected: el.value.slice(el.selectionStart, el.selectionEnd),
      line: el.value.slice(0, el.selectionStart).split('\n').length, focused: document.activeElement === el };
  });
}

/**
 * Moves the caret to the end of the editor and types, key by key, as a person would. Line
 * breaks are pasted into CodeMirror rather than typed with Enter, so its indentation of a new
 * line does not add to the indentation the test types.
 */
export async function typeAtEnd(page, text) {
  await page.locator('#editor').click();
  await page.keyboard.press('Control+End');
  await typeLines(page, text);
}

export async function typeLines(page, text) {
  // A textarea takes Enter as a plain line break.
  if (await page.evaluate(() => document.activeElement instanceof HTMLTextAreaElement)) return page.keyboard.type(text);
  for (const [i, line] of text.split('\n').entries()) {
    if (i > 0) await paste(page, '\n');
    if (line) await page.keyboard.type(line);
  }
}

/**
 * Pastes `text` into the focused editor: a paste event with the text on its clipboard, which
 * CodeMirror takes through its own paste handler (a textarea ignores an untrusted paste, so
 * the fallback tests type or fill instead).
 */
export async function paste(page, text) {
  await page.evaluate((text) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', text);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

/** Resolves once `condition()` holds (checked every 50 ms), or rejects after 5 s. */
export async function until(condition, ms = 5_000) {
  for (const end = Date.now() + ms; !condition();) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${condition}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Replaces the code editor's whole text: select all, then paste. */
export async function setText(page, text) {
  await page.locator('#editor').click();
  await page.keyboard.press('Control+a');
  await paste(page, text);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is, one line each. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's policy does not govern (an injected
  // <script> would be refused: quality.test.mjs shows it).
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}):\n  ${v.nodes.join('\n  ')}`);
}
