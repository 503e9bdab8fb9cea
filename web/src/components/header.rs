//! The page's header: the name, the ctrcfg version and the OpenShift levels modelled, and the
//! tabs that switch between the two views, the Share button and the colour theme menu.

use crate::components::tab_button::tab_button;
use crate::components::theme_toggle::theme_toggle;
use crate::state::Mode;
use ctrcfg_core::release::Release;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub mode: Mode,
    pub on_mode: Callback<Mode>,
    /// The Share button, when the page has a state to share.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let tab = |m: Mode, label: &str, id: &'static str| {
        tab_button(label.to_owned(), Some(id), props.mode == m, props.on_mode.reform(move |_| m))
    };
    let levels: Vec<&str> = Release::ALL.iter().map(|r| r.name()).collect();
    html! {
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
            { props.children.clone() }
            { theme_toggle() }
        </header>
    }
}
