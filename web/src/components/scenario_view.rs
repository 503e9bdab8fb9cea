//! The scenario view: a Scenario on the left (configs, pools, registry, the store tree, events),
//! and on the right where every image, layer and artifact came from, step by step, what the
//! registry served and what failed. Sizes follow the scenario; durations are modelled, and the
//! page says so next to each figure. The scenario names the OpenShift level it runs at
//! (`openshiftVersion`, latest when absent), and the view says which.

use crate::autosave;
use crate::components::diagnostics::Diagnostics;
use crate::editor::{CodeEditor, EditorHandle};
use crate::hooks::use_persisted;
use crate::presets::STORIES;
use crate::state::ViewProps;
use ctrcfg_core::sim::units::{fixed, human};
use ctrcfg_core::sim::{simulate, Outcome, Simulation};
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The editor's name, on the page and for assistive technology.
const LABEL: &str = "Scenario (YAML or JSON)";

/// Steps drawn at most; a fleet-sized scenario still simulates in full.
const SHOWN_STEPS: usize = 400;

#[function_component(ScenarioView)]
pub fn scenario_view(props: &ViewProps) -> Html {
    let text: UseStateHandle<Rc<str>> =
        use_state(|| props.initial_text(autosave::SCENARIO).unwrap_or_else(|| STORIES[0].1.to_owned()).into());
    // Bumped when a story replaces the text, so the editor shows it.
    let version = use_state(|| 0u32);
    let sim = use_memo((*text).clone(), |t| Rc::new(simulate(t)));
    let handle = use_memo((), |_| EditorHandle::default());
    let story = use_state(|| 0usize);

    let persist = props.persist;
    use_persisted(persist.then_some(autosave::SCENARIO), (*text).clone());

    let on_change = {
        let text = text.clone();
        Callback::from(move |typed: String| text.set(typed.into()))
    };
    let on_story = {
        let story = story.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            story.set(select.value().parse().unwrap_or(0));
        })
    };
    let on_load = {
        let (text, story, version) = (text.clone(), story.clone(), version.clone());
        Callback::from(move |_| {
            text.set(STORIES.get(*story).map_or(STORIES[0].1, |s| s.1).into());
            version.set(*version + 1);
        })
    };
    let options = STORIES.iter().enumerate().map(|(i, (title, _))| {
        html! { <option value={i.to_string()} selected={i == *story}>{ *title }</option> }
    });
    let badge = if sim.ran {
        html! { <span class="badge live" id="preview-status">{ "live" }</span> }
    } else {
        html! { <span class="badge stale" id="preview-status">{ "fix the scenario to run it" }</span> }
    };
    html! {
        <main>
            <section class="pane">
                <div class="pane-head">
                    <h2><label for="editor">{ LABEL }</label></h2>
                    <div class="controls">
                        <select id="story" onchange={on_story} aria-label="Seed story">{ for options }</select>
                        <button type="button" onclick={on_load}>{ "Load" }</button>
                    </div>
                </div>
                <CodeEditor handle={(*handle).clone()} text={(*text).clone()} version={*version}
                    diagnostics={sim.diagnostics.clone()} {on_change} save_key={persist.then_some(autosave::SCENARIO)}
                    label={LABEL} assist={Rc::new(Options::default())} />
                <Diagnostics diagnostics={sim.diagnostics.clone()} text={(*text).clone()} handle={(*handle).clone()} />
            </section>
            <section class="pane">
                <div class="pane-head">
                    <h2>{ "Where everything comes from" }</h2>
                    <div class="controls">
                        if let Some(r) = sim.release {
                            <span class="level" id="scenario-level" title={r.describe()}>{ format!("OpenShift level: {}", r.name()) }</span>
                        }
                        { badge }
                    </div>
                </div>
                { if sim.ran { results(&sim, &text, &handle) } else { html! {
                    <div id="simulation" class="preview"><p>{ "The scenario has errors; fix them to run it." }</p></div>
                } } }
            </section>
        </main>
    }
}

fn results(sim: &Simulation, text: &str, handle: &EditorHandle) -> Html {
    let index = LineIndex::new(text);
    let failed = sim.steps.iter().filter(|s| s.outcome == Outcome::Error).count();
    let nodes = sim.nodes.iter().zip(&sim.per_node).map(|(n, m)| {
        let crio = match &n.crio {
            Ok(()) => html! { <span class="ok">{ "running" }</span> },
            Err(e) => html! { <span class="bad" title={e.clone()}>{ "failed" }</span> },
        };
        html! {
            <tr><td>{ &n.name }</td><td>{ crio }</td><td>{ human(m.registry_bytes) }</td>
                <td>{ format!("{} s", fixed(m.seconds, 1)) }</td><td>{ n.images().count() }</td></tr>
        }
    });
    let steps = sim.steps.iter().take(SHOWN_STEPS).map(|st| {
        let on = st.node.map_or(String::new(), |n| format!(" on {}", sim.nodes[n].name));
        let what = st.reference.map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
        let facts = sim.facts(st);
        let ok = st.outcome == Outcome::Ok;
        let onclick = handle.on_select(&index, st.span);
        let mounts = st.mounts.iter().filter_map(|m| m.files.as_ref().map(|f| (m.reference, f))).map(|(r, files)| {
            let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            html! { <p class="mount">{ format!("mounted {} read-only: {}", sim.refs.name(r), names.join(", ")) }</p> }
        });
        html! {
            <li class={classes!("step", if ok { "ok" } else { "error" })}>
                <button type="button" class="step-head" {onclick} title="Show the event in the editor">
                    <span class="outcome">{ if ok { "ok" } else { "error" } }</span>
                    <span class="what">{ format!("{}{what}{on}", st.kind) }</span>
                    <span class="facts">{ facts.join(" · ") }</span>
                </button>
                <ul class="trace">{ for sim.trace_lines(st).map(|l| html! { <li>{ l }</li> }) }</ul>
                { for mounts }
                if !st.message.is_empty() { <p class="message">{ &st.message }</p> }
            </li>
        }
    });
    let more = sim.steps.len().saturating_sub(SHOWN_STEPS);
    html! {
        <div id="simulation" class="preview">
            <p id="sim-summary" class="rollout">{ format!(
                "{} step(s), {failed} failed; the registry served {} (sizes from the scenario, durations modelled)",
                sim.steps.len(), human(sim.registry_bytes())
            ) }</p>
            <table class="nodes" id="sim-nodes">
                <thead><tr><th>{ "node" }</th><th>{ "CRI-O" }</th><th>{ "from the registry" }</th>
                    <th>{ "time (modelled)" }</th><th>{ "images in its store" }</th></tr></thead>
                <tbody>{ for nodes }</tbody>
            </table>
            <ol class="steps" id="steps">{ for steps }</ol>
            if more > 0 { <p class="rollout">{ format!("… and {more} more step(s); ctrcfg simulate --format json prints them all") }</p> }
        </div>
    }
}
