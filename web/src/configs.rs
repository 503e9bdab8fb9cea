//! The configs view: a YAML editor and its diagnostics on the left; on the right, what lands on
//! the nodes of each pool (files byte for byte, each line linked back to the YAML that set it),
//! what is lost when configs collide, and the rollout. Everything updates on every keystroke;
//! while the text has errors the last valid result stays on screen, marked stale. The feature
//! set and the OpenShift release decide the rules: the release picks the gate table and which
//! upstream checks hold. A config only CRI-O refuses is rendered (the MCO rolls it out), and the
//! status says that the nodes will refuse it.

use crate::autosave;
use crate::diagnostics::Diagnostics;
use crate::editor::{CodeEditor, EditorHandle};
use crate::nodes::Nodes;
use crate::presets::{may_replace, PRESETS};
use crate::ViewProps;
use ctrcfg_core::diag::{Origin, Severity};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::merge::Plan;
use ctrcfg_core::release::Release;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{render, Rendered};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The editor's name, on the page and for assistive technology.
const LABEL: &str = "ContainerRuntimeConfigs (YAML or JSON)";

/// The example a first visit starts from; the same file is a tested vector.
pub const EXAMPLE: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

#[derive(PartialEq)]
struct Editor {
    text: Rc<str>,
    /// Bumped when the text is replaced rather than typed (the example), so the editor shows it.
    version: u32,
    feature_set: FeatureSet,
    release: Release,
    rendered: Rendered,
    /// The last plan computed from a text that nothing refused (only CRI-O's errors, if any),
    /// and the text it came from (its source links point into that text).
    last_good: Option<(Rc<Plan>, Rc<str>)>,
    /// What the text was checked against; hover and completion answer for it too.
    options: Rc<Options>,
    /// The text last loaded (a preset, or the first visit's example): a text that differs has
    /// edits a preset would replace.
    loaded: Rc<str>,
}

impl Editor {
    fn new(
        text: Rc<str>,
        version: u32,
        feature_set: FeatureSet,
        release: Release,
        previous: Option<(Rc<Plan>, Rc<str>)>,
    ) -> Self {
        let options = Options { gates: FeatureGates::new(feature_set).at(release), ..Options::default() };
        let rendered = render(&text, &options);
        let last_good = match &rendered.plan {
            Some(plan) => Some((Rc::new(plan.clone()), text.clone())),
            None => previous,
        };
        Editor {
            text: text.clone(),
            version,
            feature_set,
            release,
            rendered,
            last_good,
            options: Rc::new(options),
            loaded: text,
        }
    }
}

enum Action {
    Edit(String),
    /// A text that replaces the editor's (the example).
    Load(String),
    FeatureSet(FeatureSet),
    Release(Release),
}

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let previous = self.last_good.clone();
        let (version, text) = (self.version, self.text.clone());
        let mut loaded = self.loaded.clone();
        let mut next = match action {
            Action::Edit(text) => Editor::new(text.into(), version, self.feature_set, self.release, previous),
            Action::Load(text) => {
                loaded = text.as_str().into();
                Editor::new(text.into(), version + 1, self.feature_set, self.release, previous)
            }
            Action::FeatureSet(set) => Editor::new(text, version, set, self.release, previous),
            Action::Release(release) => Editor::new(text, version, self.feature_set, release, previous),
        };
        next.loaded = loaded;
        Rc::new(next)
    }
}

