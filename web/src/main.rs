//! The ctrcfg playground: the only crate that knows the browser.

mod app;
mod autosave;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
