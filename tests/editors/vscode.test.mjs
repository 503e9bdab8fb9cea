// The VS Code extension (editors/vscode) activated against stand-ins for the `vscode` module
// and vscode-languageclient, which are not installed here: what it asks the client library
// for (the binary, `lsp`, YAML documents, the settings), and what its command opens. Then
// `npm pack --dry-run` of the extension, offline. What is not checked here: a real VS Code,
// vsce, and vscode-languageclient itself (docs/editors.md says so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '../../editors/vscode');
const require = createRequire(import.meta.url);

/** Loads the extension with `vscode` and the client library replaced by recorders. */
function load(config) {
  const seen = { clients: [], commands: {}, providers: {}, shown: [], errors: [] };
  class LanguageClient {
    constructor(id, name, server, client) {
      this.args = { id, name, server, client };
      this.started = false;
      seen.clients.push(this);
    }
    async start() { this.started = true; }
    async stop() { this.started = false; }
    async sendRequest(method, params) {
      this.request = { method, params };
      return { documents: [{ uri: 'ctrcfg-render:/a.yaml/worker/etc/containers/storage.conf', languageId: 'toml', text: '[storage]\n' }] };
    }
  }
  const vscode = {
    workspace: {
      getConfiguration: (section) => ({ get: (name) => (section === 'ctrcfg' ? config[name] : undefined) }),
      registerTextDocumentContentProvider: (scheme, provider) => { seen.providers[scheme] = provider; return {}; },
      openTextDocument: async (uri) => ({ uri }),
    },
    languages: { setTextDocumentLanguage: async () => { throw new Error('unknown language toml'); } },
    window: {
      activeTextEditor: { document: { uri: { toString: () => 'file:///w/a.yaml' } } },
      showTextDocument: async (doc) => { seen.shown.push(doc.uri); },
      showErrorMessage: (m) => seen.errors.push(m),
    },
    commands: { registerCommand: (name, fn) => { seen.commands[name] = fn; return {}; } },
    Uri: { parse: (s) => ({ text: s, toString: () => s }) },
    EventEmitter: class { constructor() { this.event = () => {}; } fire(uri) { seen.fired = uri; } },
    ViewColumn: { Beside: -2 },
  };
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return original.call(this, request, parent, isMain);
  };
  try {
    const file = require.resolve(path.join(extensionDir, 'extension.js'));
    delete require.cache[file];
    return { extension: require(file), seen };
  } finally {
    Module._load = original;
  }
}

test('activation starts `ctrcfg lsp` for YAML with the settings as initializationOptions', async () => {
  const { extension, seen } = load({ path: '/opt/bin/ctrcfg', openshiftVersion: '4.22', featureSet: 'TechPreviewNoUpgrade' });
  await extension.activate({ subscriptions: [] });
  assert.equal(seen.clients.length, 1);
  const client = seen.clients[0];
  assert.ok(client.started);
  assert.deepEqual(client.args.server, { command: '/opt/bin/ctrcfg', args: ['lsp'] });
  assert.deepEqual(client.args.client.documentSelector, [{ language: 'yaml' }]);
  assert.deepEqual(client.args.client.initializationOptions, { openshiftVersion: '4.22', featureSet: 'TechPreviewNoUpgrade', featureGates: null });
  assert.equal(client.args.client.synchronize.configurationSection, 'ctrcfg');
  await extension.deactivate();
  assert.equal(client.started, false);
});

test('the command opens the rendered files beside the config', async () => {
  const { extension, seen } = load({});
  await extension.activate({ subscriptions: [] });
  assert.deepEqual(seen.clients[0].args.server, { command: 'ctrcfg', args: ['lsp'] });
  await seen.commands['ctrcfg.showRendered']();
  assert.deepEqual(seen.clients[0].request, { method: 'ctrcfg/render', params: { textDocument: { uri: 'file:///w/a.yaml' } } });
  const uri = 'ctrcfg-render:/a.yaml/worker/etc/containers/storage.conf';
  assert.deepEqual(seen.shown.map(String), [uri]);
  assert.equal(seen.providers['ctrcfg-render'].provideTextDocumentContent({ toString: () => uri }), '[storage]\n');
  assert.deepEqual(seen.errors, []);
});

test('the manifest contributes the command and packs the extension offline', () => {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command), ['ctrcfg.showRendered']);
  assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--offline'], { cwd: extensionDir, encoding: 'utf8' }));
  assert.deepEqual(packed[0].files.map((f) => f.path).sort(), ['README.md', 'extension.js', 'package.json']);
});
