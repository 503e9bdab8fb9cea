//! The playground page: the header with the two views, and the view itself. "Configs" shows what
//! ContainerRuntimeConfigs write onto the nodes; "Scenario" simulates where images, layers and
//! artifacts come from. Each view keeps its own text across reloads. [`Embed`] is one view in
//! someone else's page.

use crate::autosave;
use crate::components::configs_view::ConfigsView;
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::components::scenario_view::ScenarioView;
use crate::state::{Mode, ViewProps};
use std::rc::Rc;
use yew::prelude::*;

/// One view embedded in someone else's page (docs, a blog): its starting text, no tabs, and
/// nothing read from or written to the visitor's storage.
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub mode: Mode,
    pub text: Option<Rc<str>>,
}

#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    let view = ViewProps { initial: props.text.clone(), persist: false };
    html! {
        <div class="app embedded">
            { match props.mode {
                Mode::Configs => html! { <ConfigsView ..view /> },
                Mode::Scenario => html! { <ScenarioView ..view /> },
            } }
            <Footer />
        </div>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let mode = use_state(|| autosave::load(autosave::MODE).as_deref().and_then(Mode::from_name).unwrap_or(Mode::Configs));
    let on_mode = {
        let mode = mode.clone();
        Callback::from(move |m: Mode| {
            autosave::save(autosave::MODE, m.name());
            mode.set(m);
        })
    };
    // The page's static "Loading" line goes once the app runs.
    use_effect_with((), |_| {
        if let Some(loading) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading"))
        {
            loading.remove();
        }
    });
    html! {
        <div class="app">
            <Header mode={*mode} {on_mode} />
            { match *mode {
                Mode::Configs => html! { <ConfigsView initial={None::<Rc<str>>} persist=true /> },
                Mode::Scenario => html! { <ScenarioView initial={None::<Rc<str>>} persist=true /> },
            } }
            <Footer />
        </div>
    }
}
