//! The page's footer: what is copied from upstream and what is modelled, and each modelled
//! OpenShift level with the upstream commits it follows ([`Release::describe`]).

use ctrcfg_core::release::Release;
use yew::prelude::*;

/// What is copied and what is modelled; a docs widget carries it too.
pub const FOOTER: &str = "Files are rendered byte for byte as the Machine Config Operator renders them; resolution follows containers-storage and CRI-O. Rollout and pull durations are a model, not a measurement. Nothing leaves your browser.";

#[function_component(Footer)]
pub fn footer() -> Html {
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
