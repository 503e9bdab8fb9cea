//! The Configs preview's status: live, stale (the last valid result while the text has errors),
//! or rendered with a refusal standing, so a rendered result is never read as a healthy one.

use yew::prelude::*;

const CRIO_REFUSES: &str = "The API server and the MCO accept it and it is rolled out; CRI-O will not start with these files, so each node that reboots into them stays NotReady";

/// The preview's status. A current plan can stand beside errors: CRI-O's never stop rendering
/// (`crio`: one of them stands), and the MCO can refuse one config while planning (its name
/// suffix). Either way the badge warns, so a rendered result is not read as a healthy one.
pub fn status_badge(stale: bool, errors: usize, crio: bool, has_result: bool) -> Html {
    let noun = if errors == 1 { "error" } else { "errors" };
    if !stale && errors > 0 {
        let (who, title) = if crio {
            ("CRI-O refuses it on the nodes", Some(CRIO_REFUSES))
        } else {
            ("the MCO refuses a config", None)
        };
        return html! { <span class="badge warn" id="preview-status" {title}>{ format!("rendered, but {who} ({errors} {noun})") }</span> };
    }
    if !stale {
        return html! { <span class="badge live" id="preview-status">{ "live" }</span> };
    }
    if errors > 0 && has_result {
        return html! { <span class="badge stale" id="preview-status">{ format!("last valid result — fix {errors} {noun} to update") }</span> };
    }
    if errors > 0 {
        return html! { <span class="badge stale" id="preview-status">{ format!("fix {errors} {noun} to render") }</span> };
    }
    html! { <span class="badge" id="preview-status">{ "nothing to render" }</span> }
}
