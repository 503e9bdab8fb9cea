//! The Copy and Download buttons of an output: Copy writes the text to the clipboard
//! (`navigator.clipboard.writeText`) and reports how that went through `on_status` (the
//! outputs' live region); Download saves exactly the same text under a file name (a Blob and an
//! `<a download>`). Both are a few lines of JavaScript, in `base_edit.rs`'s snippet (see there
//! why).

use crate::base_edit::{copy_text, download};
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
