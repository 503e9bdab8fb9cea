//! The ctrcfg playground: the only crate that knows the browser.

mod app;
mod autosave;
mod configs;
mod diagnostics;
mod nodes;
mod scenario;

use ctrcfg_core::text::{LineIndex, Span};
use web_sys::HtmlTextAreaElement;
use yew::{Callback, MouseEvent, NodeRef};

fn main() {
    yew::Renderer::<app::App>::new().render();
}

/// A click handler that focuses the editor and selects `span` (UTF-16 offsets, as a textarea
/// counts them); an empty span selects one character so the caret is visible.
pub fn select_in_editor(textarea: &NodeRef, index: &LineIndex<'_>, span: Span) -> Callback<MouseEvent> {
    let (from, to) = (index.utf16_offset(span.start), index.utf16_offset(span.end));
    let textarea = textarea.clone();
    Callback::from(move |_| {
        if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
            let _ = area.focus();
            let _ = area.set_selection_range(from as u32, to.max(from + 1) as u32);
        }
    })
}
