// End-to-end tests of the playground's quality bars (issue 12): the colour theme menu, the
// Content-Security-Policy the page passes, accessibility (axe-core on both views, light and dark,
// and a keyboard-only walk), and the screenshots of each view in docs/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, useBrowser, openApp, typeAtEnd, until, setText, axeViolations } from './harness.mjs';

useBrowser();

const EXAMPLE_IMAGES = 'additionalimagestores = ["/mnt/nfs-images", "/mnt/ssd-images"]';

/** The relative luminance (0 dark, 1 light) of the first match's background. */
const luminance = (page, sel) => page.locator(sel).first().evaluate((el) => {
  const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
});

/** Whether CodeMirror's own parts (panels, tooltips) use their dark variant. */
const editorIsDark = (page) => page.evaluate(async () => {
  const { viewOf } = await import('/editor.js');
  const view = viewOf(document.querySelector('.cm-editor'));
  return view.state.facet(view.constructor.darkTheme);
});

/** Asserts that the page, its preview and the code editor are all light or all dark. */
async function assertTheme(page, theme, why) {
  for (const sel of ['body', '.pane', '.cm-editor', '.cm-gutters']) {
    const l = await luminance(page, sel);
    assert.ok(theme === 'dark' ? l < 0.2 : l > 0.8, `${why}: ${sel} is ${theme} (luminance ${l.toFixed(2)})`);
  }
  assert.equal(await editorIsDark(page), theme === 'dark', `${why}: CodeMirror's base theme is ${theme}`);
}

test('the theme menu forces light or dark over the system, the editor follows, and a reload keeps it from the first frame', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { context: { colorScheme: 'dark' } });
  assert.equal(await page.locator('#theme').inputValue(), 'system');
  await assertTheme(page, 'dark', 'System on a dark system');

  await page.locator('#theme').selectOption('light');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await assertTheme(page, 'light', 'Light on a dark system');

  // The saved choice is on <html> at the first animation frame, before the first paint.
  await page.addInitScript(() => requestAnimationFrame(() => {
    window.firstFrame = { theme: document.documentElement.dataset.theme,
      scheme: getComputedStyle(document.documentElement).colorScheme };
  }));
  await page.reload();
  await page.locator('.cm-editor #editor').waitFor();
  assert.deepEqual(await page.evaluate(() => window.firstFrame), { theme: 'light', scheme: 'light' });
  assert.equal(await page.locator('#theme').inputValue(), 'light');
  await assertTheme(page, 'light', 'Light after a reload');

  await page.locator('#theme').selectOption('dark');
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  await assertTheme(page, 'dark', 'Dark in the Scenario view');

  await page.locator('#theme').selectOption('system');
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  await assertTheme(page, 'dark', 'System again on a dark system');
});

test('Dark on a light system', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { context: { colorScheme: 'light' } });
  await assertTheme(page, 'light', 'System on a light system');
  await page.locator('#theme').selectOption('dark');
  await assertTheme(page, 'dark', 'Dark on a light system');
});

