//! The playground page: a header with the two views, and the view itself. "Configs" shows what
//! ContainerRuntimeConfigs write onto the nodes; "Scenario" simulates where images, layers and
//! artifacts come from. Each view keeps its own text across reloads.

use crate::autosave;
use crate::configs::ConfigsView;
use crate::scenario::ScenarioView;
use ctrcfg_core::release::Release;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Configs,
    Scenario,
}

/// One view embedded in someone else's page (docs, a blog): its starting text, no tabs, and
/// nothing read from or written to the visitor's storage.
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub mode: Mode,
    pub text: Option<Rc<str>>,
}

#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    let view = crate::ViewProps { initial: props.text.clone(), persist: false };
    html! {
        <div class="app embedded">
            { match props.mode {
                Mode::Configs => html! { <ConfigsView ..view /> },
                Mode::Scenario => html! { <ScenarioView ..view /> },
            } }
            { footer() }
        </div>
    }
}

const FOOTER: &str = "Files are rendered byte for byte as the Machine Config Operator renders them; resolution follows containers-storage and CRI-O. Rollout and pull durations are a model, not a measurement. Nothing leaves your browser.";

/// The page's footer: what is copied and what is modelled, and each modelled level with the
/// upstream commits it follows ([`Release::describe`]).
fn footer() -> Html {
    let names: Vec<String> = Release::ALL
        .iter()
        .map(|r| if *r == Release::default() { format!("{} (the default)", r.name()) } else { r.name().to_owned() })
        .collect();
    html! {
        <footer>
            <p>{ FOOTER }</p>
            <details class="levels">
                <summary>{ format!("OpenShift levels modelled: {}", names.join(", ")) }</summary>
                <ul>{ for Release::ALL.iter().map(|r| html! { <li>{ r.describe() }</li> }) }</ul>
            </details>
        </footer>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let mode = use_state(|| match autosave::load(autosave::MODE).as_deref() {
        Some("scenario") => Mode::Scenario,
        _ => Mode::Configs,
    });
    let tab = |m: Mode, label: &str, id: &str| {
        let onclick = {
            let mode = mode.clone();
            Callback::from(move |_| {
                autosave::save(autosave::MODE, if m == Mode::Scenario { "scenario" } else { "configs" });
                mode.set(m);
            })
        };
        let selected = *mode == m;
        html! {
            <button type="button" role="tab" id={id.to_owned()} class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} {onclick}>{ label.to_owned() }</button>
        }
    };
    // The page's static "Loading" line goes once the app runs.
    use_effect_with((), |_| {
        if let Some(loading) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading"))
        {
            loading.remove();
        }
    });
    let levels: Vec<&str> = Release::ALL.iter().map(|r| r.name()).collect();
    html! {
        <div class="app">
            <header>
                <h1>{ "ctrcfg" }</h1>
                <span class="version" id="version" title="The ctrcfg version, and the OpenShift levels it models (see the footer for their upstream commits)">
                    { format!("v{} · models OpenShift {}", env!("CARGO_PKG_VERSION"), levels.join(", ")) }
                </span>
                <p class="tagline">{ "What a ContainerRuntimeConfig writes onto your OpenShift nodes, and where every image comes from, checked in your browser." }</p>
                <nav class="tabs" role="tablist" id="modes">
                    { tab(Mode::Configs, "Configs → node files", "mode-configs") }
                    { tab(Mode::Scenario, "Scenario → where images come from", "mode-scenario") }
                </nav>
            </header>
            { match *mode {
                Mode::Configs => html! { <ConfigsView initial={None::<Rc<str>>} persist=true /> },
                Mode::Scenario => html! { <ScenarioView initial={None::<Rc<str>>} persist=true /> },
            } }
            { footer() }
        </div>
    }
}
