//! The scenario view: a Scenario on the left (configs, pools, registry, the store tree, events),
//! and on the right where every image, layer and artifact came from: charts of registry bytes,
//! modelled start-up time and hits per store, the store tree of a node before and after, the
//! per-node figures and the steps, grouped. Sizes follow the scenario; durations are modelled,
//! and the page says so next to each figure. The scenario names the OpenShift level it runs at
//! (`openshiftVersion`, latest when absent), and the view says which.
//!
//! A scenario with `variants:` (designs side by side) shows their comparison first, a table and
//! a chart, and a menu of the variants: the rest of the view is the chosen variant's run.
//!
//! The engine runs in a Web Worker (`hooks/use_simulation.rs`), so that a fleet-sized scenario
//! never blocks typing; the view draws the worker's last answer, marked as updating while a
//! newer text is being simulated.

use crate::autosave;
use crate::components::diagnostics::Diagnostics;
use crate::components::index_menu::index_menu;
use crate::components::step_groups::step_groups;
use crate::components::store_tree::store_tree;
use crate::editor::{code_view, CodeEditor, EditorHandle};
use crate::hooks::{use_persisted, use_simulation, Stopped};
use crate::presets::STORIES;
use crate::state::{SimView, ViewProps};
use ctrcfg_core::validate::Options;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The editor's name, on the page and for assistive technology.
const LABEL: &str = "Scenario (YAML or JSON)";

#[function_component(ScenarioView)]
pub fn scenario_view(props: &ViewProps) -> Html {
    let text: UseStateHandle<Rc<str>> =
        use_state(|| props.store.load(autosave::SCENARIO).unwrap_or_else(|| STORIES[0].text.to_owned()).into());
    // Bumped when a story replaces the text, so the editor shows it.
    let version = use_state(|| 0u32);
    let node = use_state(|| 0usize);
    let variant = use_state(|| 0usize);
    let simulation = use_simulation((*text).clone(), (*node, *variant));
    let (sim, updating) = (simulation.view, simulation.updating);
    let handle = use_memo((), |_| EditorHandle::default());
    let story = use_state(|| 0usize);
    let only_failed = use_state(|| false);
    let pick = |index: &UseStateHandle<usize>| {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };
    let (on_node, on_variant) = (pick(&node), pick(&variant));

    let store = &props.store;
    use_persisted(store, autosave::SCENARIO, (*text).clone());

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
        let (text, story, version, variant) = (text.clone(), story.clone(), version.clone(), variant.clone());
        Callback::from(move |_| {
            text.set(STORIES.get(*story).map_or(STORIES[0].text, |s| s.text).into());
            version.set(*version + 1);
            variant.set(0);
        })
    };
    let options = STORIES.iter().enumerate().map(|(i, s)| {
        html! { <option value={i.to_string()} selected={i == *story}>{ s.title }</option> }
    });
    // The editor marks diagnostics only on the text they were found in; the list keeps the last
    // answer's, placed in its own text, until the next answer comes.
    let fresh = sim.as_ref().filter(|v| v.text == *text);
    let marks = fresh.map_or(Vec::new(), |v| v.diagnostics.clone());
    let (diagnostics, found_in) =
        sim.as_ref().map_or((Vec::new(), (*text).clone()), |v| (v.diagnostics.clone(), v.text.clone()));
    let badge = match sim.as_deref() {
        _ if simulation.stopped.is_some() => {
            html! { <span class="badge stale" id="preview-status">{ "not running" }</span> }
        }
        None => html! { <span class="badge stale" id="preview-status">{ "running\u{2026}" }</span> },
        Some(_) if updating => html! { <span class="badge stale" id="preview-status">{ "updating\u{2026}" }</span> },
        Some(v) if v.ran => html! { <span class="badge live" id="preview-status">{ "live" }</span> },
        Some(_) => html! { <span class="badge stale" id="preview-status">{ "fix the scenario to run it" }</span> },
    };
    let compact = props.compact.is_some();
    let input = if props.editable() {
        let rows = compact.then(|| text.lines().count().max(1));
        html! { <CodeEditor handle={(*handle).clone()} text={(*text).clone()} version={*version}
        diagnostics={marks} {on_change} store={store.clone()} save_key={autosave::SCENARIO}
        label={LABEL} assist={Rc::new(Options::default())} {rows} /> }
    } else {
        code_view(&handle, &text, LABEL)
    };
    let diagnostics = html! { <Diagnostics {diagnostics} text={found_in} handle={(*handle).clone()} /> };
    html! {
        <@{if compact { "div" } else { "main" }} class="view">
            <section class="pane">
                if !compact {
                    <div class="pane-head">
                        <h2><label for="editor">{ LABEL }</label></h2>
                        <div class="controls">
                            <select id="story" onchange={on_story} aria-label="Seed story">{ for options }</select>
                            <button type="button" onclick={on_load}>{ "Load" }</button>
                        </div>
                    </div>
                }
                { input }
                if !compact { { diagnostics.clone() } }
            </section>
            <section class="pane result">
                <div class="pane-head">
                    <h2>{ "Where everything comes from" }</h2>
                    <div class="controls">
                        if let Some(r) = sim.as_ref().and_then(|v| v.release) {
                            <span class="level" id="scenario-level" title={r.describe()}>{ format!("OpenShift level: {}", r.name()) }</span>
                        }
                        { badge }
                    </div>
                </div>
                if compact { { diagnostics } }
                { match &sim {
                    _ if simulation.stopped.is_some() => html! { <div id="simulation" class="preview"><p>{
                        if simulation.stopped == Some(Stopped::Crashed) {
                            "ctrcfg hit an internal error while simulating this scenario. Your text is kept; the next change to it runs the simulation again."
                        } else {
                            "The simulation is not running: its Web Worker failed to load. Reloading the page starts it again."
                        }
                    }</p></div> },
                    Some(v) if v.ran => results(v, updating, &handle, (&on_node, &on_variant), &only_failed),
                    Some(_) => html! {
                        <div id="simulation" class="preview"><p>{ "The scenario has errors; fix them to run it." }</p></div>
                    },
                    None => html! { <div id="simulation" class="preview"><p>{ "Running the scenario\u{2026}" }</p></div> },
                } }
            </section>
        </@>
    }
}

fn results(
    view: &SimView,
    updating: bool,
    handle: &EditorHandle,
    (on_node, on_variant): (&Callback<usize>, &Callback<usize>),
    only_failed: &UseStateHandle<bool>,
) -> Html {
    html! {
        <div id="simulation" class={classes!("preview", updating.then_some("updating"))} aria-busy={updating.to_string()}>
            if !view.variants.is_empty() {
                <section id="comparison" aria-labelledby="comparison-title">
                    <h3 id="comparison-title">{ "Designs side by side" }</h3>
                    { Html::from_html_unchecked(view.compare.clone()) }
                    <div class="charts">{ Html::from_html_unchecked(view.compare_chart.clone()) }</div>
                    <h3>{ "The run of " }{ index_menu("variant", "Variant whose run is shown", &view.variants, view.variant, on_variant) }</h3>
                </section>
            }
            <p id="sim-summary" class="rollout">{ &view.summary }</p>
            <div class="charts">{ Html::from_html_unchecked(view.charts.clone()) }</div>
            { store_tree(view, on_node) }
            { Html::from_html_unchecked(view.nodes.clone()) }
            { step_groups(view, handle, only_failed) }
        </div>
    }
}
