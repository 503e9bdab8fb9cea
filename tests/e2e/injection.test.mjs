// End-to-end tests that no text a user or a page author supplies runs as script (issue 14, the
// browser): payloads that open a tag, close a script, leave an attribute or name a javascript:
// URL go into every input of the playground (both editors, the pools text, "Your own files"),
// into share links, #preset= and #story= fragments, and into every attribute and the text of
// docs widgets. Each payload must reach what the page shows (diagnostics that quote it, the
// simulation's markup, notices), and appear there as the same text, while nothing runs: no
// `window.__pwned`, no dialog, no request for the payloads' image, no policy violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { useBrowser, server, openApp, setText } from './harness.mjs';

useBrowser();

/** Each payload runs `window.__pwned = 1` (or opens a dialog) if it is ever parsed as markup. */
const IMG = '<img src=x-pwned onerror=window.__pwned=1;alert(1)>';
const SCRIPT = '</script><script>window.__pwned=1</script>';
const SVG = '"><svg onload=window.__pwned=1>';
const JS = 'javascript:window.__pwned=1';

/** YAML's double-quoted form of `s` (JSON's escapes are YAML's). */
const q = (s) => JSON.stringify(s);

const CONFIGS = `apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: ${q(IMG)}
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: ""
  containerRuntimeConfig:
    additionalImageStores:
    - path: ${q(SCRIPT)}
    - path: ${q(`/mnt/${SVG}`)}
    - path: ${q(JS)}
`;

const VALID = CONFIGS.replace(q(IMG), 'payloads').replace(/    - path: .*\n/g, '').replace('additionalImageStores:\n', 'pidsLimit: 2048\n');

// A scenario that runs with the payloads as a node's name, an image reference and a reference
// nothing provides: they reach the worker's markup (charts, store tree, node table, steps).
const SCENARIO = `kind: Scenario
pools:
- {name: worker, nodes: [${q(IMG)}]}
registry:
  images:
  - {ref: ${q(`quay.io/a:1${SCRIPT}`)}, size: 1MB}
events:
- {pull: ${q(`quay.io/a:1${SCRIPT}`)}}
- {pull: ${q(SVG)}}
`;

/**
 * Watches `page` for anything a payload could do: dialogs (dismissed), requests for the
 * payloads' image, and the page's policy violations. `check()` asserts none happened.
 */
function watch(page) {
  const seen = { dialogs: [], requests: [] };
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('request', (r) => { if (r.url().includes('x-pwned')) seen.requests.push(r.url()); });
  return {
    setup: (p) => p.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.violations.push(`${e.effectiveDirective} refused ${e.blockedURI} (${e.sample})`);
      });
    }),
    async check(why) {
      // An image's error handler or an SVG's load runs after the element lands: give it a frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      assert.equal(await page.evaluate(() => window.__pwned), undefined, `${why}: a payload ran`);
      assert.deepEqual(seen.dialogs, [], `${why}: a dialog opened`);
      assert.deepEqual(seen.requests, [], `${why}: a payload's <img> was made`);
      assert.deepEqual(await page.evaluate(() => window.violations ?? []), [], `${why}: the policy had to refuse something`);
      const links = await page.evaluate(() => {
        const all = [];
        const walk = (root) => {
          for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) walk(el.shadowRoot);
            const href = el.getAttribute('href');
            if (href !== null) all.push(href);
          }
        };
        walk(document);
        return all;
      });
      assert.deepEqual(links.filter((h) => /^\s*javascript:/i.test(h)), [], `${why}: a javascript: link`);
    },
  };
}

/** Opens the playground at `hash` with the watch on; resolves to [page, guard]. */
async function open(t, hash = '', ready) {
  let guard;
  const page = await openApp(t, {
    path: hash,
    ready,
    setup: async (p) => { guard = watch(p); await guard.setup(p); },
  });
  return [page, guard];
}

/** Resolves once `locator`'s text contains every one of `texts`, and returns it. */
async function shows(locator, texts) {
  let text = '';
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    text = (await locator.allTextContents()).join('\n');
    if (texts.every((s) => text.includes(s))) return text;
  }
  assert.fail(`never showed ${JSON.stringify(texts.filter((s) => !text.includes(s)))} in:\n${text}`);
}

