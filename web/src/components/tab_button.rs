//! A tab of a `role="tablist"`: the header's views, the output tabs and the pool tabs.

use yew::prelude::*;

/// A tab button, marked selected for the stylesheet and for assistive technology.
pub fn tab_button(label: String, id: Option<&'static str>, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" role="tab" id={id} class={classes!("tab", selected.then_some("selected"))}
            aria-selected={selected.to_string()} {onclick}>{ label }</button>
    }
}
