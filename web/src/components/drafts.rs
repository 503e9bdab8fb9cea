//! The line about the drafts (`autosave.rs`): that this browser does not store them, so they
//! are kept in the tab only, or that another tab changed one, with the choice between the two.
//! A plain function rather than a component (each component type costs the wasm several KB).

use crate::state::Notice;
use yew::prelude::*;

/// The line; for another tab's change (`alert`), `on_choose` hears a click of either choice
/// ([`theirs`] says which).
pub fn drafts_bar(n: &Notice, on_choose: &Callback<MouseEvent>) -> Html {
    html! {
        <div id="drafts" class={classes!("notice", n.alert.then_some("alert"))} role={if n.alert { "alert" } else { "status" }}>
            <span>{ n.text.clone() }</span>
            if n.alert {
                <button type="button" id="drafts-theirs" onclick={on_choose}>{ "Load the other tab's" }</button>
                <button type="button" id="drafts-mine" onclick={on_choose}>{ "Keep this tab's" }</button>
            }
        </div>
    }
}

/// Whether a click of [`drafts_bar`]'s choices chose the other tab's drafts.
pub fn theirs(e: &MouseEvent) -> bool {
    e.target_unchecked_into::<web_sys::Element>().id() == "drafts-theirs"
}
