// The npm package as a user gets it: `npm pack` of the built package (scripts/npm-package),
// installed from the tarball into an empty folder with no network, then
// - the package's `ctrcfg` bin on every test vector, example and scenario, and `npx ctrcfg` on
//   usage and I/O errors and each command, byte for byte against the native binary: stdout,
//   stderr and the exit status;
// - docs/npm.md's Node example, run as written, printing what the page says it prints, and its
//   browser example in Chromium, served from the installed project;
// - the TypeScript declarations: `tsc --strict` on an example that uses them (and must be
//   refused where it misuses them), and every declared interface's keys against the objects
//   the functions really return.
//
// scripts/test builds the package and the native binary first; CTRCFG_NPM_PACKAGE and
// CTRCFG_NATIVE point elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../e2e/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageDir = process.env.CTRCFG_NPM_PACKAGE ?? join(root, 'target', 'npm', 'package');
const native = process.env.CTRCFG_NATIVE ?? join(root, 'target', 'debug', 'ctrcfg');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

let work;
let installed;

/** Runs a command; resolves to its stdout, stderr (as bytes) and exit status, never rejects. */
function exec(file, args, { cwd, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, encoding: 'buffer', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? error.code ?? 1 : 0, stdout, stderr });
    });
    // A command that exits without reading its input closes the pipe: not this test's concern.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

