// Trunk's post-build hook (Trunk.toml): gives the built index.html a Content-Security-Policy in a
// <meta> tag, first in <head> so it governs everything after it. Scripts run only from the page's
// own origin and the inline scripts of this very build, allowed by their sha256 (Trunk writes
// the wasm's start-up as an inline module, and index.html's first script applies the saved
// colour theme before the first paint); any other inline script, such as one injected into the
// page, is refused. The policy itself is POLICY below; docs/csp.md says how to serve it as a
// header instead. Trunk runs this on the staging directory (TRUNK_STAGING_DIR) before it
// replaces dist/. `trunk serve` (scripts/serve) gets no policy: its live-reload script has
// placeholders that the dev server fills in when it serves the page, so its hash cannot be
// known here, and a policy would block it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('csp: no TRUNK_STAGING_DIR (run by Trunk) and no directory given');
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8').replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, '');
if (html.includes('{{__TRUNK_ADDRESS__}}')) {
  console.log(`csp: ${file} is for trunk serve (its live-reload script is filled in when served): no policy`);
  process.exit(0);
}

// Every inline <script> (one without src), hashed over its exact text as the browser does.
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);

const POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile its own WebAssembly, and nothing else eval-like.
  `script-src 'self' ${hashes.join(' ')} 'wasm-unsafe-eval'`,
  // 'unsafe-inline' for styles only: CodeMirror's style-mod writes the editor's generated rules
  // into a <style> element of the document (constructed style sheets only inside shadow roots).
  // The alternative, a nonce through EditorView.cspNonce, protects nothing in a static page: the
  // nonce would be the same on every load and public in this file. Styles cannot run script, so
  // the page's protection against injected script stays whole in script-src.
  "style-src 'self' 'unsafe-inline'",
  // The engine's Web Workers are built by Trunk and served from the page's origin.
  "worker-src 'self'",
  // data: for the empty favicon (index.html).
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`;
// Right after <meta charset>, as written in index.html or as Trunk's minifier writes it.
const out = html.replace(/<meta charset=[^>]*>/i, (m) => `${m}${meta}`);
if (out === html) throw new Error(`csp: no <meta charset> in ${file} to put the policy after`);
writeFileSync(file, out);
console.log(`csp: ${file}: ${hashes.length} inline script(s) allowed by hash`);
