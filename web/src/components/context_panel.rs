//! The context panel: the cluster the configs are checked against. The feature set and the
//! OpenShift release stay in view as a compact row; the feature-gate overrides and the
//! cluster's MachineConfigPools (pasted `oc get mcp -o yaml`, or ctrcfg's short form) fold
//! away under a one-line summary of what is set. Every output follows this context.

use crate::state::{ConfigsAction as Action, Context};
use ctrcfg_core::gates::{FeatureSet, Gate};
use ctrcfg_core::pools::Pool;
use ctrcfg_core::release::Release;
use ctrcfg_core::text::LineIndex;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The panel, drawn by the Configs view: a plain function rather than a component, since each
/// component type costs the wasm several KB and the panel keeps no state of its own.
pub fn context_panel(c: &Context, on_action: &Callback<Action>) -> Html {
    let select = |action: fn(&str) -> Option<Action>| {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(a) = action(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                on_action.emit(a);
            }
        })
    };
    let sets = FeatureSet::ALL.iter().map(|s| {
        html! { <option value={s.name()} selected={*s == c.feature_set}>{ s.name() }</option> }
    });
    let releases = Release::ALL.iter().map(|r| {
        let text = if *r == Release::Latest { "latest (upstream main)" } else { r.name() };
        html! { <option value={r.name()} title={r.describe()} selected={*r == c.release}>{ text }</option> }
    });
    let gates = Gate::ALL.iter().filter(|g| g.exists_at(c.release)).map(|&gate| {
        let set_default = if gate.enabled_in(c.feature_set, c.release) { "on" } else { "off" };
        let chosen = c.overrides.iter().find(|(g, _)| *g == gate).map(|(_, on)| *on);
        let onchange = on_action.reform(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            Action::Gate(gate, (!value.is_empty()).then(|| value == "on"))
        });
        html! {
            <label class="field gate">{ gate.name() }{ " " }
                <select id={format!("gate-{}", gate.name())} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ format!("as {} sets it ({set_default})", c.feature_set) }</option>
                    <option value="on" selected={chosen == Some(true)}>{ "on" }</option>
                    <option value="off" selected={chosen == Some(false)}>{ "off" }</option>
                </select>
            </label>
        }
    });
    let on_pools =
        on_action.reform(|e: InputEvent| Action::Pools(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let index = LineIndex::new(&c.pools_text);
    let problems = c.pools_diagnostics.iter().map(|d| {
        let at = index.position(d.span.start);
        html! {
            <li class={classes!("diagnostic", d.severity.as_str())}>
                <span class="where">{ format!("{}:{}", at.line, at.column) }</span>
                <span class="message">{ d.display_message() }</span>
            </li>
        }
    });
    let stale = if c.pools_diagnostics.iter().any(|d| d.severity == ctrcfg_core::diag::Severity::Error) {
        " (the last pools read without errors, until these are fixed)"
    } else {
        ""
    };
    html! {
        <section class="context" id="context" aria-label="The cluster the configs are checked against">
            <div class="controls">
                <label class="field">{ "Feature set " }
                    <select id="feature-set" onchange={select(|v| FeatureSet::from_name(v).map(Action::FeatureSet))}>{ for sets }</select>
                </label>
                <label class="field">{ "OpenShift " }
                    <select id="openshift-version" title={c.release.describe()}
                        onchange={select(|v| Release::from_name(v).map(Action::Release))}>{ for releases }</select>
                </label>
            </div>
            <details id="context-details">
                <summary id="context-summary">{ summary(c) }</summary>
                <fieldset class="gates" id="gates">
                    <legend>{ "Feature gates" }</legend>
                    { for gates }
                </fieldset>
                <label for="pools-text" class="field">{ "MachineConfigPools: paste " }<code>{ "oc get mcp -o yaml" }</code>
                    { ", or a list of {name, labels, nodeCount}" }</label>
                <textarea id="pools-text" class="pools-text" spellcheck="false" autocomplete="off" wrap="off" rows="5"
                    placeholder="Empty: the default pools, master and worker" value={c.pools_text.to_string()} oninput={on_pools} />
                if !c.pools_diagnostics.is_empty() {
                    <ul class="diagnostics" id="pools-diagnostics">{ for problems }</ul>
                }
                <p class="pools-summary" id="pools-summary">{ format!("In use{stale}: {}", in_use(&c.pools)) }</p>
            </details>
        </section>
    }
}

/// What is set beyond the two selects, in one line: the gates and the pools.
fn summary(c: &Context) -> String {
    let gates: Vec<String> = c
        .overrides
        .iter()
        .filter(|(g, _)| g.exists_at(c.release))
        .map(|(g, on)| format!("{} {}", g.name(), if *on { "on" } else { "off" }))
        .collect();
    let gates = if gates.is_empty() { format!("gates as {} sets them", c.feature_set) } else { gates.join(", ") };
    let names: Vec<&str> = c.pools.iter().map(|p| p.name.as_str()).collect();
    let whose = if c.pools_used.trim().is_empty() { "defaults" } else { "yours" };
    format!("{} · OpenShift {} · {gates} · pools: {} ({whose})", c.feature_set, c.release.name(), names.join(", "))
}

/// Each pool with its labels and node count.
fn in_use(pools: &[Pool]) -> String {
    if pools.is_empty() {
        return "no pools".into();
    }
    let each: Vec<String> = pools
        .iter()
        .map(|p| {
            let labels: Vec<String> = p.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let assumed = if p.nodes_assumed { ", assumed" } else { "" };
            format!("{} [{}] {} node(s){assumed}", p.name, labels.join(", "), p.nodes.len())
        })
        .collect();
    each.join(" · ")
}
