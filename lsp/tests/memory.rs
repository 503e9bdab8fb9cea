//! The server in process over `Connection::memory()`, with JSON expectations: what an editor
//! sends and exactly what it gets back.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::thread::JoinHandle;
use std::time::Duration;

const CRC: &str = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: caches\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n";
const OTHER: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n";

struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
}

impl Client {
    fn start(initialization_options: Value) -> Client {
        let (server, connection) = Connection::memory();
        let server = Some(std::thread::spawn(move || ctrcfg_lsp::run(server)));
        let mut client = Client { connection, server, next_id: 0 };
        let init = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": initialization_options}),
        );
        assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
        client.notify("initialized", json!({}));
        client
    }

    /// The next message; a guard against a hang, not a timing assertion.
    fn receive(&self) -> Message {
        self.connection.receiver.recv_timeout(Duration::from_secs(30)).expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection.sender.send(Request::new(id.clone(), method.into(), params).into()).unwrap();
        match self.receive() {
            Message::Response(r) if r.id == id => match r.response_result {
                Ok(value) => value,
                Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
            },
            other => panic!("expected the response to {method}, got {other:?}"),
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection.sender.send(Notification::new(method.into(), params).into()).unwrap();
    }

    fn notification(&self) -> (String, Value) {
        match self.receive() {
            Message::Notification(n) => (n.method, n.params),
            other => panic!("expected a notification, got {other:?}"),
        }
    }

    /// The next `publishDiagnostics`.
    fn published(&self) -> Value {
        let (method, params) = self.notification();
        assert_eq!(method, "textDocument/publishDiagnostics");
        params
    }

    fn open(&self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        self.published()
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(method, json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
    }

    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap();
    }
}

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

fn messages(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn initialize_advertises_utf16_full_sync_and_the_render_command() {
    let (server, connection) = Connection::memory();
    let thread = std::thread::spawn(move || ctrcfg_lsp::run(server));
    connection
        .sender
        .send(
            Request::new(
                1.into(),
                "initialize".into(),
                json!({"processId": null, "rootUri": null, "capabilities": {}}),
            )
            .into(),
        )
        .unwrap();
    let Message::Response(response) = connection.receiver.recv().unwrap() else { panic!("a response") };
    let result = response.response_result.unwrap();
    assert_eq!(
        result,
        json!({
            "capabilities": {
                "positionEncoding": "utf-16",
                "textDocumentSync": 1,
                "completionProvider": {"triggerCharacters": [" "]},
                "hoverProvider": true,
                "codeActionProvider": true,
                "executeCommandProvider": {"commands": ["ctrcfg.render"]}
            },
            "serverInfo": {"name": "ctrcfg", "version": env!("CARGO_PKG_VERSION")}
        })
    );
    connection.sender.send(Notification::new("initialized".into(), json!({})).into()).unwrap();
    let client = Client { connection, server: Some(thread), next_id: 1 };
    client.stop();
}

#[test]
fn diagnostics_cover_every_config_document_and_nothing_else() {
    let client = Client::start(json!({"featureSet": "TechPreviewNoUpgrade"}));
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n- {}\n- apiVersion: v1\n  kind: Secret\n",
        format!("{CRC}    logLevel: loud\n").trim_end().replace('\n', "\n  ")
    );
    let text = format!("{OTHER}---\n{CRC}    logLevl: info\n---\n{list}\n");
    let published = client.open("file:///w/multi.yaml", &text);
    assert_eq!(published["uri"], "file:///w/multi.yaml");
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    // The unknown field of the second document, exactly, with its note.
    let unknown = diagnostics.iter().find(|d| d["code"] == "api").unwrap();
    assert_eq!(
        *unknown,
        json!({
            "range": range(14, 4, 14, 11),
            "severity": 1,
            "code": "api",
            "source": "ctrcfg",
            "message": "spec.containerRuntimeConfig.logLevl: strict decoding error: unknown field \"spec.containerRuntimeConfig.logLevl\"\nnote: did you mean \"logLevel\"?"
        })
    );
    // The List's config is checked too; no word on the ConfigMap or the Secret item.
    let all = messages(&published);
    assert!(
        all.iter().any(|m| m.starts_with("spec.containerRuntimeConfig.logLevel: invalid LogLevel \"loud\"")),
        "{all:?}"
    );
    assert!(all.iter().all(|m| !m.contains("skipped")), "{all:?}");
    assert!(diagnostics.iter().all(|d| d["source"] == "ctrcfg"));
    // A change: the new version, the new text's diagnostics.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///w/multi.yaml", "version": 2}, "contentChanges": [{"text": format!("{CRC}    logLevel: info\n")}]}),
    );
    let changed = client.published();
    assert_eq!((changed["version"].clone(), changed["diagnostics"].clone()), (json!(2), json!([])));
    // Another file: a ConfigMap alone gets an empty list, not the "skipped" or "no objects" note.
    assert_eq!(client.open("file:///w/cm.yaml", OTHER)["diagnostics"], json!([]));
    assert_eq!(client.open("file:///w/empty.yaml", "# nothing\n")["diagnostics"], json!([]));
    // Closing clears the file's diagnostics.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": "file:///w/multi.yaml"}}));
    assert_eq!(client.published(), json!({"uri": "file:///w/multi.yaml", "diagnostics": []}));
    client.stop();
}