test('payloads typed into the configs editor, the pools text and "Your own files" are shown as text and never run', { timeout: 90_000 }, async (t) => {
  const [page, guard] = await open(t);
  await setText(page, CONFIGS);
  // The diagnostics quote each payload, as Go's %q writes it (a quote inside gets a backslash).
  await shows(page.locator('#diagnostics'), [IMG, SCRIPT, `/mnt/\\${SVG.slice(0, 1)}${SVG.slice(1)}`, JS]);
  await guard.check('the configs editor');

  // A valid config, so that the outputs (and "Your own files") are there.
  await setText(page, VALID);
  await page.locator('#preview:not(.is-stale) #out-own').waitFor();
  await page.locator('#context-summary').click();
  await page.locator('#pools-text').fill(`- name: ${q(IMG)}\n  labels: {a: ${q(SVG)}}\n  nodeCount: ${q(SCRIPT)}\n`);
  await shows(page.locator('#pools-diagnostics'), [SCRIPT]);
  await page.locator('#pools-text').fill(`- name: ${q(IMG)}\n  labels: {a: ${q(SVG)}}\n`);
  await shows(page.locator('#pools-summary'), [IMG]);
  await guard.check('the pools text');
  await page.locator('#pools-text').fill('');

  await page.locator('#out-own').click();
  const base = `# ${SCRIPT}\n[storage]\ndriver = "overlay"\nrunroot = ${q(IMG)}\n`;
  await page.locator('#own-base').fill(base);
  await shows(page.locator('#own-edited'), [SCRIPT, IMG]);
  await page.locator('#own-base').fill(`[storage\n${SVG}\n`);
  await shows(page.locator('#own-error'), ['storage.conf:1']);
  await guard.check('"Your own files"');
});

test('payloads in a scenario reach the simulation\'s markup as text and never run', { timeout: 90_000 }, async (t) => {
  const [page, guard] = await open(t);
  await page.locator('#mode-scenario').click();
  await page.locator('.cm-editor #editor').waitFor();
  await setText(page, SCENARIO);
  const sim = page.locator('#simulation');
  // Node name, reference and message, in the node table, the steps and the store tree.
  await shows(page.locator('#sim-nodes'), [IMG]);
  await shows(page.locator('#steps'), [`quay.io/a:1${SCRIPT}`, SVG, IMG]);
  await shows(page.locator('#tree-after'), [`quay.io/a:1${SCRIPT}`]);
  await shows(page.locator('#tree-node option'), [IMG]);
  await shows(page.locator('.charts'), [IMG]);
  await shows(page.locator('#diagnostics'), [SVG]);
  // The markup the worker wrote made no element of the payloads.
  assert.equal(await sim.locator('img, script, svg:not(.charts svg)').count(), 0);
  assert.equal(await sim.locator('[onerror], [onload]').count(), 0);
  await guard.check('the scenario editor');
});

/** A share link (docs/share.md) whose payload holds `values`, in the payload's field order. */
function shareLink(values) {
  const names = ['view', 'configs', 'featureSet', 'release', 'gates', 'pools', 'scenario', 'tab', 'pool'];
  const payload = names.map((n) => {
    const v = values[n] ?? '';
    return `${n} ${Buffer.byteLength(v)}\n${v}\n`;
  }).join('');
  return `#s=1.${deflateRawSync(Buffer.from(payload)).toString('base64url')}`;
}

test('payloads in a share link, in every field, open as text and never run', { timeout: 90_000 }, async (t) => {
  const link = shareLink({
    view: IMG, configs: CONFIGS, featureSet: SCRIPT, release: JS, gates: `${SVG}=true`,
    pools: `- name: ${q(IMG)}\n`, scenario: SCENARIO, tab: SVG, pool: IMG,
  });
  const [page, guard] = await open(t, link);
  await shows(page.locator('#notice'), ['Opened the shared link.']);
  await shows(page.locator('#diagnostics'), [IMG, SCRIPT, JS]);
  await guard.check('a share link');
  await page.locator('#mode-scenario').click();
  await shows(page.locator('#steps'), [`quay.io/a:1${SCRIPT}`, SVG]);
  await guard.check('a share link\'s scenario');
});

