//! "Your own files": on a node configured by hand (outside OpenShift, or CRI-O set up through
//! Ignition), the admin owns storage.conf and crio.conf. The user pastes theirs; ctrcfg sets the
//! keys the MCO would set for the pool, keeping every comment and the layout, and shows the
//! edited file and its diff. The edit runs in the edit worker ([`crate::base_edit`]), started
//! only once this text area has text, so the page never loads it otherwise.

use crate::base_edit::{Answer, Kind};
use crate::components::outputs::output;
use std::rc::Rc;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the tab shows. The file and its text live in the outputs pane (they outlast a switch
/// of tab), and so does the worker's answer.
pub struct OwnFiles<'a> {
    pub kind: Kind,
    pub base: Rc<str>,
    pub answer: Option<&'a Answer>,
    pub on_kind: Callback<Kind>,
    pub on_base: Callback<String>,
    pub pool: &'a str,
    pub on_status: &'a Callback<String>,
}

/// The tab: a plain function rather than a component (each component type costs the wasm
/// several KB).
pub fn own_files(props: &OwnFiles<'_>) -> Html {
    let (kind, base, answer) = (&props.kind, &props.base, props.answer);
    let on_kind = props.on_kind.reform(|e: Event| {
        let crio = e.target_unchecked_into::<HtmlSelectElement>().value() == "crio";
        if crio {
            Kind::Crio
        } else {
            Kind::Storage
        }
    });
    let on_base = props.on_base.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let file = kind.path().rsplit('/').next().unwrap_or_default();
    let result = match (answer, base.trim().is_empty()) {
        (_, true) => html! {},
        (None, false) => html! { <p class="rollout">{ "Editing\u{2026}" }</p> },
        (Some(Answer::Failed { message, line, column }), false) => {
            let at = if *line > 0 { format!("{file}:{line}:{column}: ") } else { String::new() };
            html! { <p class="own-error" id="own-error">{ format!("{at}{message}") }</p> }
        }
        (Some(Answer::Edited { contents, diff }), false) => html! { <>
            { output("own-edited", &format!("{} for pool {}, your comments and layout kept", kind.path(), props.pool),
                contents.clone(), file.to_owned(), props.on_status) }
            if diff.is_empty() {
                <p class="rollout" id="own-diff">{ "Nothing to change: the file already has these settings." }</p>
            } else {
                { output("own-diff", "What changed (unified diff)", diff.clone(), format!("{file}.diff"), props.on_status) }
            }
        </> },
    };
    html! {
        <div id="own-files">
            <p class="rollout">{ "On a node you configure by hand, paste your own file: ctrcfg sets the keys the MCO would set for this pool and keeps the rest as it is." }</p>
            <label class="field">{ "File " }
                <select id="own-kind" onchange={on_kind}>
                    <option value="storage" selected={*kind == Kind::Storage}>{ Kind::Storage.path() }</option>
                    <option value="crio" selected={*kind == Kind::Crio}>{ Kind::Crio.path() }</option>
                </select>
            </label>
            <textarea id="own-base" class="own-base" spellcheck="false" autocomplete="off" wrap="off" rows="8"
                aria-label={format!("Your {file}")} placeholder={format!("Paste your {file} here")}
                value={base.to_string()} oninput={on_base} />
            { result }
        </div>
    }
}
