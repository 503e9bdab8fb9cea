//! The ctrcfg playground: the only crate that knows the browser. Its shape follows Yew's
//! `function_todomvc` and Ruff's playground: [`components`] (one file a component), [`hooks`],
//! [`state`] (what the views hold), and one JavaScript boundary for the code editor
//! ([`editor`], its JavaScript beside it) and one for the embed API ([`embed`]); docs widgets,
//! each a view in someone else's page, are mounted by [`widget`] (from `embed.js`).

mod autosave;
mod base_edit;
mod components;
mod editor;
mod embed;
mod hooks;
mod presets;
mod share;
mod state;
mod widget;

fn main() {
    // The playground's page marks its body (index.html); any other page that loads this wasm
    // (a docs page, through embed.js) gets only the widgets it asks for.
    let playground = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-ctrcfg-playground"));
    if playground {
        yew::Renderer::<components::app::App>::new().render();
    }
}
