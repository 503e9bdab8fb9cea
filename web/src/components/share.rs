//! The header's Share button and the notice about what the page opened with. Share puts the
//! whole state into the address (`#s=1.…`, see `share.rs` and `docs/share.md`), copies it, and
//! says how long the link is, warning when chat tools may cut it. The notice says what a link,
//! `#new` or `#preset=` did, or why a link could not be opened, and offers the previous draft
//! back. Plain functions rather than components (each component type costs the wasm several
//! KB): the page's state (`state::Page`) holds theirs.

use crate::state::Notice;
use yew::prelude::*;

/// The button, and after a link is made its length (`status`).
pub fn share_button(status: Option<&str>, on_share: Callback<MouseEvent>) -> Html {
    html! {
        <span class="share">
            <button type="button" id="share" onclick={on_share}
                title="Put this page's whole state (both views, every control) into a link, and copy it">{ "Share" }</button>
            <span id="share-status" role="status">{ status.unwrap_or_default().to_owned() }</span>
        </span>
    }
}

pub fn notice_bar(n: &Notice, on_dismiss: Callback<MouseEvent>, on_restore: Callback<MouseEvent>) -> Html {
    html! {
        <div id="notice" class={classes!("notice", n.alert.then_some("alert"))} role={if n.alert { "alert" } else { "status" }}>
            <span>{ n.text.clone() }</span>
            if n.restore {
                <button type="button" id="restore-draft" onclick={on_restore}>{ "Restore your previous draft" }</button>
            }
            <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "\u{d7}" }</button>
        </div>
    }
}
