//! The configs view: a YAML editor and its diagnostics on the left; on the right, what lands on
//! the nodes of each pool (files byte for byte, each line linked back to the YAML that set it),
//! what is lost when configs collide, and the rollout. Everything updates on every keystroke;
//! while the text has errors the last valid result stays on screen, marked stale. The feature
//! set and the OpenShift release decide the rules: the release picks the gate table and which
//! upstream checks hold. A config only CRI-O refuses is rendered (the MCO rolls it out), and the
//! status says that the nodes will refuse it. The context panel above the editor holds the
//! cluster's side (feature set, gates, release, pools); its controls and pools text are kept
//! across reloads like the text, except in a widget, which keeps them in its own memory. A
//! docs widget's view is compact: no presets, the context panel only when asked for, the
//! input as read-only code unless editable, and the diagnostics beside the outputs.

use crate::autosave;
use crate::components::context_panel::context_panel;
use crate::components::diagnostics::Diagnostics;
use crate::components::outputs::Outputs;
use crate::components::status_badge::status_badge;
use crate::editor::code_view;
use crate::editor::{CodeEditor, EditorHandle};
use crate::hooks::use_persisted;
use crate::presets::{may_replace, EXAMPLE, PRESETS};
use crate::state::{ConfigsAction as Action, ConfigsState, Context, ViewProps};
use ctrcfg_core::diag::{Origin, Severity};
use ctrcfg_core::gates::FeatureSet;
use ctrcfg_core::release::Release;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The editor's name, on the page and for assistive technology.
const LABEL: &str = "ContainerRuntimeConfigs (YAML or JSON)";

#[function_component(ConfigsView)]
pub fn configs_view(props: &ViewProps) -> Html {
    let editor = use_reducer(|| {
        let text = props.store.load(autosave::CONFIGS).unwrap_or_else(|| EXAMPLE.to_owned());
        let saved = |key| props.store.load(key).unwrap_or_default();
        let context = Context {
            feature_set: FeatureSet::from_name(&saved(autosave::FEATURE_SET)).unwrap_or(FeatureSet::Default),
            release: Release::from_name(&saved(autosave::RELEASE)).unwrap_or_default(),
            ..Context::default()
        }
        .with_pools(&saved(autosave::POOLS))
        .with_overrides_spec(&saved(autosave::GATES));
        ConfigsState::new(text.into(), 0, Rc::new(context), None)
    });
    let handle = use_memo((), |_| EditorHandle::default());

    let store = &props.store;
    use_persisted(store, autosave::CONFIGS, editor.text.clone());
    use_persisted(store, autosave::POOLS, editor.context.pools_text.clone());
    use_persisted(store, autosave::GATES, editor.context.overrides_spec(false).into());
    use_persisted(store, autosave::FEATURE_SET, editor.context.feature_set.name().into());
    use_persisted(store, autosave::RELEASE, editor.context.release.name().into());

    let on_change = {
        let editor = editor.dispatcher();
        Callback::from(move |text: String| editor.dispatch(Action::Edit(text)))
    };
    // Choosing a preset loads it (after asking, over edits) and puts the menu back on its title.
    let on_preset = {
        let (editor, handle) = (editor.clone(), handle.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let chosen = select.value().parse::<usize>().ok().and_then(|i| PRESETS.get(i));
            select.set_value("");
            if let Some(preset) = chosen {
                let now = handle.text().unwrap_or_else(|| editor.text.to_string());
                if may_replace(&now, &editor.loaded, "preset", preset.title, "Ctrl-Z in the editor brings them back.") {
                    editor.dispatch(Action::Load(preset.text.to_owned()));
                }
            }
        })
    };
    let presets = PRESETS.iter().enumerate().map(|(i, p)| html! { <option value={i.to_string()}>{ p.title }</option> });
    let cursor = use_state_eq(|| None::<usize>);
    let on_cursor = {
        let cursor = cursor.clone();
        Callback::from(move |at: Option<usize>| cursor.set(at))
    };
    let on_context = {
        let editor = editor.dispatcher();
        Callback::from(move |action: Action| editor.dispatch(action))
    };

    let diagnostics: Vec<_> = editor.rendered.diagnostics().cloned().collect();
    let marks = diagnostics.clone();
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let crio = diagnostics.iter().any(|d| d.severity == Severity::Error && d.origin == Origin::Crio);
    let stale = editor.rendered.plan.is_none();
    let compact = props.compact;
    let diagnostics = html! { <Diagnostics {diagnostics} text={editor.text.clone()} handle={(*handle).clone()} /> };
    let input = if props.editable() {
        let rows = compact.map(|_| editor.text.lines().count().max(1));
        html! { <CodeEditor handle={(*handle).clone()} text={editor.text.clone()} version={editor.version}
        diagnostics={marks} {on_change} store={store.clone()} save_key={autosave::CONFIGS}
        label={LABEL} assist={editor.options.clone()} on_cursor={on_cursor} {rows} /> }
    } else {
        code_view(&handle, &editor.text, LABEL)
    };
    html! {
        <@{if compact.is_some() { "div" } else { "main" }} class="view">
            <section class="pane">
                if compact.is_none() {
                    <div class="pane-head">
                        <h2><label for="editor">{ LABEL }</label></h2>
                        <div class="controls">
                            <select id="preset" aria-label="Load a preset" onchange={on_preset}>
                                <option value="" selected=true disabled=true>{ "Load a preset\u{2026}" }</option>
                                { for presets }
                            </select>
                        </div>
                    </div>
                }
                if compact.is_none_or(|c| c.context) { { context_panel(&editor.context, &on_context) } }
                { input }
                if compact.is_none() { { diagnostics.clone() } }
            </section>
            <section class="pane result">
                <div class="pane-head">
                    <h2>{ "On the nodes" }</h2>
                    { status_badge(stale, errors, crio, editor.last_good.is_some()) }
                </div>
                if compact.is_some() { { diagnostics } }
                if let Some((plan, text, context)) = &editor.last_good {
                    <Outputs plan={plan.clone()} text={text.clone()} context={context.clone()} {stale} handle={(*handle).clone()}
                        cursor={(!stale && **text == *editor.text).then_some(*cursor).flatten()} store={store.clone()} />
                } else {
                    <div id="preview" class="preview"><p>{ "No ContainerRuntimeConfig to render yet." }</p></div>
                }
            </section>
        </@>
    }
}