#[function_component(ConfigsView)]
pub fn configs_view(props: &ViewProps) -> Html {
    let editor = use_reducer(|| {
        let text = props.initial_text(autosave::CONFIGS).unwrap_or_else(|| EXAMPLE.to_owned());
        Editor::new(text.into(), 0, FeatureSet::Default, Release::default(), None)
    });
    let handle = use_memo((), |_| EditorHandle::default());

    let persist = props.persist;
    use_effect_with(editor.text.clone(), move |text| {
        if persist {
            autosave::save(autosave::CONFIGS, text)
        }
    });

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
            if let Some((title, text)) = chosen {
                let now = handle.text().unwrap_or_else(|| editor.text.to_string());
                if may_replace(&now, &editor.loaded, title) {
                    editor.dispatch(Action::Load((*text).to_owned()));
                }
            }
        })
    };
    let presets =
        PRESETS.iter().enumerate().map(|(i, (title, _))| html! { <option value={i.to_string()}>{ *title }</option> });
    let cursor = use_state(|| None::<usize>);
    let on_cursor = {
        let cursor = cursor.clone();
        Callback::from(move |at: Option<usize>| cursor.set(at))
    };
    let on_feature_set = on_select(&editor, |v| FeatureSet::from_name(v).map(Action::FeatureSet));
    let on_release = on_select(&editor, |v| Release::from_name(v).map(Action::Release));

    let diagnostics: Vec<_> = editor.rendered.diagnostics().cloned().collect();
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let crio = diagnostics.iter().any(|d| d.severity == Severity::Error && d.origin == Origin::Crio);
    let stale = editor.rendered.plan.is_none();
    let sets = FeatureSet::ALL.iter().map(|s| {
        html! { <option value={s.name()} selected={*s == editor.feature_set}>{ s.name() }</option> }
    });
    let releases = Release::ALL.iter().map(|r| {
        let text = if *r == Release::Latest { "latest (upstream main)" } else { r.name() };
        html! { <option value={r.name()} title={r.describe()} selected={*r == editor.release}>{ text }</option> }
    });

    html! {
        <main>
            <section class="pane">
                <div class="pane-head">
                    <h2><label for="editor">{ LABEL }</label></h2>
                    <div class="controls">
                        <label class="field">{ "Feature set " }
                            <select id="feature-set" onchange={on_feature_set}>{ for sets }</select>
                        </label>
                        <label class="field">{ "OpenShift " }
                            <select id="openshift-version" title={editor.release.describe()} onchange={on_release}>{ for releases }</select>
                        </label>
                        <select id="preset" aria-label="Load a preset" onchange={on_preset}>
                            <option value="" selected=true disabled=true>{ "Load a preset\u{2026}" }</option>
                            { for presets }
                        </select>
                    </div>
                </div>
                <CodeEditor handle={(*handle).clone()} text={editor.text.clone()} version={editor.version}
                    diagnostics={diagnostics.clone()} {on_change} save_key={persist.then_some(autosave::CONFIGS)}
                    label={LABEL} assist={editor.options.clone()} on_cursor={on_cursor} />
                <Diagnostics {diagnostics} text={editor.text.clone()} handle={(*handle).clone()} />
            </section>
            <section class="pane">
                <div class="pane-head">
                    <h2>{ "On the nodes" }</h2>
                    { status_badge(stale, errors, crio, editor.last_good.is_some()) }
                </div>
                if let Some((plan, text)) = &editor.last_good {
                    <Nodes plan={plan.clone()} text={text.clone()} {stale} handle={(*handle).clone()}
                        cursor={(!stale && **text == *editor.text).then_some(*cursor).flatten()} />
                } else {
                    <div id="preview" class="preview"><p>{ "No ContainerRuntimeConfig to render yet." }</p></div>
                }
            </section>
        </main>
    }
}

/// A `<select>`'s change as an action, when its value names one.
fn on_select(editor: &UseReducerHandle<Editor>, action: fn(&str) -> Option<Action>) -> Callback<Event> {
    let editor = editor.dispatcher();
    Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some(action) = action(&select.value()) {
            editor.dispatch(action);
        }
    })
}

const CRIO_REFUSES: &str = "The API server and the MCO accept it and it is rolled out; CRI-O will not start with these files, so each node that reboots into them stays NotReady";

/// The preview's status. A current plan can stand beside errors: CRI-O's never stop rendering
/// (`crio`: one of them stands), and the MCO can refuse one config while planning (its name
/// suffix). Either way the badge warns, so a rendered result is not read as a healthy one.
fn status_badge(stale: bool, errors: usize, crio: bool, has_result: bool) -> Html {
    let noun = if errors == 1 { "error" } else { "errors" };
    if !stale && errors > 0 {
        let (who, title) = if crio {
            ("CRI-O refuses it on the nodes", Some(CRIO_REFUSES))
        } else {
            ("the MCO refuses a config", None)
        };
        return html! { <span class="badge warn" id="preview-status" {title}>{ format!("rendered, but {who} ({errors} {noun})") }</span> };
    }
    if !stale {
        return html! { <span class="badge live" id="preview-status">{ "live" }</span> };
    }
    if errors > 0 && has_result {
        return html! { <span class="badge stale" id="preview-status">{ format!("last valid result — fix {errors} {noun} to update") }</span> };
    }
    if errors > 0 {
        return html! { <span class="badge stale" id="preview-status">{ format!("fix {errors} {noun} to render") }</span> };
    }
    html! { <span class="badge" id="preview-status">{ "nothing to render" }</span> }
}