#[test]
fn settings_choose_the_release_and_feature_set() {
    let client = Client::start(json!({"featureSet": "TechPreviewNoUpgrade"}));
    let text = format!("{CRC}    additionalImageStores:\n    - path: /mnt/cache\n");
    assert_eq!(client.open("file:///w/a.yaml", &text)["diagnostics"], json!([]));
    // At 4.22 with the Default feature set, the CRD has no additionalImageStores.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"ctrcfg": {"openshiftVersion": "4.22", "featureSet": "Default"}}}),
    );
    let republished = client.published();
    assert_eq!(republished["version"], 1);
    assert!(
        messages(&republished)[0]
            .starts_with("spec.containerRuntimeConfig.additionalImageStores: strict decoding error: unknown field"),
        "{republished}"
    );
    // A wrong name is refused with the known ones, and the old settings stay.
    client.notify("workspace/didChangeConfiguration", json!({"settings": {"featureSet": "Nope"}}));
    let (method, params) = client.notification();
    assert_eq!(method, "window/showMessage");
    assert_eq!(params["type"], 2);
    assert!(params["message"]
        .as_str()
        .unwrap()
        .starts_with("ctrcfg: featureSet: unknown feature set \"Nope\"; known: Default"));
    client.stop();
}

#[test]
fn hover_and_completion_inside_configs_only() {
    let mut client = Client::start(Value::Null);
    let text = format!("{OTHER}---\n{CRC}    logLevel: info\n");
    client.open("file:///w/h.yaml", &text);
    let hover = client.at("textDocument/hover", "file:///w/h.yaml", 14, 6);
    assert_eq!(hover["range"], range(14, 4, 14, 12));
    assert_eq!(hover["contents"]["kind"], "plaintext");
    assert!(
        hover["contents"]["value"].as_str().unwrap().starts_with("spec.containerRuntimeConfig.logLevel\n\n"),
        "{hover}"
    );
    // The ConfigMap's `name` has a description in core, but it is not ours.
    assert_eq!(client.at("textDocument/hover", "file:///w/h.yaml", 3, 3), Value::Null);
    // Half-typed, so the text does not parse: completion still knows the place.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///w/h.yaml", "version": 2}, "contentChanges": [{"text": format!("{text}    log\n")}]}),
    );
    client.published();
    let completion = client.at("textDocument/completion", "file:///w/h.yaml", 15, 7);
    let labels: Vec<&str> = completion.as_array().unwrap().iter().map(|c| c["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["logSizeMax"], "logLevel is written already");
    assert_eq!(completion[0]["kind"], 5);
    assert_eq!(completion[0]["textEdit"], json!({"range": range(15, 4, 15, 7), "newText": "logSizeMax: "}));
    let values = client.at("textDocument/completion", "file:///w/h.yaml", 14, 16);
    let labels: Vec<&str> = values.as_array().unwrap().iter().map(|c| c["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["info"]);
    assert_eq!(client.at("textDocument/completion", "file:///w/h.yaml", 2, 2), json!([]));
    client.stop();
}

#[test]
fn accented_and_emoji_lines_count_utf16_units() {
    let mut client = Client::start(json!({"featureSet": "TechPreviewNoUpgrade"}));
    // "é" is one UTF-16 unit and two bytes; "😀" two units and four bytes; the line ends are CRLF.
    let text = format!("{CRC}    additionalImageStores:\n    - path: /mnt/é\n    - path: /😀/x\n    logLevl: a\n")
        .replace('\n', "\r\n");
    let published = client.open("file:///w/u.yaml", &text);
    let ranges: Vec<Value> = published["diagnostics"].as_array().unwrap().iter().map(|d| d["range"].clone()).collect();
    assert!(ranges.contains(&range(10, 12, 10, 18)), "{ranges:?}");
    assert!(ranges.contains(&range(11, 12, 11, 17)), "{ranges:?}");
    // The key after the emoji line; hover at a UTF-16 position past the emoji maps back.
    assert!(ranges.contains(&range(12, 4, 12, 11)), "{ranges:?}");
    let hover = client.at("textDocument/hover", "file:///w/u.yaml", 11, 15);
    assert_eq!(hover["range"], range(11, 12, 11, 17));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("spec.containerRuntimeConfig.additionalImageStores[].path\n"),
        "{hover}"
    );
    client.stop();
}

#[test]
fn code_actions_apply_core_fixes() {
    let mut client = Client::start(json!({"featureSet": "TechPreviewNoUpgrade"}));
    let text = format!("{CRC}    logLevl: info\n    additionalImageStores:\n    - path: /mnt//cache\n    - path: var/lib/images\n    - path: /mnt/x\n    - path: /mnt/x\n");
    let published = client.open("file:///w/f.yaml", &text);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///w/f.yaml"}, "range": range(9, 0, 9, 0), "context": {"diagnostics": published["diagnostics"]}}),
    );
    assert_eq!(actions[0]["title"], "Rename \"logLevl\" to \"logLevel\"");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "api");
    assert_eq!(
        actions[0]["edit"],
        json!({"changes": {"file:///w/f.yaml": [{"range": range(9, 4, 9, 11), "newText": "logLevel"}]}})
    );
    let all = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///w/f.yaml"}, "range": range(0, 0, 99, 0), "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = all.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Rename \"logLevl\" to \"logLevel\"",
            "Collapse the repeated slashes",
            "Make the path absolute: \"/var/lib/images\"",
            "Remove the store that repeats path \"/mnt/x\""
        ]
    );
    assert_eq!(
        all[1]["edit"]["changes"]["file:///w/f.yaml"][0],
        json!({"range": range(11, 12, 11, 23), "newText": "/mnt/cache"})
    );
    assert_eq!(
        all[2]["edit"]["changes"]["file:///w/f.yaml"][0],
        json!({"range": range(12, 12, 12, 12), "newText": "/"})
    );
    assert_eq!(all[3]["edit"]["changes"]["file:///w/f.yaml"][0], json!({"range": range(14, 0, 15, 0), "newText": ""}));
    client.stop();
}