test('payloads in malformed links, #preset= and #story= are quoted as text and never run', { timeout: 90_000 }, async (t) => {
  for (const [hash, says] of [
    [`#preset=${IMG}`, [`There is no preset called \u201c${IMG}\u201d`]],
    [`#story=${SVG}`, [`There is no story called \u201c${SVG}\u201d`]],
    [`#story=${encodeURIComponent(SCRIPT)}`, [`There is no story called \u201c${SCRIPT}\u201d`]],
    [`#s=1.${IMG}`, ['This share link is damaged']],
    [`#s=${SCRIPT}.x`, ['This share link is damaged']],
  ]) {
    const [page, guard] = await open(t, hash);
    await shows(page.locator('#notice'), says);
    await guard.check(hash);
    await page.context().close();
  }
});

/** HTML's escaping of `s` for text and for a double-quoted attribute. */
const html = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// A docs page of someone else's (no Content-Security-Policy of its own, so only the widgets'
// escaping stands between the payloads and the page): widgets whose text and every attribute
// are payloads.
const EMBED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostile widgets</title>
<script type="module" src="./embed.js"></script></head><body>
<pre data-ctrcfg data-view="configs" data-editable data-context id="${html(SVG)}">${html(CONFIGS)}</pre>
<pre data-ctrcfg data-view="scenario">${html(SCENARIO)}</pre>
<pre data-ctrcfg data-view="${html(IMG)}" data-tab="${html(SVG)}" data-feature-set="${html(SCRIPT)}"
  data-openshift-version="${html(JS)}" data-editable="${html(IMG)}" data-context="${html(SCRIPT)}"
  data-theme="${html(SVG)}" data-featureset="${html(IMG)}">${html(SCRIPT)}</pre>
<pre data-ctrcfg data-view="scenario" data-tab="${html(IMG)}" data-feature-set="${html(JS)}">${html(IMG)}</pre>
</body></html>`;

test('payloads in a docs widget\'s text and in every data-ctrcfg attribute are shown as text and never run', { timeout: 90_000 }, async (t) => {
  let guard;
  const page = await openApp(t, {
    path: 'hostile-embed.html',
    ready: '[data-ctrcfg] .widget-bar',
    setup: async (p) => {
      guard = watch(p);
      await guard.setup(p);
      await p.route('**/hostile-embed.html', (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: EMBED }));
    },
  });
  const widgets = page.locator('[data-ctrcfg]');
  assert.equal(await widgets.count(), 4);
  await shows(widgets.nth(0).locator('.diagnostics'), [IMG, SCRIPT, JS]);
  assert.equal(await widgets.nth(0).getAttribute('id'), SVG, 'the host keeps the id as an attribute');
  await shows(widgets.nth(1).locator('#steps'), [`quay.io/a:1${SCRIPT}`, SVG, IMG]);
  // The attributes' problems quote each value.
  await shows(widgets.nth(2).locator('.problems'), [
    `data-view: Unsupported value: "${IMG}"`, `data-tab: Unsupported value: "${SVG}"`,
    `data-feature-set: Unsupported value: "${SCRIPT}"`, `data-openshift-version: Unsupported value: "${JS}"`,
    `data-editable: Unsupported value: "${IMG}"`, `data-context: Unsupported value: "${SCRIPT}"`,
    `data-theme: Unsupported value: "${SVG}"`, 'data-featureset: unknown attribute',
  ]);
  await shows(widgets.nth(2).locator('pre'), [SCRIPT]);
  await shows(widgets.nth(3).locator('.problems'), ['data-tab: Forbidden', 'data-feature-set: Forbidden']);
  await shows(widgets.nth(3).locator('pre'), [IMG]);
  // Every "Open in playground" link points at the playground, whatever the widget holds.
  for (const href of await page.locator('a.open').evaluateAll((as) => as.map((a) => a.href))) {
    assert.ok(href.startsWith(`${server.url}#s=1.`), href);
  }
  await guard.check('the docs widgets');
});
