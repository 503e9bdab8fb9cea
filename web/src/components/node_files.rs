//! The right-hand pane: per pool, the files a node ends up with (each line a configuration set
//! links back to the YAML that set it), settings lost to the MCO's merge, conflicts, a merged
//! config, the MachineConfigs and the rollout.

use crate::editor::EditorHandle;
use ctrcfg_core::merge::{Plan, PoolPlan};
use ctrcfg_core::render::NodeFile;
use ctrcfg_core::text::LineIndex;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NodesProps {
    pub plan: Rc<Plan>,
    /// The text the plan was rendered from: source links select spans in it.
    pub text: Rc<str>,
    pub stale: bool,
    /// The editor the source links select text in.
    pub handle: EditorHandle,
    /// The caret's byte offset in `text`, when it is known to be in that text: the lines the
    /// field under it produces are marked.
    #[prop_or_default]
    pub cursor: Option<usize>,
}

#[function_component(Nodes)]
pub fn nodes(props: &NodesProps) -> Html {
    let chosen = use_state(|| None::<String>);
    let pools: Vec<&PoolPlan> = props.plan.pools.iter().filter(|p| !p.machine_configs.is_empty()).collect();
    let class = classes!("preview", props.stale.then_some("is-stale"));
    let Some(first) = pools.first() else {
        return html! {
            <div id="preview" {class}>
                <p>{ "These configs make the MCO write no files: nodes keep their defaults." }</p>
                <p>{ "A config needs a machineConfigPoolSelector that matches a pool, and a field the MCO renders." }</p>
            </div>
        };
    };
    let pool = chosen.as_ref().and_then(|name| pools.iter().find(|p| &p.pool.name == name)).unwrap_or(first);
    let tabs = pools.iter().map(|p| {
        let name = p.pool.name.clone();
        let onclick = {
            let chosen = chosen.clone();
            let name = name.clone();
            Callback::from(move |_| chosen.set(Some(name.clone())))
        };
        let selected = p.pool.name == pool.pool.name;
        html! {
            <button type="button" role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} {onclick}>{ format!("pool {name}") }</button>
        }
    });
    let index = LineIndex::new(&props.text);
    html! {
        <div id="preview" {class}>
            <div class="tabs" role="tablist" id="pools">{ for tabs }</div>
            { rollout(pool) }
            { lost(pool, &index, &props.handle) }
            <div id="files">{ for pool.effective_files.iter().map(|e| file(&e.file, &e.from, &index, &props.handle, props.cursor)) }</div>
            if let Some(merged) = &pool.merged {
                <details class="merged" id="merged">
                    <summary>{ "A merged ContainerRuntimeConfig that keeps every setting" }</summary>
                    <pre class="code">{ merged }</pre>
                </details>
            }
            <details class="machine-configs" id="machine-configs">
                <summary>{ format!("MachineConfigs, in the MCO's merge order ({})", pool.machine_configs.len()) }</summary>
                { for pool.machine_configs.iter().map(|mc| html! {
                    <div class="machine-config"><h4>{ &mc.name }</h4><pre class="code">{ mc.yaml() }</pre></div>
                }) }
            </details>
        </div>
    }
}

fn rollout(pool: &PoolPlan) -> Html {
    let r = &pool.rollout;
    let nodes =
        if r.nodes_assumed { format!("{} nodes (assumed)", r.nodes.len()) } else { format!("{} nodes", r.nodes.len()) };
    let text = if r.reboot {
        format!(
            "{nodes} reboot, {} at a time: {} wave{}, about {} min (modelled)",
            r.max_unavailable,
            r.waves.len(),
            if r.waves.len() == 1 { "" } else { "s" },
            r.modelled_minutes
        )
    } else {
        format!("{nodes}: no file changes, no reboot")
    };
    html! { <p class="rollout" id="rollout">{ text }</p> }
}

/// A file, line by line; lines with a source are buttons that select it in the editor.
fn file(f: &NodeFile, from: &str, index: &LineIndex<'_>, handle: &EditorHandle, cursor: Option<usize>) -> Html {
    let lines = f.contents.lines().enumerate().map(|(i, line)| {
        match f.sources.iter().find(|s| s.line == i + 1) {
            Some(source) => {
                let onclick = handle.on_select(index, source.span);
                let title = format!("Set by {}: show it in the editor", source.field);
                let produced = cursor.is_some_and(|at| source.span.start <= at && at <= source.span.end);
                let class = classes!("line", "linked", produced.then_some("produced"));
                html! { <button type="button" {class} {title} data-field={source.field.to_string()} {onclick}>{ line }</button> }
            }
            None => html! { <span class="line">{ line }</span> },
        }
    });
    html! {
        <section class="file" data-path={f.path.clone()}>
            <h3><span class="path">{ &f.path }</span><span class="from">{ format!("from {from}") }</span></h3>
            <pre class="code">{ for lines }</pre>
        </section>
    }
}

fn lost(pool: &PoolPlan, index: &LineIndex<'_>, handle: &EditorHandle) -> Html {
    if pool.lost.is_empty() && pool.conflicts.is_empty() {
        return html! {};
    }
    let items = pool.lost.iter().map(|l| {
        let onclick = handle.on_select(index, l.span);
        html! {
            <li><button type="button" {onclick} title="Show in the editor">
                <span class="what">{ format!("{} {}", l.config, l.field) }</span>
                <span class="why">{ &l.reason }</span>
            </button></li>
        }
    });
    let conflicts = pool.conflicts.iter().map(|c| {
        let values: Vec<String> = c.values.iter().map(|(config, v)| format!("{config}: {v}")).collect();
        html! { <li class="conflict"><span class="what">{ c.field.to_string() }</span>
        <span class="why">{ format!("{} ({})", c.message, values.join(", ")) }</span></li> }
    });
    html! {
        <div class="lost" id="lost">
            <h3>{ "Lost on this pool" }</h3>
            <ul>{ for items }{ for conflicts }</ul>
        </div>
    }
}