before(async () => {
  assert.ok(existsSync(join(packageDir, 'package.json')), `no package at ${packageDir}: run scripts/npm-package`);
  assert.ok(existsSync(native), `no native binary at ${native}: run cargo build -p ctrcfg`);
  work = mkdtempSync(join(tmpdir(), 'ctrcfg-npm-'));
  // npm's own cache, empty, and --offline: the install can only use the tarball.
  const npmEnv = ['--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--no-update-notifier'];
  const packed = await exec('npm', ['pack', packageDir, '--pack-destination', work, ...npmEnv], { cwd: work });
  assert.equal(packed.status, 0, packed.stderr.toString());
  const tarball = join(work, packed.stdout.toString().trim().split('\n').pop());
  installed = join(work, 'project');
  await exec('mkdir', [installed]);
  writeFileSync(join(installed, 'package.json'), '{ "private": true, "type": "module" }\n');
  const install = await exec('npm', ['install', '--offline', ...npmEnv, tarball], { cwd: installed });
  assert.equal(install.status, 0, install.stderr.toString());
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npx ctrcfg ARGS` in the project the tarball was installed into, never reaching a registry. */
function npx(args, input) {
  return exec('npx', ['--offline', '--no', '--', 'ctrcfg', ...args], { cwd: installed, input });
}

/**
 * The bin npm linked at install, which is what npx runs once it has found it: the vector sweeps
 * run it directly, since npx's own start (npm's) costs five times Node's and finds the same file.
 */
function bin(args, input) {
  return exec(join(installed, 'node_modules', '.bin', 'ctrcfg'), args, { cwd: installed, input });
}

/** Runs `args` natively and through the package (`through`: npx or the linked bin); same bytes. */
async function same(args, input, through = bin) {
  const [want, got] = await Promise.all([exec(native, args, { cwd: installed, input }), through(args, input)]);
  const label = `${through.name} ctrcfg ${args.join(' ')}`;
  assert.equal(got.stderr.toString(), want.stderr.toString(), `${label}: stderr`);
  assert.equal(got.stdout.toString(), want.stdout.toString(), `${label}: stdout`);
  assert.ok(got.stdout.equals(want.stdout), `${label}: stdout bytes`);
  assert.equal(got.status, want.status, `${label}: exit status`);
  return want;
}

/** Runs `cases` a few at a time: each npx starts Node and compiles the wasm. */
async function inTurn(cases, run, width = 4) {
  const queue = [...cases];
  const results = [];
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) results.push(await run(queue.shift()));
  }));
  return results;
}

const files = (dir, keep) => readdirSync(join(root, dir)).filter(keep).sort().map((f) => join(root, dir, f));

test('ctrcfg from the package gives the native bytes on every validate vector, in text, json and sarif', async () => {
  const inputs = [...files('tests/vectors/validate', (f) => f.endsWith('.yaml')), ...files('examples', (f) => f.endsWith('.yaml'))];
  const cases = inputs.flatMap((f) => [['validate', f], ['validate', '--format', 'json', f], ['validate', '--strict', '--format', 'sarif', f]]);
  const statuses = await inTurn(cases, (args) => same(args).then((r) => r.status));
  assert.ok(statuses.includes(0) && statuses.includes(1), 'both verdicts are compared');
});

test('ctrcfg from the package gives the native bytes on every render vector, as yaml, json and butane', async () => {
  const inputs = files('tests/vectors/render', (f) => f.endsWith('.yaml') && !f.endsWith('.pools.yaml'));
  const cases = inputs.flatMap((f) => {
    const pools = f.replace(/\.yaml$/, '.pools.yaml');
    const extra = existsSync(pools) ? ['--pools', pools] : [];
    return [['render', ...extra, f], ['render', '--format', 'json', ...extra, f], ['render', '--format', 'butane', ...extra, f]];
  });
  const statuses = await inTurn(cases, (args) => same(args).then((r) => r.status));
  assert.ok(statuses.includes(0) && statuses.includes(1), 'rendered and refused texts are compared');
});

test('ctrcfg from the package gives the native bytes on every seed scenario, as text and json', async () => {
  const cases = files('tests/scenarios', (f) => f.endsWith('.yaml')).flatMap((f) => [['simulate', f], ['simulate', '--format', 'json', f]]);
  await inTurn(cases, same);
});

test('npx ctrcfg: usage and I/O errors, help, version, explain, stdin and each command match the native binary', async () => {
  const stores = join(root, 'examples', 'additional-stores.yaml');
  const mistakes = join(root, 'examples', 'mistakes.yaml');
  const scenario = join(root, 'tests', 'scenarios', 'run-tmpfs-store.yaml');
  const cases = [
    [2, ['validate', join(work, 'missing.yaml')]],
    [2, ['render', root]],
    [2, ['validate', '--bogus', stores]],
    [2, ['validate', '--format', 'xml', stores]],
    [2, ['simulate', '--feature-set', 'OKD', stores]],
    [2, ['render', '--openshift-version', '4.99', stores]],
    [2, ['nope']],
    [2, ['explain', 'spec.nope']],
    [0, ['--help']],
    [0, []],
    [0, ['--version']],
    [0, ['explain', 'spec.containerRuntimeConfig.additionalArtifactStores']],
    [1, ['validate', '--format', 'json'], readFileSync(mistakes)],
    [0, ['validate', '-', '--openshift-version', '5.0'], readFileSync(stores)],
    [1, ['validate', mistakes]],
    [0, ['render', '--format', 'json', stores]],
    [1, ['render', mistakes]],
    [0, ['simulate', scenario]],
    [0, ['simulate', '--format', 'json', scenario]],
  ];
  const statuses = await inTurn(cases, ([, args, input]) => same(args, input, npx).then((r) => r.status));
  assert.deepEqual(statuses.sort(), cases.map(([status]) => status).sort());
});

test('validate walks directories through Node as the native binary does, in every format', async () => {
  const dirs = [join(root, 'tests', 'vectors', 'render'), join(root, 'tests', 'inputs'), join(root, 'examples')];
  const cases = ['text', 'json', 'sarif', 'junit', 'github'].map((format) => ['validate', '--summary', '--format', format, '--ignore', 'pools.yaml', ...dirs]);
  const statuses = await inTurn(cases, (args) => same(args).then((r) => r.status));
  assert.deepEqual(statuses, [1, 1, 1, 1, 1]);
  const walked = await same(['validate', '--summary', root + '/tests/inputs']);
  assert.match(walked.stderr.toString(), /ctrcfg: 3 files, 9 documents, 4 configs, 5 skipped/);
});

test('render --format files writes the native files through Node', async () => {
  const input = join(root, 'tests', 'vectors', 'render', 'all-stores.yaml');
  const nativeOut = join(work, 'files-native');
  const npmOut = join(work, 'files-npm');
  const want = await exec(native, ['render', '--format', 'files', '--out', nativeOut, input], { cwd: installed });
  const got = await bin(['render', '--format', 'files', '--out', npmOut, input]);
  assert.equal(want.status, 0, want.stderr.toString());
  assert.equal(got.status, 0, got.stderr.toString());
  assert.equal(got.stderr.toString().replaceAll(npmOut, 'OUT'), want.stderr.toString().replaceAll(nativeOut, 'OUT'));
  const written = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .map((f) => [f.slice(dir.length), readFileSync(f, 'utf8')])
    .sort();
  assert.ok(written(nativeOut).length >= 2);
  assert.deepEqual(written(npmOut), written(nativeOut));
});

/** The ```LANG INFO fence of docs/npm.md, by its info string. */
function fence(info) {
  const text = readFileSync(join(root, 'docs', 'npm.md'), 'utf8');
  const start = text.indexOf('```' + info + '\n');
  assert.ok(start >= 0, `docs/npm.md has a \`\`\`${info} fence`);
  const body = start + info.length + 4;
  return text.slice(body, text.indexOf('\n```', body) + 1);
}

test("docs/npm.md's Node example prints what the page says", async () => {
  writeFileSync(join(installed, 'example.mjs'), fence('js example=node'));
  const run = await exec(process.execPath, ['example.mjs'], { cwd: installed });
  assert.equal(run.stderr.toString(), '');
  assert.equal(run.stdout.toString(), fence('text printed-by=node-example'));
});

test("docs/npm.md's browser example runs in Chromium from the installed package", async () => {
  const mistakes = readFileSync(join(root, 'examples', 'mistakes.yaml'), 'utf8');
  const escape = (t) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const page = `<!doctype html><pre id="config">${escape(mistakes)}</pre><p id="verdict"></p>\n${fence('html example=browser')}`;
  writeFileSync(join(installed, 'index.html'), page);
  const server = await serve(installed);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${server.url}index.html`);
    await tab.waitForFunction(() => document.querySelector('#verdict').textContent !== '', null, { timeout: 30_000 });
    assert.deepEqual(errors, []);
    const want = createRequire(join(installed, 'x.js'))('ctrcfg').validate(mistakes).diagnostics[0].message;
    assert.equal(await tab.textContent('#verdict'), want);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the TypeScript declarations type an example and refuse its misuses', async () => {
  copyFileSync(join(root, 'tests', 'npm', 'types.ts'), join(installed, 'types.ts'));
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022',
    'types.ts'];
  const checked = await exec(tsc, args, { cwd: installed });
  assert.equal(checked.stdout.toString() + checked.stderr.toString(), '');
  assert.equal(checked.status, 0);
  // Without the declarations the example's @ts-expect-error lines have nothing to expect.
  const untyped = readFileSync(join(root, 'tests', 'npm', 'types.ts'), 'utf8').replace(/from "ctrcfg"/g, 'from "./untyped.js"');
  writeFileSync(join(installed, 'untyped.ts'), untyped);
  writeFileSync(join(installed, 'untyped.js'), '');
  writeFileSync(join(installed, 'untyped.d.ts'), 'declare const any: any;\nexport = any;\n');
  const loose = await exec(tsc, [...args.slice(0, -1), 'untyped.ts'], { cwd: installed });
  assert.notEqual(loose.status, 0);
  assert.match(loose.stdout.toString(), /Unused '@ts-expect-error' directive/);
});

/** Each `export interface NAME { key: ...; key?: ... }` of a .d.ts: its required and optional keys. */
function interfaces(dts) {
  const found = {};
  for (const m of dts.matchAll(/^export interface (\w+)(?: extends \w+)? \{\n([\s\S]*?)^\}/gm)) {
    const keys = { required: [], optional: [] };
    let depth = 0;
    for (const line of m[2].split('\n')) {
      const key = depth === 0 && line.match(/^\s+(\w+)(\??):/);
      if (key) keys[key[2] ? 'optional' : 'required'].push(key[1]);
      depth += (line.match(/[{<]/g) ?? []).length - (line.match(/[}>]/g) ?? []).length;
    }
    found[m[1]] = keys;
  }
  return found;
}

test('every declared result shape has exactly the keys the functions return', () => {
  const api = createRequire(join(installed, 'x.js'))('ctrcfg');
  const declared = interfaces(readFileSync(join(installed, 'node_modules', 'ctrcfg', 'node', 'ctrcfg.d.ts'), 'utf8'));
  const read = (f) => readFileSync(join(root, f), 'utf8');
  const rendered = api.render(read('tests/vectors/render/all-stores.yaml'));
  const simulated = api.simulate(read('tests/scenarios/ml-models-ssd.yaml'));
  const compared = api.simulate(read('tests/scenarios/nfs-cache-vs-pulling.yaml'));
  const validated = api.validate(read('examples/mistakes.yaml'));
  const yaml = 'kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    logLevel: info\n';
  const samples = {
    ValidateResult: validated,
    Diagnostic: validated.diagnostics[0],
    RenderResult: rendered,
    PoolResult: rendered.pools[0],
    MachineConfig: rendered.pools[0].machineConfigs[0],
    NodeFile: rendered.pools[0].machineConfigs[0].files[0],
    EffectiveFile: rendered.pools[0].effectiveFiles[0],
    SimulateResult: simulated,
    Step: simulated.steps.find((s) => s.mounts),
    Mount: simulated.steps.find((s) => s.mounts).mounts[0],
    Spread: simulated.steps[0].seconds,
    PoolFigures: simulated.metrics.pools[0],
    NodeGroup: simulated.nodes[0],
    ComparisonResult: compared,
    VariantRun: compared.variants[0],
    VariantFigures: compared.comparison.variants[0],
    Hover: api.hover(yaml, yaml.indexOf('logLevel')),
    Completion: api.complete(`${yaml}    log`, yaml.length + 7)[0],
  };
  for (const [name, value] of Object.entries(samples)) {
    assert.ok(declared[name], `types.d.ts declares ${name}`);
    const { required, optional } = declared[name];
    const keys = Object.keys(value);
    assert.deepEqual(required.filter((k) => !keys.includes(k)), [], `${name}: declared keys missing from the result`);
    assert.deepEqual(keys.filter((k) => !required.includes(k) && !optional.includes(k)), [], `${name}: keys not declared`);
  }
});
