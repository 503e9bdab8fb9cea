//! The first output tab: per pool, the files a node ends up with (each line a configuration set
//! links back to the YAML that set it, each file with Copy and Download), settings lost to the
//! MCO's merge, conflicts, and the rollout.

use crate::components::copy_download::copy_download;
use crate::editor::EditorHandle;
use ctrcfg_core::merge::PoolPlan;
use ctrcfg_core::render::NodeFile;
use ctrcfg_core::text::LineIndex;
use yew::prelude::*;

/// The "Node files" tab for one pool: its rollout, what is lost, and each file a node ends up
/// with, linked back to the text the plan came from (`index`); `cursor` marks the lines the
/// field under the caret produces.
pub fn node_files(
    pool: &PoolPlan,
    index: &LineIndex<'_>,
    handle: &EditorHandle,
    cursor: Option<usize>,
    on_status: &Callback<String>,
) -> Html {
    html! {
        <>
            { rollout(pool) }
            { lost(pool, index, handle) }
            <div id="files">{ for pool.effective_files.iter().map(|e| file(&e.file, &e.from, index, handle, cursor, on_status)) }</div>
        </>
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
fn file(
    f: &NodeFile,
    from: &str,
    index: &LineIndex<'_>,
    handle: &EditorHandle,
    cursor: Option<usize>,
    on_status: &Callback<String>,
) -> Html {
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
            <h3><span class="path">{ &f.path }</span><span class="from">{ format!("from {from}") }</span>
                { copy_download(&f.contents.as_str().into(), f.path.rsplit('/').next().unwrap_or("file"), on_status) }</h3>
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
