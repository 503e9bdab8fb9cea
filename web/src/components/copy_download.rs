//! The Copy and Download buttons of an output: Copy writes the text to the clipboard
//! (`navigator.clipboard.writeText`) and reports how that went through `on_status` (the
//! outputs' live region); Download saves exactly the same text under a file name (a Blob and an
//! `<a download>`). Both are a few lines of JavaScript: through web-sys and futures the same
//! cost the first paint about 1 KB more gzip.

use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The two buttons for `text`, saved as `name`; `on_status` hears how a copy went. A plain
/// function rather than a component: each component type costs the wasm several KB.
pub fn copy_download(text: &Rc<str>, name: &str, on_status: &Callback<String>) -> Html {
    let copy = {
        let (text, name, status) = (text.clone(), name.to_owned(), on_status.clone());
        Callback::from(move |_| copy(&text, &name, &status))
    };
    let download = {
        let (text, name) = (text.clone(), name.to_owned());
        Callback::from(move |_| download(&text, &name))
    };
    html! {
        <span class="copy-download">
            <button type="button" class="copy" onclick={copy} aria-label={format!("Copy {name}")}>{ "Copy" }</button>
            <button type="button" class="download" onclick={download} aria-label={format!("Download {name}")}>{ "Download" }</button>
        </span>
    }
}

#[wasm_bindgen(inline_js = r#"
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
    /// `navigator.clipboard.writeText(text)`; `done` hears whether it worked.
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text(text: &str, done: JsValue);
    /// Saves `text` as a file through a temporary object URL and an `<a download>`.
    #[wasm_bindgen(js_name = downloadText)]
    fn download(text: &str, name: &str);
}

fn copy(text: &str, name: &str, status: &Callback<String>) {
    let (name, status) = (name.to_owned(), status.clone());
    copy_text(
        text,
        Closure::once_into_js(move |ok: bool| {
            status.emit(if ok {
                format!("Copied {name} to the clipboard.")
            } else {
                format!("The browser did not allow copying {name}; use Download, or select the text.")
            })
        }),
    );
}
