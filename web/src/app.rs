//! The playground page: a YAML editor on the left, the node's storage.conf on the right, and
//! every diagnostic under the editor. The preview updates on every keystroke; while the text has
//! errors it keeps showing the last valid result, marked as such.

use crate::autosave;
use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::render::STORAGE_CONF_PATH;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{preview, Preview, StorageConf};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The example a first visit starts from; the same file is a tested vector.
const EXAMPLE: &str = include_str!("../../tests/vectors/preview/image-stores.yaml");

#[derive(PartialEq)]
struct Editor {
    text: String,
    preview: Preview,
    /// The last storage.conf outcome computed from text without errors.
    last_good: Option<StorageConf>,
}

impl Editor {
    fn new(text: String) -> Self {
        let preview = preview(&text, &Options::default());
        let last_good = good(&preview.storage_conf);
        Editor { text, preview, last_good }
    }
}

fn good(outcome: &StorageConf) -> Option<StorageConf> {
    match outcome {
        StorageConf::Unavailable => None,
        other => Some(other.clone()),
    }
}

enum Action {
    Edit(String),
}

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                let preview = preview(&text, &Options::default());
                let last_good = good(&preview.storage_conf).or_else(|| self.last_good.clone());
                Rc::new(Editor { text, preview, last_good })
            }
        }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let editor = use_reducer(|| Editor::new(autosave::load().unwrap_or_else(|| EXAMPLE.to_owned())));
    let textarea = use_node_ref();

    use_effect_with(editor.text.clone(), |text| autosave::save(text));

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

    let errors = editor.preview.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();

    html! {
        <div class="app">
            <header>
                <h1>{ "ctrcfg" }</h1>
                <p class="tagline">{ "What a ContainerRuntimeConfig writes onto your OpenShift nodes, checked in your browser." }</p>
            </header>
            <main>
                <section class="pane">
                    <div class="pane-head">
                        <h2><label for="editor">{ "ContainerRuntimeConfig (YAML or JSON)" }</label></h2>
                        <button type="button" onclick={on_example}>{ "Load example" }</button>
                    </div>
                    <textarea id="editor" ref={textarea.clone()} spellcheck="false" autocomplete="off" wrap="off"
                        value={editor.text.clone()} {oninput} />
                    <Diagnostics diagnostics={editor.preview.diagnostics.clone()} text={editor.text.clone()} {textarea} />
                </section>
                <section class="pane">
                    <div class="pane-head">
                        <h2>{ STORAGE_CONF_PATH }</h2>
                        { status_badge(&editor.preview.storage_conf, errors) }
                    </div>
                    { preview_body(&editor.preview.storage_conf, editor.last_good.as_ref()) }
                </section>
            </main>
            <footer>
                { "Rendered as the Machine Config Operator renders it (openshift/machine-config-operator, BurntSushi/toml encoding). Nothing leaves your browser." }
            </footer>
        </div>
    }
}

fn status_badge(outcome: &StorageConf, errors: usize) -> Html {
    match outcome {
        StorageConf::Unavailable if errors > 0 => {
            let noun = if errors == 1 { "error" } else { "errors" };
            html! { <span class="badge stale" id="preview-status">{ format!("last valid result — fix {errors} {noun} to update") }</span> }
        }
        StorageConf::Unavailable => {
            html! { <span class="badge" id="preview-status">{ "nothing to render" }</span> }
        }
        _ => html! { <span class="badge live" id="preview-status">{ "live" }</span> },
    }
}

fn preview_body(outcome: &StorageConf, last_good: Option<&StorageConf>) -> Html {
    let shown = match outcome {
        StorageConf::Unavailable => last_good,
        current => Some(current),
    };
    let stale = matches!(outcome, StorageConf::Unavailable);
    let class = classes!("preview", stale.then_some("is-stale"));
    match shown {
        Some(StorageConf::Rendered(text)) => html! { <pre id="preview" {class}>{ text }</pre> },
        Some(StorageConf::NotWritten) => html! {
            <div id="preview" {class}>
                <p>{ "The MCO writes no storage.conf for this config, so nodes keep the default one from its template." }</p>
                <p>{ "Additional layer or image stores make it write one." }</p>
            </div>
        },
        Some(StorageConf::Unavailable) | None => html! {
            <div id="preview" {class}><p>{ "No ContainerRuntimeConfig to render yet." }</p></div>
        },
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticsProps {
    diagnostics: Vec<Diagnostic>,
    text: String,
    textarea: NodeRef,
}

/// The diagnostics, each a button that selects the offending text in the editor.
#[function_component(Diagnostics)]
fn diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p class="diagnostics-ok" id="diagnostics">{ "No problems found." }</p> };
    }
    let index = LineIndex::new(&props.text);
    let items = props.diagnostics.iter().map(|d| {
        let pos = index.position(d.span.start);
        let (from, to) = (index.utf16_offset(d.span.start), index.utf16_offset(d.span.end));
        let textarea = props.textarea.clone();
        let onclick = Callback::from(move |_| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                let _ = area.set_selection_range(from as u32, to.max(from + 1) as u32);
            }
        });
        let severity = d.severity.as_str();
        html! {
            <li class={classes!("diagnostic", severity)}>
                <button type="button" {onclick} title="Show in the editor">
                    <span class="where">{ format!("{}:{}", pos.line, pos.column) }</span>
                    <span class="severity">{ severity }</span>
                    <span class="origin">{ d.origin.as_str() }</span>
                    <span class="message">{ d.display_message() }
                        if let Some(note) = &d.note { <span class="note">{ format!(" ({note})") }</span> }
                    </span>
                </button>
            </li>
        }
    });
    html! { <ul class="diagnostics" id="diagnostics">{ for items }</ul> }
}
