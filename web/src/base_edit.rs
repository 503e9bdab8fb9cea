//! The page's side of the base-file edit worker (`src/bin/edit_worker.rs`): it is started the
//! first time "Your own files" has text, takes one request at a time as a JSON string and
//! answers with the edited file and its diff, or the error. `toml_edit` lives only in that
//! worker, so the first paint never pays for it. Trunk puts the worker's loader shim next to
//! the main wasm-bindgen glue; its URL is found from the glue's own URL (this snippet is two
//! levels below it, in `snippets/<crate>-<hash>/`), so embeds in other pages find it too.

use crate::state::Context;
use ctrcfg_core::tree::json_string;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

#[wasm_bindgen(inline_js = r#"
export function editWorkerUrl() { return new URL('../../edit_worker_loader.js', import.meta.url).href; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = editWorkerUrl)]
    fn edit_worker_url() -> String;
}

/// Which of the user's files is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Storage,
    Crio,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Storage => "storage",
            Kind::Crio => "crio",
        }
    }

    /// Where the file lives on a node, and its name for downloads.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Storage => ctrcfg_core::render::STORAGE_CONF_PATH,
            Kind::Crio => ctrcfg_core::edit::CRIO_CONF_PATH,
        }
    }
}

/// The worker's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Edited {
        contents: Rc<str>,
        diff: Rc<str>,
    },
    /// `line` and `column` are in the base file; 0 when the problem is not about it.
    Failed {
        message: String,
        line: u32,
        column: u32,
    },
}

/// What the worker needs for one edit: the file, and the configs of `pool` in `context`
/// ([`EditWorker::send`] numbers it).
pub fn request(kind: Kind, base: &str, configs: &str, context: &Context, pool: &str) -> String {
    let gates = context.overrides_spec(true);
    let fields = [
        ("kind", kind.name().to_owned()),
        ("featureSet", context.feature_set.name().to_owned()),
        ("release", context.release.name().to_owned()),
        ("gates", gates),
        ("pool", pool.to_owned()),
    ];
    let mut out = String::from("{");
    let mut field = |key: &str, value: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        // YAML-safe JSON: the worker reads it with core's YAML parser.
        json_string(key, false, &mut out);
        out.push(':');
        json_string(value, false, &mut out);
    };
    for (key, value) in &fields {
        field(key, value);
    }
    field("base", base);
    field("configs", configs);
    field("pools", &context.pools_used);
    out.push('}');
    out
}

/// The worker's two listeners: its messages, and a failure to load.
type Listeners = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(JsValue)>);

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// The newest request not yet sent (while the worker loads), and the newest sent.
    pending: Option<String>,
    latest: u32,
    listeners: Option<Listeners>,
}

/// The edit worker, started on the first [`EditWorker::send`]; only the answer to the newest
/// request is passed on.
#[derive(Clone, Default)]
pub struct EditWorker(Rc<RefCell<Inner>>);

impl EditWorker {
    /// Sends a [`request`], numbered so that only the newest one's answer counts.
    pub fn send(&self, request: &str, on_answer: &Callback<Answer>) {
        let mut inner = self.0.borrow_mut();
        inner.latest += 1;
        let request = format!("{{\"seq\":\"{}\",{}", inner.latest, request.strip_prefix('{').unwrap_or(request));
        if inner.worker.is_none() {
            match Worker::new(&edit_worker_url()) {
                Ok(worker) => {
                    let (on_message, on_error) = self.listeners(on_answer);
                    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    (inner.listeners, inner.worker) = (Some((on_message, on_error)), Some(worker));
                }
                Err(_) => return on_answer.emit(unavailable()),
            }
        }
        match (&inner.worker, inner.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&request.into());
            }
            _ => inner.pending = Some(request),
        }
    }

    /// The worker's "ready" sends what waited; an answer to the newest request is passed on.
    fn listeners(&self, on_answer: &Callback<Answer>) -> Listeners {
        let (inner, emit) = (self.0.clone(), on_answer.clone());
        let on_message = Closure::new(move |e: MessageEvent| {
            let Some(data) = e.data().as_string() else { return };
            if data == "ready" {
                let mut inner = inner.borrow_mut();
                inner.ready = true;
                let pending = inner.pending.take();
                if let (Some(worker), Some(request)) = (&inner.worker, pending) {
                    let _ = worker.post_message(&request.into());
                }
                return;
            }
            let Ok(answer) = js_sys::JSON::parse(&data) else { return };
            let get = |key: &str| js_sys::Reflect::get(&answer, &key.into()).ok().filter(|v| !v.is_undefined());
            let text = |key: &str| get(key).and_then(|v| v.as_string()).unwrap_or_default();
            let number = |key: &str| get(key).and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
            if text("seq").parse() != Ok(inner.borrow().latest) {
                return;
            }
            emit.emit(match get("error") {
                Some(_) => Answer::Failed { message: text("error"), line: number("line"), column: number("column") },
                None => Answer::Edited { contents: text("contents").into(), diff: text("diff").into() },
            });
        });
        let emit = on_answer.clone();
        let on_error = Closure::new(move |_: JsValue| emit.emit(unavailable()));
        (on_message, on_error)
    }

    /// Stops the worker and drops its listeners (the view is gone).
    pub fn stop(&self) {
        let mut inner = self.0.borrow_mut();
        if let Some(worker) = inner.worker.take() {
            worker.terminate();
        }
        inner.listeners = None;
    }
}

fn unavailable() -> Answer {
    Answer::Failed { message: "The edit worker did not load, so your file cannot be edited here; `ctrcfg render --base-storage-conf` (or `--base-crio-conf`) does the same.".into(), line: 0, column: 0 }
}