#[test]
fn render_opens_what_the_mco_writes() {
    let mut client = Client::start(json!({"featureSet": "TechPreviewNoUpgrade"}));
    let text = format!("{CRC}    additionalImageStores:\n    - path: /mnt/cache\n");
    client.open("file:///w/r.yaml", &text);
    let rendered = client.request("ctrcfg/render", json!({"textDocument": {"uri": "file:///w/r.yaml"}}));
    let documents = rendered["documents"].as_array().unwrap();
    let uris: Vec<&str> = documents.iter().map(|d| d["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        ["ctrcfg-render:/r.yaml/worker/etc/containers/storage.conf", "ctrcfg-render:/r.yaml/machineconfigs.yaml"]
    );
    let storage = documents[0]["text"].as_str().unwrap();
    assert!(storage.contains("additionalimagestores = [\"/mnt/cache\"]"), "{storage}");
    assert_eq!(documents[1]["languageId"], "yaml");
    assert!(documents[1]["text"].as_str().unwrap().contains("name: 99-worker-generated-containerruntime"));
    // The command gives the same answer.
    let command = client
        .request("workspace/executeCommand", json!({"command": "ctrcfg.render", "arguments": ["file:///w/r.yaml"]}));
    assert_eq!(command, rendered);
    // A refused text renders nothing, and says why.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///w/r.yaml", "version": 2}, "contentChanges": [{"text": format!("{CRC}    logLevel: loud\n")}]}),
    );
    client.published();
    let refused = client.request("ctrcfg/render", json!({"textDocument": {"uri": "file:///w/r.yaml"}}));
    assert_eq!(refused["error"]["code"], -32803);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("nothing is rendered while the API server or the MCO refuses the text: 10:15: error[mco]"),
        "{refused}"
    );
    client.stop();
}
