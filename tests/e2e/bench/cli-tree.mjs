// `ctrcfg validate` on a repository-sized tree, and the start-up of one run on one file, each
// as a whole process (spawn to exit), for BENCHMARKS.md (scripts/bench, part cli):
//   node tests/e2e/bench/cli-tree.mjs BINARY [FILES] [RUNS]
// The tree is FILES files (default 10,000) in 100 directories two levels deep, each a copy of
// one of the repository's render vectors and tool outputs in turn (configs, other kinds,
// errors), written under target/. Prints the median and the range of RUNS runs of each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [binary, files = '10000', runs = '7'] = process.argv.slice(2);
const root = new URL('../../..', import.meta.url).pathname;
const sources = ['tests/vectors/render', 'tests/inputs']
  .flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(root, dir, f)))
  .sort()
  .map((f) => readFileSync(f));
const tree = join(root, 'target', 'bench-cli-tree');
rmSync(tree, { recursive: true, force: true });
let bytes = 0;
for (let i = 0; i < Number(files); i++) {
  const dir = join(tree, `team-${Math.floor(i / 1000)}`, `app-${Math.floor(i / 100) % 10}`);
  mkdirSync(dir, { recursive: true });
  const text = sources[i % sources.length];
  bytes += text.length;
  writeFileSync(join(dir, `config-${i}.yaml`), text);
}

function timed(args) {
  const times = [];
  let last;
  for (let r = 0; r < Number(runs); r++) {
    const start = process.hrtime.bigint();
    last = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], last };
}

// Once to warm the page cache, as a CI runner that just checked the repository out has it.
timed(['validate', '--summary', tree]);
const walk = timed(['validate', '--summary', tree]);
console.log(`validate --summary, ${files} files (${(bytes / 1e6).toFixed(1)} MB) in a tree: median ${walk.median.toFixed(0)} ms (${walk.min.toFixed(0)}-${walk.max.toFixed(0)} ms, ${runs} runs), exit ${walk.last.status}`);
console.log(`  ${walk.last.stderr.trim().split('\n').pop()}`);
const one = timed(['validate', join(root, 'examples', 'additional-stores.yaml')]);
console.log(`validate examples/additional-stores.yaml, whole process: median ${one.median.toFixed(1)} ms (${one.min.toFixed(1)}-${one.max.toFixed(1)} ms, ${runs} runs)`);
const help = timed(['--version']);
console.log(`--version, whole process: median ${help.median.toFixed(1)} ms`);
rmSync(tree, { recursive: true, force: true });
