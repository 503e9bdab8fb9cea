//! The store tree of one node, before the scenario's first event and after its last: the
//! graphroot (with `<graphroot>/artifacts`) and each additional image, layer and artifact store
//! the node's rendered files name, with what each holds for that node and its state (mounted,
//! shared, the plugin running). A directory whose contents changed is marked in "after". The
//! node is chosen in a menu (a fleet's first nodes; the engine sends only the chosen node's tree).

use crate::state::{SimView, TreeDir};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn column(dirs: &[&TreeDir], before: &[&TreeDir]) -> Html {
    let items = dirs.iter().map(|d| {
        let changed = before.iter().find(|b| b.path == d.path && b.role == d.role).is_some_and(|b| b.items != d.items);
        html! {
            <li class={classes!("tree-dir", changed.then_some("changed"))} data-path={d.path.clone()}>
                <div class="tree-head">
                    <span class="tree-role">{ &d.role }</span>{ " " }<code>{ &d.path }</code>
                    if changed { <span class="tree-changed">{ " changed" }</span> }
                </div>
                if !d.state.is_empty() { <div class="tree-state">{ &d.state }</div> }
                <ul class="tree-items">
                    if d.items.is_empty() { <li class="tree-empty">{ "empty" }</li> }
                    { for d.items.iter().map(|i| html! { <li>{ i }</li> }) }
                </ul>
            </li>
        }
    });
    html! { <ul class="tree">{ for items }</ul> }
}

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
    let before: Vec<&TreeDir> = view.trees.iter().filter(|d| !d.after).collect();
    let after: Vec<&TreeDir> = view.trees.iter().filter(|d| d.after).collect();
    html! {
        <section class="store-tree" id="store-tree" aria-labelledby="store-tree-title">
            <h3 id="store-tree-title">{ "Store tree of " }
                <select id="tree-node" aria-label="Node whose store tree is shown" onchange={on_change}>{ for options }</select>
            </h3>
            <div class="tree-columns">
                <div id="tree-before"><h4>{ "before the first event" }</h4>{ column(&before, &[]) }</div>
                <div id="tree-after"><h4>{ "after the last event" }</h4>{ column(&after, &before) }</div>
            </div>
        </section>
    }
}
