#!/usr/bin/env bash
# What the wasm's opt-level costs and buys (issue 13): the page's wasm (ctrcfg-web) rebuilt with
# Cargo opt-level s, 2 and 3 beside the shipped "z", each followed by wasm-opt at the same level
# (-Oz, -Os, -O2, -O3), dropped into a copy of dist/ in place of the shipped wasm and its glue,
# then its raw and gzip -9 size and the side-by-side benchmark (side-by-side.mjs) on that copy
# (compare its CPU-time rows: the wall clock of a busy machine moves more than the levels do).
# Run by ./scripts/bench (part `opt-levels`, not on by default: three release builds with LTO,
# each in its own target directory so the shipped build stays as it is). Needs a built dist/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
stem="$(basename "$(ls dist/ctrcfg-web-*_bg.wasm)" _bg.wasm)"
levels="${CTRCFG_OPT_LEVELS:-z s 2 3}"
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)
for level in $levels; do
  out="$root/target/bench/opt-$level"
  # "z" is the shipped profile: its own target directory is the workspace's.
  target_dir="$root/target"
  [ "$level" = z ] || target_dir="$root/target/opt-$level"
  printf '==> opt-level %s, wasm-opt -O%s\n' "$level" "$level"
  (eval "$CTRCFG_WASM_ENV"; CARGO_TARGET_DIR="$target_dir" CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL="$level" \
    cargo build -q -p ctrcfg-web --bin ctrcfg-web --target wasm32-unknown-unknown --profile wasm-release)
  rm -rf "$out" && mkdir -p "$out/bindgen"
  wasm-bindgen --target web --no-typescript --out-dir "$out/bindgen" --out-name "$stem" \
    "$target_dir/wasm32-unknown-unknown/wasm-release/ctrcfg-web.wasm"
  cp -a dist "$out/dist"
  rm -rf "$out/dist/snippets" && cp -a "$out/bindgen/snippets" "$out/dist/snippets"
  cp "$out/bindgen/$stem.js" "$out/dist/$stem.js"
  # Trunk's subresource-integrity hashes name the shipped files, not these.
  sed -i -E 's/ integrity=("[^"]*"|[^ >]*)//g' "$out/dist/index.html"
  wasm-opt "-O$level" "${features[@]}" "$out/bindgen/${stem}_bg.wasm" -o "$out/dist/${stem}_bg.wasm"
  wasm="$out/dist/${stem}_bg.wasm"
  printf 'the page'"'"'s wasm: %d B raw, %d B gzip -9\n' "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
  CTRCFG_PEER_PARTS=chromium node "$root/tests/e2e/bench/side-by-side.mjs" "$out/dist"
  echo
done