/** Records every securitypolicyviolation event from the page's first script on. */
const recordViolations = (page) => page.addInitScript(() => {
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.violations.push(`${e.effectiveDirective} refused ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
  });
});

test('the page passes its Content-Security-Policy, with the code editor, completion, hover, search and both views', { timeout: 60_000 }, async (t) => {
  // openApp fails the test on any console error, which is where the browser reports a refusal.
  const page = await openApp(t, { setup: recordViolations });
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["default-src 'self'", "'wasm-unsafe-eval'", "worker-src 'self'", "object-src 'none'",
    "base-uri 'none'", "form-action 'none'", "img-src 'self' data:"]) {
    assert.ok(policy.includes(directive), `the policy has ${directive}: ${policy}`);
  }
  // Scripts: the page's own files and the build's inline scripts by hash, never any inline script.
  const scripts = policy.split('; ').find((d) => d.startsWith('script-src '));
  assert.match(scripts, /^script-src 'self'( 'sha256-[A-Za-z0-9+/]{43}=')+ 'wasm-unsafe-eval'$/);

  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '\n    pid');
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'pidsLimit' }).waitFor({ timeout: 5_000 });
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('2048');
  await page.keyboard.press('Control+f');
  await page.locator('.cm-search').waitFor();
  await page.keyboard.press('Escape');
  // A hover shows once the pointer rests on a key (as in playground.test.mjs).
  const at = await page.evaluate(async () => {
    const view = (await import('/editor.js')).viewOf(document.querySelector('.cm-editor'));
    const c = view.coordsAtPos(view.state.doc.toString().indexOf('additionalImageStores') + 2);
    return { x: c.left + 1, y: (c.top + c.bottom) / 2 };
  });
  for (let i = 0; i < 10 && !(await page.locator('.cm-hover-doc').count()); i++) {
    await page.mouse.move(at.x - 30, at.y);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    await page.waitForTimeout(700);
  }
  await page.locator('.cm-hover-doc').waitFor({ timeout: 5_000 });
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  await page.locator('#simulation').waitFor();
  assert.deepEqual(await page.evaluate(() => window.violations), []);
});

test('an inline script injected into the page is refused by the policy', { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { setup: recordViolations, allow: /Content Security Policy/ });
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('src', 'data:,');
    img.setAttribute('onerror', 'window.injected = true');
    img.setAttribute('onload', 'window.injected = true');
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 200));
    return window.injected === true;
  });
  assert.equal(ran, false, 'the injected script ran');
  const violations = await page.evaluate(() => window.violations);
  assert.ok(violations.some((v) => v.startsWith('script-src-elem refused inline')), violations.join('\n'));
  assert.ok(violations.some((v) => v.startsWith('script-src-attr refused inline')), violations.join('\n'));
});

for (const theme of ['light', 'dark']) {
  test(`axe-core finds nothing serious or critical in either view, ${theme}`, { timeout: 90_000 }, async (t) => {
    const page = await openApp(t, { context: { colorScheme: theme } });
    await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the Configs view');
    // With diagnostics listed and the preview kept, marked stale.
    await typeAtEnd(page, '\n  bogus: 1');
    await page.locator('#diagnostics li').first().waitFor({ timeout: 5_000 });
    assert.deepEqual(await axeViolations(page), [], 'the Configs view with diagnostics');
    await page.locator('#mode-scenario').click();
    await page.locator('.cm-editor #editor').waitFor();
    await page.locator('#simulation').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the Scenario view');
  });
}

/**
 * What has focus: its id (or, failing one, its role or tag and text), and whether a focus ring
 * shows: an outline of at least 1 px on it or, for the code editor, on the editor's frame.
 */
const focused = (page) => page.evaluate(async () => {
  const el = document.activeElement;
  // CodeMirror marks its frame focused shortly after the focus event.
  if (el.closest('.cm-editor')) await new Promise((r) => setTimeout(r, 50));
  const frame = el.closest('.cm-editor') ?? el;
  const style = getComputedStyle(frame);
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const name = el.id || `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 40)}`;
  return { name, ring, inPreview: !!el.closest('#preview'), inDiagnostics: !!el.closest('#diagnostics') };
});

/**
 * Presses Tab (or `key`) until `done(focus)` holds (at most 60 times); returns every focus passed.
 * It leaves the code editor as its hint says, with Escape first.
 */
async function tabUntil(page, done, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < 60; i++) {
    if (seen.at(-1)?.name === 'editor') await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    const now = await focused(page);
    seen.push(now);
    if (done(now)) return seen;
  }
  throw new Error(`never reached: ${seen.map((f) => f.name).join(' → ')}`);
}

test('a keyboard alone walks the main controls, each with a focus ring, and Enter and Space activate them', { timeout: 90_000 }, async (t) => {
  const page = await openApp(t);
  // A text with a problem, so that the diagnostics list has entries to walk (the preview keeps
  // the last good result, marked stale).
  await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
  await typeAtEnd(page, '\n  bogus: 1');
  await page.locator('#diagnostics li').first().waitFor({ timeout: 5_000 });

  // From the top of the page (a click on the title puts the keyboard's starting point there):
  // the view tabs, Share, the theme menu, the presets, the context row (feature set, release, the
  // folded rest), the editor.
  await page.locator('header h1').click();
  const walk = await tabUntil(page, (f) => f.name === 'editor');
  assert.deepEqual(walk.map((f) => f.name),
    ['mode-configs', 'mode-scenario', 'share', 'theme', 'preset', 'feature-set', 'openshift-version', 'context-summary', 'editor']);
  for (const f of walk) assert.ok(f.ring, `${f.name} shows a focus ring`);

  // Tab indents in the editor, and focus stays; Escape then Tab moves on, to the diagnostics.
  const before = await page.locator('.cm-content').innerText();
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).name, 'editor');
  assert.notEqual(await page.locator('.cm-content').innerText(), before, 'Tab indented');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.locator('.cm-content').innerText(), before, 'Shift+Tab took the indent back');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const diagnostic = await focused(page);
  assert.ok(diagnostic.inDiagnostics && diagnostic.ring, JSON.stringify(diagnostic));
  assert.equal(await page.locator('#editor-hint').textContent(),
    'Tab indents. To move on, press Esc then Tab (or Ctrl+M, on a Mac Shift+Alt+M, to let Tab move focus).');
  assert.equal(await page.locator('#editor').getAttribute('aria-describedby'), 'editor-hint');

  // Enter on a diagnostic puts the caret on its text in the editor.
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).name, 'editor');
  assert.match(await page.evaluate(() => getSelection().toString()), /bogus/);

  // On to the output: Escape, Tab, through the diagnostics, into the preview.
  await page.keyboard.press('Escape');
  const out = await tabUntil(page, (f) => f.inPreview);
  for (const f of out) assert.ok(f.ring, `${f.name} shows a focus ring`);

  // Back up to the view tabs; Enter and Space switch views.
  await tabUntil(page, (f) => f.name === 'mode-scenario', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.locator('#story').waitFor();
  assert.equal(await page.locator('#mode-scenario').getAttribute('aria-selected'), 'true');
  // The Scenario view's own controls come after the tabs and the theme menu.
  const scenario = await tabUntil(page, (f) => f.name === 'editor');
  assert.ok(scenario.some((f) => f.name === 'story'), scenario.map((f) => f.name).join(' → '));
  for (const f of scenario) assert.ok(f.ring, `${f.name} shows a focus ring`);
  await tabUntil(page, (f) => f.name === 'mode-configs', 'Shift+Tab');
  await page.keyboard.press('Space');
  await page.locator('#preset').waitFor();
  assert.equal(await page.locator('#mode-configs').getAttribute('aria-selected'), 'true');
});

// The README's pictures of each view, light and dark, taken from a fresh page as a visitor
// first sees it (the Configs view's example, the Scenario view's first story).
for (const theme of ['light', 'dark']) {
  test(`screenshots of both views, ${theme}, in docs/`, { timeout: 60_000 }, async (t) => {
    const page = await openApp(t, { context: { colorScheme: theme } });
    await page.locator('#preview').filter({ hasText: EXAMPLE_IMAGES }).waitFor();
    await page.screenshot({ path: join(root, 'docs', `screenshot-configs-${theme}.png`) });
    await page.locator('#mode-scenario').click();
    await page.locator('.cm-editor #editor').waitFor();
    await page.locator('#sim-summary').waitFor();
    await page.screenshot({ path: join(root, 'docs', `screenshot-scenario-${theme}.png`) });
  });
}
