//! The configs view: a YAML editor and its diagnostics on the left; on the right, what lands on
//! the nodes of each pool (files byte for byte, each line linked back to the YAML that set it),
//! what is lost when configs collide, and the rollout. Everything updates on every keystroke;
//! while the text has errors the last valid result stays on screen, marked stale.

use crate::autosave;
use crate::diagnostics::Diagnostics;
use crate::nodes::Nodes;
use crate::ViewProps;
use ctrcfg_core::diag::Severity;
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::merge::Plan;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{render, Rendered};
use std::rc::Rc;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The example a first visit starts from; the same file is a tested vector.
pub const EXAMPLE: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

#[derive(PartialEq)]
struct Editor {
    text: String,
    feature_set: FeatureSet,
    rendered: Rendered,
    /// The last plan computed from a text without errors, and the text it came from (its
    /// source links point into that text).
    last_good: Option<(Rc<Plan>, Rc<str>)>,
}

impl Editor {
    fn new(text: String, feature_set: FeatureSet, previous: Option<(Rc<Plan>, Rc<str>)>) -> Self {
        let options = Options { gates: FeatureGates::new(feature_set), ..Options::default() };
        let rendered = render(&text, &options);
        let last_good = match &rendered.plan {
            Some(plan) => Some((Rc::new(plan.clone()), Rc::from(text.as_str()))),
            None => previous,
        };
        Editor { text, feature_set, rendered, last_good }
    }
}

enum Action {
    Edit(String),
    FeatureSet(FeatureSet),
}

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let previous = self.last_good.clone();
        Rc::new(match action {
            Action::Edit(text) => Editor::new(text, self.feature_set, previous),
            Action::FeatureSet(set) => Editor::new(self.text.clone(), set, previous),
        })
    }
}

#[function_component(ConfigsView)]
pub fn configs_view(props: &ViewProps) -> Html {
    let editor = use_reducer(|| {
        let text = props.initial_text(autosave::CONFIGS).unwrap_or_else(|| EXAMPLE.to_owned());
        Editor::new(text, FeatureSet::Default, None)
    });
    let textarea = use_node_ref();

    let persist = props.persist;
    use_effect_with(editor.text.clone(), move |text| {
        if persist {
            autosave::save(autosave::CONFIGS, text)
        }
    });

    let oninput = {
        let editor = editor.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            editor.dispatch(Action::Edit(area.value()));
        })
    };
    let on_example = {
        let editor = editor.dispatcher();
        Callback::from(move |_| editor.dispatch(Action::Edit(EXAMPLE.to_owned())))
    };
    let on_feature_set = {
        let editor = editor.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(set) = FeatureSet::from_name(&select.value()) {
                editor.dispatch(Action::FeatureSet(set));
            }
        })
    };

    let diagnostics: Vec<_> = editor.rendered.diagnostics().cloned().collect();
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let stale = editor.rendered.plan.is_none();
    let sets = FeatureSet::ALL.iter().map(|s| {
        html! { <option value={s.name()} selected={*s == editor.feature_set}>{ s.name() }</option> }
    });

    html! {
        <main>
            <section class="pane">
                <div class="pane-head">
                    <h2><label for="editor">{ "ContainerRuntimeConfigs (YAML or JSON)" }</label></h2>
                    <div class="controls">
                        <label class="field">{ "Feature set " }
                            <select id="feature-set" onchange={on_feature_set}>{ for sets }</select>
                        </label>
                        <button type="button" onclick={on_example}>{ "Load example" }</button>
                    </div>
                </div>
                <textarea id="editor" ref={textarea.clone()} spellcheck="false" autocomplete="off" wrap="off"
                    value={editor.text.clone()} {oninput} />
                <Diagnostics {diagnostics} text={editor.text.clone()} textarea={textarea.clone()} />
            </section>
            <section class="pane">
                <div class="pane-head">
                    <h2>{ "On the nodes" }</h2>
                    { status_badge(stale, errors, editor.last_good.is_some()) }
                </div>
                if let Some((plan, text)) = &editor.last_good {
                    <Nodes plan={plan.clone()} text={text.clone()} {stale} {textarea} />
                } else {
                    <div id="preview" class="preview"><p>{ "No ContainerRuntimeConfig to render yet." }</p></div>
                }
            </section>
        </main>
    }
}

fn status_badge(stale: bool, errors: usize, has_result: bool) -> Html {
    if !stale {
        return html! { <span class="badge live" id="preview-status">{ "live" }</span> };
    }
    if errors > 0 && has_result {
        let noun = if errors == 1 { "error" } else { "errors" };
        return html! { <span class="badge stale" id="preview-status">{ format!("last valid result — fix {errors} {noun} to update") }</span> };
    }
    if errors > 0 {
        let noun = if errors == 1 { "error" } else { "errors" };
        return html! { <span class="badge stale" id="preview-status">{ format!("fix {errors} {noun} to render") }</span> };
    }
    html! { <span class="badge" id="preview-status">{ "nothing to render" }</span> }
}
