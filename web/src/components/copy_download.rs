//! The Copy and Download buttons of an output: Copy writes the text to the clipboard
//! (`navigator.clipboard.writeText`) and reports how that went through `on_status` (the
//! outputs' live region); Download saves exactly the same text under a file name.

use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
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
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
    let written = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text));
    let (name, status) = (name.to_owned(), status.clone());
    yew::platform::spawn_local(async move {
        status.emit(match written.await {
            Ok(_) => format!("Copied {name} to the clipboard."),
            Err(_) => format!("The browser did not allow copying {name}; use Download, or select the text."),
        });
    });
}

/// Saves `text` as a file through a temporary object URL and an `<a download>`.
fn download(text: &str, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let options = BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&text.into()), &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a") {
        let a: HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = Url::revoke_object_url(&url);
}
