//! The ctrcfg playground: the only crate that knows the browser.

mod app;
mod autosave;
mod configs;
mod diagnostics;
mod editor;
mod embed;
mod nodes;
mod presets;
mod scenario;

use std::rc::Rc;
use yew::Properties;

fn main() {
    // A page that only embeds ctrcfg (see `embed`) marks its body; it gets no full-page app.
    let embed_only = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-ctrcfg-embed-only"));
    if !embed_only {
        yew::Renderer::<app::App>::new().render();
    }
}

/// What a view starts from: given text (an embed), or the visitor's saved text.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub initial: Option<Rc<str>>,
    /// Whether the text is read from and saved to `localStorage`.
    pub persist: bool,
}

impl ViewProps {
    fn initial_text(&self, key: &str) -> Option<String> {
        match &self.initial {
            Some(text) => Some(text.to_string()),
            None if self.persist => autosave::load(key),
            None => None,
        }
    }
}
