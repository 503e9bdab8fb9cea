//! The ctrcfg playground: the only crate that knows the browser. Its shape follows Yew's
//! `function_todomvc` and Ruff's playground: [`components`] (one file a component), [`hooks`],
//! [`state`] (what the views hold), and one JavaScript boundary for the code editor
//! ([`editor`], its JavaScript beside it) and one for the embed API ([`embed`]).

mod autosave;
mod base_edit;
mod components;
mod editor;
mod embed;
mod hooks;
mod presets;
mod share;
mod state;

fn main() {
    // A page that only embeds ctrcfg (see `embed`) marks its body; it gets no full-page app.
    let embed_only = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-ctrcfg-embed-only"));
    if !embed_only {
        yew::Renderer::<components::app::App>::new().render();
    }
}
