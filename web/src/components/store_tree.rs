//! The store tree of one node, before the scenario's first event and after its last (drawn by
//! the worker, `sim_view/store_tree.rs`), and the menu that chooses the node: a fleet's first
//! nodes, since the worker sends only the chosen node's tree.

use crate::state::SimView;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Node `view.node`'s tree; choosing another node calls `on_node` with its index.
pub fn store_tree(view: &SimView, on_node: &Callback<usize>) -> Html {
    let on_change = {
        let on_node = on_node.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_node.emit(select.value().parse().unwrap_or(0));
        })
    };
    let options = view.choices.iter().enumerate().map(|(i, name)| {
        html! { <option value={i.to_string()} selected={i == view.node}>{ name }</option> }
    });
    html! {
        <section class="store-tree" id="store-tree" aria-labelledby="store-tree-title">
            <h3 id="store-tree-title">{ "Store tree of " }
                <select id="tree-node" aria-label="Node whose store tree is shown" onchange={on_change}>{ for options }</select>
            </h3>
            <div class="tree-columns">
                <div id="tree-before"><h4>{ "before the first event" }</h4>{ Html::from_html_unchecked(view.before.clone()) }</div>
                <div id="tree-after"><h4>{ "after the last event" }</h4>{ Html::from_html_unchecked(view.after.clone()) }</div>
            </div>
        </section>
    }
}
