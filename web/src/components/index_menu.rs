//! A menu of names that picks one by its index: the node whose store tree and the variant whose
//! run the Scenario view shows. The worker sends the names and the index it drew, so the menu
//! shows what is drawn, not what was last asked.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A `<select>` with element id `id` and accessible name `label`; picking calls `on_pick` with
/// the index of the name picked.
pub fn index_menu(
    id: &'static str,
    label: &'static str,
    names: &[String],
    shown: usize,
    on_pick: &Callback<usize>,
) -> Html {
    let on_change = on_pick.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value().parse().unwrap_or(0)
    });
    let options = names.iter().enumerate().map(|(i, name)| {
        html! { <option value={i.to_string()} selected={i == shown}>{ name }</option> }
    });
    html! { <select {id} aria-label={label} onchange={on_change}>{ for options }</select> }
}
