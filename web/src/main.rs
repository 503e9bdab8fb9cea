//! The ctrcfg playground: the only crate that knows the browser. Its shape follows Yew's
//! `function_todomvc` and Ruff's playground: [`components`] (one file a component), [`hooks`],
//! [`state`] (what the views hold), and one JavaScript boundary for the code editor
//! ([`editor`], its JavaScript beside it) and one for the embed API ([`embed`]); docs widgets,
//! each a view in someone else's page, are mounted by [`widget`] (from `embed.js`).

mod autosave;
mod base_edit;
mod components;
mod crash;
mod editor;
mod embed;
mod hooks;
mod presets;
mod share;
mod state;
mod widget;

fn main() {
    crash::install();
    // The playground's page marks its body (index.html); any other page that loads this wasm
    // (a docs page, through embed.js) gets only the widgets it asks for.
    let document = web_sys::window().and_then(|w| w.document());
    let playground =
        document.as_ref().and_then(|d| d.body()).is_some_and(|b| b.has_attribute("data-ctrcfg-playground"));
    if let Some(root) = document.and_then(|d| d.get_element_by_id("app")).filter(|_| playground) {
        yew::Renderer::<components::app::App>::with_root(root).render();
    }
}
