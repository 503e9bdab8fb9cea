//! The store tree of one node, before the scenario's first event and after its last (drawn by
//! the worker, `sim_view/store_tree.rs`), and the menu that chooses the node: a fleet's first
//! nodes, since the worker sends only the chosen node's tree.

use crate::components::index_menu::index_menu;
use crate::state::SimView;
use yew::prelude::*;

/// Node `view.node`'s tree; choosing another node calls `on_node` with its index.
pub fn store_tree(view: &SimView, on_node: &Callback<usize>) -> Html {
    html! {
        <section class="store-tree" id="store-tree" aria-labelledby="store-tree-title">
            <h3 id="store-tree-title">{ "Store tree of " }
                { index_menu("tree-node", "Node whose store tree is shown", &view.choices, view.node, on_node) }
            </h3>
            <div class="tree-columns">
                <div id="tree-before"><h4>{ "before the first event" }</h4>{ Html::from_html_unchecked(view.before.clone()) }</div>
                <div id="tree-after"><h4>{ "after the last event" }</h4>{ Html::from_html_unchecked(view.after.clone()) }</div>
            </div>
        </section>
    }
}
