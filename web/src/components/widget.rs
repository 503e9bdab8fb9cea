//! A docs widget: one view in someone else's page (`widget.rs` reads what it asks for), compact,
//! keeping its state in a memory of its own, never in the visitor's storage. Under the view,
//! "Open in playground": a share link (`share.rs`) of the widget's state as it is
//! now, kept up to date as the reader edits, pointing at the playground beside `embed.js`.

use crate::autosave::Store;
use crate::components::configs_view::ConfigsView;
use crate::components::scenario_view::ScenarioView;
use crate::editor::{code_view, EditorHandle};
use crate::share;
use crate::state::{Mode, ViewProps};
use crate::widget::Settings;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// The element's text: the input.
    pub text: Rc<str>,
    pub settings: Rc<Result<Settings, Vec<String>>>,
}

/// Points `link` at the playground with `store`'s state, once the browser has packed it; of
/// several packings under way only the newest (`turn`) writes.
fn update_link(store: &Store, link: &NodeRef, turns: &Rc<Cell<u32>>) {
    let turn = turns.get() + 1;
    turns.set(turn);
    let (link, turns) = (link.clone(), turns.clone());
    share::pack_link(
        &share::current(store),
        Closure::once_into_js(move |data: String| {
            if let (Some(a), false) = (link.cast::<Element>(), data.is_empty() || turns.get() != turn) {
                let _ = a.set_attribute("href", &format!("{}#s={}.{data}", share::playground(), share::VERSION));
            }
        }),
    );
}

#[function_component(Widget)]
pub fn widget(props: &WidgetProps) -> Html {
    let store = (*use_memo((), |_| {
        Store::memory(props.settings.as_ref().as_ref().map(|s| s.seed(&props.text)).unwrap_or_default())
    }))
    .clone();
    let link = use_node_ref();
    {
        let (store, link) = (store.clone(), link.clone());
        use_effect_with((), move |_| {
            let turns = Rc::new(Cell::new(0));
            update_link(&store, &link, &turns);
            let listener = store.clone();
            store.listen(Rc::new(move || update_link(&listener, &link, &turns)));
        });
    }
    let settings = match &*props.settings {
        Ok(settings) => settings,
        Err(problems) => {
            return html! {
                <div class="app embedded widget invalid">
                    <div class="problems" role="alert">
                        <p>{ "This ctrcfg example cannot be shown: its attributes have mistakes." }</p>
                        <ul>{ for problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    </div>
                    { code_view(&EditorHandle::default(), &props.text, "The example's text") }
                </div>
            }
        }
    };
    let view = ViewProps { store, compact: Some(settings.compact) };
    html! {
        <div class="app embedded widget">
            { match settings.mode {
                Mode::Configs => html! { <ConfigsView ..view /> },
                Mode::Scenario => html! { <ScenarioView ..view /> },
            } }
            <p class="widget-bar">
                <a ref={link} class="open" href={share::playground()} target="_blank" rel="noopener">{ "Open in playground" }</a>
            </p>
        </div>
    }
}
