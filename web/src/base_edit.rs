//! The page's side of the base-file edit worker (`src/bin/edit_worker.rs`): it is started the
//! first time "Your own files" has text, takes one request at a time as a JSON string and
//! answers with the edited file and its diff, or the error. `toml_edit` lives only in that
//! worker, so the first paint never pays for it. Trunk puts the worker's loader shim next to
//! the main wasm-bindgen glue; its URL is found from the glue's own URL (this snippet is two
//! levels below it, in `snippets/<crate>-<hash>/`), so embeds in other pages find it too.
//!
//! The messaging is a few lines of JavaScript, beside Copy's and Download's (the worker waits
//! to say "ready" before it can hear anything; only the newest request's answer counts): in
//! Rust, through web-sys and futures, the three cost the first paint 2.3 KB more gzip. A worker
//! that fails before it is ready did not load; one that fails after it crashed, and the next
//! request starts another.

use crate::state::Context;
use ctrcfg_core::tree::yaml_safe_json_object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function editWorker(answer) {
  let worker = null, ready = false, pending = null, latest = 0;
  const failed = () => { const crashed = ready; if (worker) worker.terminate(); worker = null; ready = false; answer(crashed ? 3 : 2, '', '', 0, 0); };
  return {
    send(request) {
      const message = '{"seq":"' + ++latest + '",' + request.slice(1);
      if (!worker) {
        try { worker = new Worker(new URL('../../edit_worker_loader.js', import.meta.url)); } catch (e) { return failed(); }
        worker.onerror = failed;
        worker.onmessage = (e) => {
          if (e.data === 'ready') { ready = true; if (pending) worker.postMessage(pending); pending = null; return; }
          const a = JSON.parse(e.data);
          if (a.seq === String(latest)) answer(a.error === undefined ? 0 : 1, a.error ?? a.contents, a.diff ?? '', a.line ?? 0, a.column ?? 0);
        };
      }
      if (ready) worker.postMessage(message); else pending = message;
    },
    stop() { if (worker) worker.terminate(); worker = null; },
  };
}
export function copyText(text, done) {
  navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
}
export function downloadText(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
"#)]
extern "C" {
    /// The worker, started on the first `send`.
    pub type EditWorker;
    /// `answer` hears the newest answer, as [`Answer::from_js`] takes it.
    #[wasm_bindgen(js_name = editWorker)]
    pub fn edit_worker(answer: &Closure<dyn FnMut(u32, String, String, u32, u32)>) -> EditWorker;
    /// Sends a [`request`], numbered so that only the newest one's answer counts.
    #[wasm_bindgen(method)]
    pub fn send(this: &EditWorker, request: &str);
    #[wasm_bindgen(method)]
    pub fn stop(this: &EditWorker);

    /// `navigator.clipboard.writeText(text)`; `done` hears whether it worked (Copy, in
    /// `components/copy_download.rs`, shares this snippet: one file less to fetch).
    #[wasm_bindgen(js_name = copyText)]
    pub fn copy_text(text: &str, done: JsValue);
    /// Saves `text` as a file through a temporary object URL and an `<a download>`.
    #[wasm_bindgen(js_name = downloadText)]
    pub fn download(text: &str, name: &str);
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
        contents: String,
        diff: String,
    },
    /// `line` and `column` are in the base file; 0 when the problem is not about it.
    Failed {
        message: String,
        line: u32,
        column: u32,
    },
}

impl Answer {
    /// What the worker's JavaScript reports: `state` 0 (edited: `text` and `diff`), 1 (an
    /// error: `text` at `line` and `column`), 2 (the worker did not load) or 3 (it crashed).
    pub fn from_js(state: u32, text: String, diff: String, line: u32, column: u32) -> Answer {
        let message = match state {
            0 => return Answer::Edited { contents: text, diff },
            1 => return Answer::Failed { message: text, line, column },
            2 => "The edit worker did not load, so your file cannot be edited here",
            _ => "ctrcfg hit an internal error while editing your file. Your text is kept, and the next change to it tries again",
        };
        let cli = "`ctrcfg render --base-storage-conf` (or `--base-crio-conf`) does the same.";
        Answer::Failed { message: format!("{message}; {cli}"), line: 0, column: 0 }
    }
}

/// What the worker needs for one edit: the file, and the configs of `pool` in `context`.
pub fn request(kind: Kind, base: &str, configs: &str, context: &Context, pool: &str) -> String {
    let gates = context.overrides_spec(true);
    let fields = [
        ("kind", kind.name()),
        ("featureSet", context.feature_set.name()),
        ("release", context.release.name()),
        ("gates", &gates),
        ("pool", pool),
        ("base", base),
        ("configs", configs),
        ("pools", &context.pools_used),
    ];
    // The worker reads it with core's YAML parser.
    yaml_safe_json_object(&fields)
}
