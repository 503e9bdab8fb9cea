// Trunk's post-build hook (Trunk.toml): writes dist/embed.js, the one include of the docs
// widgets (docs/embed.md), from web/embed/embed.js with BUILD filled in: the hashed names of the
// playground's wasm and glue that Trunk just wrote, and the widgets' stylesheet, which is the
// playground's own (web/style.css, as Trunk wrote it) scoped to a shadow root, then
// web/embed/widget.css. The file list is read from the directory, not from index.html, which
// web/csp.mjs rewrites at the same time (Trunk runs a stage's hooks together).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('embed: no TRUNK_STAGING_DIR (run by Trunk) and no directory given');

const files = readdirSync(dir);
const one = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`embed: expected one file like ${pattern} in ${dir}, found ${found.length}`);
  return found[0];
};
const glue = one(/^ctrcfg-web-[0-9a-f]+\.js$/);
const wasm = one(/^ctrcfg-web-[0-9a-f]+_bg\.wasm$/);
const page = readFileSync(join(dir, one(/^style-[0-9a-f]+\.css$/)), 'utf8');

/**
 * The playground's stylesheet for a shadow root: its custom properties on the host instead of
 * the document's root, without the page's colour scheme (a widget takes its host page's), the
 * body's rule (font, colours) on the host too, and the theme choice as the host's data-theme.
 * Each rewrite must find what it rewrites, so a change to web/style.css that would leave a
 * page-wide rule fails the build.
 */
function scope(css) {
  const rewrites = [
    [/:root\s*\{/, ':host {'],
    [/;\s*color-scheme:\s*light dark\s*;?\s*\}/, '}'],
    [/:root\[data-theme="?light"?\]/, ':host([data-theme="light"])'],
    [/:root\[data-theme="?dark"?\]/, ':host([data-theme="dark"])'],
    [/(^|\})\s*body\s*\{/, '$1:host {'],
  ];
  for (const [pattern, replacement] of rewrites) {
    if (!pattern.test(css)) throw new Error(`embed: web/style.css has no ${pattern} to scope`);
    css = css.replace(pattern, replacement);
  }
  if (/:root|\bbody\b|\bhtml\b/.test(css)) throw new Error('embed: web/style.css has a page-wide rule left after scoping');
  return css;
}

// Comments go first (a debug build's stylesheet keeps them, and they name <html> and <body>).
const bare = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*\n/g, '\n');
const css = scope(bare(page)) + bare(readFileSync(join(here, 'widget.css'), 'utf8'));
const build = JSON.stringify({ glue: `./${glue}`, wasm: `./${wasm}`, css });
const template = readFileSync(join(here, 'embed.js'), 'utf8');
if (!template.includes('const BUILD = null;')) throw new Error('embed: web/embed/embed.js has no `const BUILD = null;` to fill in');
// Full-line comments are for the source's readers; docs/embed.md is the include's.
const out = template.replace('const BUILD = null;', `const BUILD = ${build};`).replace(/^\s*\/\/.*\n/gm, '');
writeFileSync(join(dir, 'embed.js'), out);
console.log(`embed: ${join(dir, 'embed.js')} (${out.length} bytes) for ${glue} and ${wasm}`);
