// The ctrcfg side in Node: the one seam between the side-by-side benchmark and however ctrcfg is
// built for Node. ctrcfg's JavaScript API for Node is the npm package (the `js/` crate, which
// scripts/npm-package builds into target/npm/package/, and scripts/bench builds before this
// part); this adapter loads it and returns `validate(text)`, the `{"valid", "diagnostics"}` that
// `ctrcfg validate --format json` prints. Without the package it says what is missing, and the
// benchmark runs in Chromium only.
//
// CTRCFG_BENCH_NODE_PKG names the package directory (or its main module) to use instead.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../../harness.mjs';

/** Where scripts/npm-package assembles the package (its `main` is the Node build). */
const CANDIDATES = ['target/npm/package'];

export async function loadCtrcfgForNode() {
  const given = process.env.CTRCFG_BENCH_NODE_PKG;
  const dirs = given ? [given] : CANDIDATES.map((d) => join(root, d));
  const found = dirs.find((d) => existsSync(d));
  if (!found) {
    return { missing: `no npm package of ctrcfg (scripts/npm-package builds it into ${CANDIDATES.join(', ')}; or set CTRCFG_BENCH_NODE_PKG)` };
  }
  const module = createRequire(import.meta.url)(found);
  const validate = module.validate ?? module.ctrcfgValidate;
  if (typeof validate !== 'function') return { missing: `${found} exports no validate function` };
  return {
    from: found,
    validate: (text) => {
      const answer = validate(text);
      return typeof answer === 'string' ? JSON.parse(answer) : answer;
    },
  };
}
