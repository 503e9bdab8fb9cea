// Sums twiggy's item sizes per crate, for ./scripts/bench: `twiggy top -f json FILE.wasm` on
// stdin, a table on stdout. An item counts under the crate its name starts with (for
// `<T as Trait>::f`, T's crate; a generic function such as `core::ptr::drop_in_place<..>` under
// the crate that defines it, core; methods of primitive types under core); data segments, the
// name section, wasm-bindgen's export shims and wasm's own tables apart.
// Raw bytes of the file, not gzip.
import { readFileSync } from 'node:fs';

const items = JSON.parse(readFileSync(0, 'utf8'));
const groups = new Map();
let total = 0;
let names = 0;
for (const { name, shallow_size: size } of items) {
  // The name section is what twiggy reads names from; the shipped wasm has none.
  if (/ subsection$|^name section/.test(name)) { names += size; continue; }
  total += size;
  let group;
  if (/^data segment/.test(name)) group = '(data: strings, tables, constants)';
  else if (/ shim$/.test(name)) group = '(wasm-bindgen shims of exported functions)';
  else if (/^<(char|str|bool|[iuf](8|16|32|64|128|size))[ >]/.test(name)) group = 'core';
  else {
    const crate = name.replace(/^[<&*\s]+(mut |dyn )?/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
    group = crate ? crate[1] : '(wasm tables, imports, exports, unnamed code)';
  }
  groups.set(group, (groups.get(group) ?? 0) + size);
}
const rows = [...groups].sort((a, b) => b[1] - a[1]);
console.log(`${'crate'.padEnd(48)} ${'bytes'.padStart(9)}  share`);
for (const [group, size] of rows.slice(0, 20)) {
  console.log(`${group.padEnd(48)} ${String(size).padStart(9)}  ${(100 * size / total).toFixed(1).padStart(5)} %`);
}
const rest = rows.slice(20).reduce((sum, [, size]) => sum + size, 0);
if (rest) console.log(`${`(${rows.length - 20} more)`.padEnd(48)} ${String(rest).padStart(9)}  ${(100 * rest / total).toFixed(1).padStart(5)} %`);
console.log(`${'total, as shipped (without the name section)'.padEnd(48)} ${String(total).padStart(9)}`);
console.log(`(the name section, kept for twiggy only: ${names} bytes)`);
