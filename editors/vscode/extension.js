// The ctrcfg extension: starts `ctrcfg lsp` for YAML files and opens what the MCO writes.
// The server answers only inside ContainerRuntimeConfig documents, so yaml-language-server
// keeps every other YAML file (docs/editors.md). Plain CommonJS: no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** The scheme of the server's rendered documents (lsp/src/render.rs). */
const SCHEME = 'ctrcfg-render';

let client;

/** The settings the server reads, with its names (lsp/src/settings.rs); unset is null. */
function settings() {
  const config = vscode.workspace.getConfiguration('ctrcfg');
  const get = (name) => config.get(name) ?? null;
  return { openshiftVersion: get('openshiftVersion'), featureSet: get('featureSet'), featureGates: get('featureGates') };
}

async function activate(context) {
  const rendered = new Map();
  const changed = new vscode.EventEmitter();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => rendered.get(uri.toString()) ?? '',
    }),
  );
  const command = vscode.workspace.getConfiguration('ctrcfg').get('path') || 'ctrcfg';
  client = new LanguageClient(
    'ctrcfg',
    'ctrcfg',
    { command, args: ['lsp'] },
    {
      documentSelector: [{ language: 'yaml' }],
      initializationOptions: settings(),
      // Sent as workspace/didChangeConfiguration {settings: {ctrcfg: {...}}} on every change.
      synchronize: { configurationSection: 'ctrcfg' },
    },
  );
  // The server's own `ctrcfg.render` command is registered by the client library; this one
  // opens its answer.
  context.subscriptions.push(
    vscode.commands.registerCommand('ctrcfg.showRendered', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      try {
        const answer = await client.sendRequest('ctrcfg/render', { textDocument: { uri: editor.document.uri.toString() } });
        for (const doc of answer.documents) {
          rendered.set(doc.uri, doc.text);
          const uri = vscode.Uri.parse(doc.uri);
          changed.fire(uri);
          let shown = await vscode.workspace.openTextDocument(uri);
          // TOML has no built-in language in VS Code; the text shows plain then.
          shown = await vscode.languages.setTextDocumentLanguage(shown, doc.languageId).catch(() => shown);
          await vscode.window.showTextDocument(shown, { preview: false, viewColumn: vscode.ViewColumn.Beside });
        }
      } catch (error) {
        vscode.window.showErrorMessage(`ctrcfg: ${error.message}`);
      }
    }),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
