//! The main loop: the handshake, then every message in order, each answered inline.

use crate::{actions, assist, diagnostics, render, settings};
use ctrcfg_core::validate::Options;
use gen_lsp_types::{
    CodeActionParams, CodeActionProvider, CompletionOptions, CompletionParams, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, ExecuteCommandOptions,
    ExecuteCommandParams, HoverParams, HoverProvider, InitializeResult, LspNotificationMethod as N,
    LspRequestMethod as R, MessageType, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentContentChangeEvent, TextDocumentIdentifier, TextDocumentSync, TextDocumentSyncKind,
    Uri,
};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use serde_json::{json, Value};
use std::collections::HashMap;

/// What the server advertises: full text sync, UTF-16 positions only, hover, completion,
/// quick fixes and the render command.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSync::Kind(TextDocumentSyncKind::Full)),
        hover_provider: Some(HoverProvider::Bool(true)),
        // After `key: ` the values are offered; not at the `:`, where a value would be glued on.
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProvider::Bool(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![render::COMMAND.into()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// An open document: its text and the version the client gave it.
struct Open {
    text: String,
    version: i32,
}

struct Server<'c> {
    connection: &'c Connection,
    options: Options,
    open: HashMap<Uri, Open>,
}

/// Runs the server on `connection` until the client's `shutdown` and `exit`.
pub fn run(connection: Connection) -> Result<(), String> {
    let protocol = |e: lsp_server::ProtocolError| format!("lsp: {e}");
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let initialization = params.get("initializationOptions").cloned().unwrap_or(Value::Null);
    let (options, refused) = match settings::options(&initialization) {
        Ok(options) => (options, None),
        Err(message) => (Options::default(), Some(message)),
    };
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo { name: "ctrcfg".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection.initialize_finish(id, result).map_err(protocol)?;
    let mut server = Server { connection: &connection, options, open: HashMap::new() };
    if let Some(message) = refused {
        server.warn(&message);
    }
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(protocol)? {
                    return Ok(());
                }
                let response = server.request(request);
                server.send(response.into());
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

impl Server<'_> {
    /// A closed connection ends the loop on its own; nothing to do here when a send fails.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn warn(&self, message: &str) {
        let params = ShowMessageParams { kind: MessageType::Warning, message: format!("ctrcfg: {message}") };
        self.send(Notification::new(String::from(N::WindowShowMessage), params).into());
    }

    fn publish(&self, uri: &Uri) {
        let Some(open) = self.open.get(uri) else { return };
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            version: Some(open.version),
            diagnostics: diagnostics::of(&open.text, &self.options),
        };
        self.send(Notification::new(String::from(N::TextDocumentPublishDiagnostics), params).into());
    }

    fn notification(&mut self, n: Notification) {
        match N::from(n.method.as_str()) {
            N::TextDocumentDidOpen => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return };
                let doc = p.text_document;
                self.open.insert(doc.uri.clone(), Open { text: doc.text, version: doc.version });
                self.publish(&doc.uri);
            }
            N::TextDocumentDidChange => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return };
                let uri = p.text_document.text_document_identifier.uri;
                // Full sync: the last whole text is the document.
                let text = p.content_changes.into_iter().rev().find_map(|c| match c {
                    TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(whole) => Some(whole.text),
                    TextDocumentContentChangeEvent::TextDocumentContentChangePartial(_) => None,
                });
                if let Some(text) = text {
                    self.open.insert(uri.clone(), Open { text, version: p.text_document.version });
                    self.publish(&uri);
                }
            }
            N::TextDocumentDidClose => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else { return };
                let uri = p.text_document.uri;
                if self.open.remove(&uri).is_some() {
                    let params = PublishDiagnosticsParams { uri, version: None, diagnostics: Vec::new() };
                    self.send(Notification::new(String::from(N::TextDocumentPublishDiagnostics), params).into());
                }
            }
            N::WorkspaceDidChangeConfiguration => {
                let Ok(p) = serde_json::from_value::<DidChangeConfigurationParams>(n.params) else { return };
                match settings::options(&p.settings) {
                    Ok(options) => {
                        self.options = options;
                        let uris: Vec<Uri> = self.open.keys().cloned().collect();
                        for uri in &uris {
                            self.publish(uri);
                        }
                    }
                    Err(message) => self.warn(&message),
                }
            }
            _ => {}
        }
    }

    fn text(&self, uri: &Uri) -> Result<&str, String> {
        self.open.get(uri).map(|o| o.text.as_str()).ok_or_else(|| format!("{uri}: not open"))
    }

    fn request(&self, r: Request) -> Response {
        let id = r.id.clone();
        match self.answer(r) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn answer(&self, r: Request) -> Result<Value, (ErrorCode, String)> {
        let invalid = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        let failed = |message: String| (ErrorCode::RequestFailed, message);
        let json = |v: Result<Value, serde_json::Error>| v.map_err(|e| (ErrorCode::InternalError, e.to_string()));
        match R::from(r.method.as_str()) {
            R::TextDocumentHover => {
                let p: HoverParams = serde_json::from_value(r.params).map_err(invalid)?;
                let at = p.text_document_position_params;
                let Ok(text) = self.text(&at.text_document.uri) else { return Ok(Value::Null) };
                json(serde_json::to_value(assist::hover(text, at.position, &self.options)))
            }
            R::TextDocumentCompletion => {
                let p: CompletionParams = serde_json::from_value(r.params).map_err(invalid)?;
                let at = p.text_document_position_params;
                let Ok(text) = self.text(&at.text_document.uri) else { return Ok(json!([])) };
                json(serde_json::to_value(assist::completion(text, at.position, &self.options)))
            }
            R::TextDocumentCodeAction => {
                let p: CodeActionParams = serde_json::from_value(r.params).map_err(invalid)?;
                let uri = p.text_document.uri;
                let Ok(text) = self.text(&uri) else { return Ok(json!([])) };
                let found = actions::actions(&uri, text, p.range, &p.context.diagnostics, &self.options);
                json(serde_json::to_value(found))
            }
            R::WorkspaceExecuteCommand => {
                let p: ExecuteCommandParams = serde_json::from_value(r.params).map_err(invalid)?;
                if p.command != render::COMMAND {
                    return Err((ErrorCode::InvalidParams, format!("unknown command {:?}", p.command)));
                }
                let uri = p.arguments.unwrap_or_default().into_iter().next().and_then(|a| a.as_str().map(Uri::from));
                let uri =
                    uri.ok_or((ErrorCode::InvalidParams, format!("{}: takes the file's URI", render::COMMAND)))?;
                render::documents(uri.as_ref(), self.text(&uri).map_err(failed)?, &self.options).map_err(failed)
            }
            R::Custom(render::METHOD) => {
                let uri = r.params.get("textDocument").cloned().map(serde_json::from_value::<TextDocumentIdentifier>);
                let uri =
                    uri.ok_or((ErrorCode::InvalidParams, "textDocument is required".into()))?.map_err(invalid)?.uri;
                render::documents(uri.as_ref(), self.text(&uri).map_err(failed)?, &self.options).map_err(failed)
            }
            _ => Err((ErrorCode::MethodNotFound, format!("unhandled method {}", r.method))),
        }
    }
}
