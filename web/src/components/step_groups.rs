//! The steps, grouped: identical steps of one event are one row ("pull X on 9 000 of 10 000
//! nodes"), grouped by the engine (`sim_view.rs`, which says why grouping beats a virtual list
//! here), with a filter for failed steps. Clicking a row selects its event in the editor.

use crate::editor::EditorHandle;
use crate::state::SimView;
use ctrcfg_core::text::LineIndex;
use yew::prelude::*;

/// The groups of `view`, all or (when `only_failed` holds true) only the failed ones; the
/// filter's state belongs to the view, so it survives each new answer.
pub fn step_groups(view: &SimView, handle: &EditorHandle, only_failed: &UseStateHandle<bool>) -> Html {
    let index = LineIndex::new(&view.text);
    let failed = view.groups.iter().filter(|g| !g.ok).count();
    let rows = view.groups.iter().filter(|g| !**only_failed || !g.ok).map(|g| {
        let onclick = handle.on_select(&index, g.span);
        html! {
            <li class={classes!("step", if g.ok { "ok" } else { "error" })}>
                <button type="button" class="step-head" {onclick} title="Show the event in the editor">
                    <span class="outcome">{ if g.ok { "ok" } else { "error" } }</span>
                    <span class="what">{ &g.what }</span>
                    <span class="facts">{ &g.facts }</span>
                </button>
                <ul class="trace">{ for g.trace.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                { for g.mounts.iter().map(|m| html! { <p class="mount">{ m }</p> }) }
                if !g.message.is_empty() { <p class="message">{ &g.message }</p> }
            </li>
        }
    });
    let filter = |failed_only: bool, label: &'static str| {
        let state = only_failed.clone();
        let onchange = Callback::from(move |_| state.set(failed_only));
        html! {
            <label><input type="radio" name="step-filter" value={if failed_only { "failed" } else { "all" }}
                checked={**only_failed == failed_only} {onchange} />{ label }</label>
        }
    };
    html! {
        <>
            <fieldset class="step-filter" id="step-filter">
                <legend>{ "Steps" }</legend>
                { filter(false, "all") }
                { filter(true, "only failed") }
            </fieldset>
            <ol class="steps" id="steps">{ for rows }</ol>
            if **only_failed && failed == 0 { <p class="rollout" id="no-failed">{ "No step failed." }</p> }
            if let Some(more) = &view.groups_more { <p class="rollout" id="steps-more">{ more }</p> }
        </>
    }
}
