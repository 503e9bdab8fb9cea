// Bundles web/src/editor/editor.js and every @codemirror package it imports into ONE minified ES
// module, target/editor/editor.js, which Trunk copies into dist/ (index.html, copy-file).
// Trunk runs this before each build (Trunk.toml, pre_build hook), so `./scripts/serve`,
// `./scripts/test` and CI build it the same way. It writes only when the bundle changed, so
// `trunk serve`'s watcher is not woken by its own output.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Into target/, beside every other build output, out of the sources Trunk watches.
const out = join(here, '..', '..', '..', 'target', 'editor', 'editor.js');

const result = await build({
  entryPoints: [join(here, 'editor.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  // Every bundled package (CodeMirror, Lezer, style-mod, crelt, w3c-keyname,
  // @marijn/find-cluster-break) is MIT; the notice travels with the bundle.
  banner: { js: '/*! CodeMirror 6 and Lezer, (C) 2018-2024 Marijn Haverbeke and others, MIT licence */' },
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
let old = null;
try { old = readFileSync(out); } catch { /* first build */ }
if (!old || Buffer.compare(old, Buffer.from(code)) !== 0) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`editor: wrote ${out} (${code.length} bytes)`);
} else {
  console.log(`editor: ${out} is up to date (${code.length} bytes)`);
}
