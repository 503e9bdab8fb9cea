//! The diagnostics list: each one a button that selects the offending text in the editor, with
//! its severity and its origin (api, mco, crio, lint, ctrcfg), each origin in its own colour.

use crate::editor::EditorHandle;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::text::LineIndex;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub diagnostics: Vec<Diagnostic>,
    pub text: Rc<str>,
    /// The editor the items select text in.
    pub handle: EditorHandle,
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p class="diagnostics-ok" id="diagnostics">{ "No problems found." }</p> };
    }
    let index = LineIndex::new(&props.text);
    let items = props.diagnostics.iter().map(|d| {
        let pos = index.position(d.span.start);
        let onclick = props.handle.on_select(&index, d.span);
        let severity = d.severity.as_str();
        let origin = d.origin.as_str();
        html! {
            <li class={classes!("diagnostic", severity)}>
                <button type="button" {onclick} title="Show in the editor">
                    <span class="where">{ format!("{}:{}", pos.line, pos.column) }</span>
                    <span class="severity">{ severity }</span>
                    <span class={classes!("origin", origin)}>{ origin }</span>
                    <span class="message">{ d.display_message() }
                        if let Some(note) = &d.note { <span class="note">{ format!(" ({note})") }</span> }
                    </span>
                </button>
            </li>
        }
    });
    html! { <ul class="diagnostics" id="diagnostics">{ for items }</ul> }
}
