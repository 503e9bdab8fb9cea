//! A node's store tree as markup, before and after: the graphroot (with
//! `<graphroot>/artifacts`) and each additional image, layer and artifact store the node's
//! rendered files name, with what each holds for the node and its state (medium, shared,
//! mounted, the plugin running). A directory whose contents changed is marked in "after".

use super::markup::{element, text};
use ctrcfg_core::sim::world::Layers;
use ctrcfg_core::sim::{Simulation, StoreRole, TreeStore};

/// One directory: its role, path, state and contents, in words.
struct Dir {
    role: &'static str,
    path: String,
    state: String,
    items: Vec<String>,
}

fn dir(sim: &Simulation, n: usize, t: &TreeStore) -> Dir {
    let role = match t.role {
        StoreRole::Graphroot => "graphroot",
        StoreRole::ImageStore => "additional image store",
        StoreRole::LayerStore => "additional layer store",
        StoreRole::ArtifactStore => "additional artifact store",
    };
    let mut state: Vec<String> = Vec::new();
    if t.role == StoreRole::Graphroot {
        match &sim.nodes[n].crio {
            Ok(()) => state.push("CRI-O running".into()),
            Err(e) => state.push(format!("CRI-O failed: {e}")),
        }
    }
    match t.store.map(|id| &sim.stores.all[id]) {
        Some(s) => {
            state.push(s.medium.name().into());
            if s.shared {
                state.push("shared".into());
            }
            if !s.exists(n) {
                state.push("missing".into());
            } else if !s.is_mounted(n) {
                state.push("mount failed: looks empty".into());
            }
            if let Some(plugin) = &s.plugin {
                state.push(format!("{plugin} {}", if s.is_running(n) { "running" } else { "stopped" }));
            }
        }
        None if t.role != StoreRole::Graphroot => state.push("not described: an empty local directory".into()),
        None => {}
    }
    let path = |id: u32| sim.stores.all.get(id as usize).map_or("?", |s| s.path.as_str());
    let mut items = Vec::new();
    for &(r, generation, layers) in &t.images {
        let mut item = format!("image {}", sim.refs.name(r));
        if generation > 0 {
            item.push_str(&format!(" (retagged content, generation {generation})"));
        }
        match (t.role, layers) {
            (StoreRole::LayerStore, _) => item.push_str(": its layers, served lazily"),
            (_, Layers::Lazy(id)) => item.push_str(&format!(": layers served lazily by {}", path(id))),
            (_, Layers::ReadOnly(id)) => item.push_str(&format!(": layers in {}", path(id))),
            (_, Layers::Own) => {}
        }
        items.push(item);
    }
    for &(r, _) in &t.artifacts {
        let place = if t.role == StoreRole::Graphroot { " (in <graphroot>/artifacts)" } else { "" };
        items.push(format!("artifact {}{place}", sim.refs.name(r)));
    }
    Dir { role, path: t.path.clone(), state: state.join(", "), items }
}

fn column(out: &mut String, dirs: &[Dir], before: &[Dir]) {
    out.push_str("<ul class=\"tree\">");
    for d in dirs {
        let changed = before.iter().any(|b| b.path == d.path && b.role == d.role && b.items != d.items);
        out.push_str(if changed {
            "<li class=\"tree-dir changed\" data-path=\""
        } else {
            "<li class=\"tree-dir\" data-path=\""
        });
        text(out, &d.path);
        out.push_str("\"><div class=\"tree-head\">");
        element(out, "span", "tree-role", d.role);
        out.push(' ');
        element(out, "code", "", &d.path);
        if changed {
            element(out, "span", "tree-changed", " changed");
        }
        out.push_str("</div>");
        if !d.state.is_empty() {
            element(out, "div", "tree-state", &d.state);
        }
        out.push_str("<ul class=\"tree-items\">");
        if d.items.is_empty() {
            element(out, "li", "tree-empty", "empty");
        }
        for i in &d.items {
            element(out, "li", "", i);
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ul>");
}

/// Node `n`'s tree in `start` (before the first event) and in `sim` (after the last), as the
/// markup of two columns.
pub fn store_tree(n: usize, start: &Simulation, sim: &Simulation) -> (String, String) {
    let before: Vec<Dir> = start.store_tree(n).iter().map(|t| dir(start, n, t)).collect();
    let after: Vec<Dir> = sim.store_tree(n).iter().map(|t| dir(sim, n, t)).collect();
    let (mut a, mut b) = (String::new(), String::new());
    column(&mut a, &before, &[]);
    column(&mut b, &after, &before);
    (a, b)
}
