//! The steps, grouped by the worker (`sim_view/steps.rs`, which says why grouping rather than a
//! virtual list), with a filter for failed steps. The filter hides rows with CSS, so it costs
//! no new answer; a click on a row's head selects its event in the editor (one listener on the
//! list reads the row's UTF-16 range from its `data-from` and `data-to`).

use crate::editor::EditorHandle;
use crate::state::SimView;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// The rows of `view`, all or (while `only_failed` holds true) only the failed ones; the
/// filter's state belongs to the view, so it survives each new answer.
pub fn step_groups(view: &SimView, handle: &EditorHandle, only_failed: &UseStateHandle<bool>) -> Html {
    let onclick = {
        let handle = handle.clone();
        Callback::from(move |e: MouseEvent| {
            let head = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(".step-head").ok().flatten());
            let at = |name: &str| head.as_ref().and_then(|h| h.get_attribute(name)).and_then(|v| v.parse().ok());
            if let (Some(from), Some(to)) = (at("data-from"), at("data-to")) {
                handle.select(from, to);
            }
        })
    };
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
            <ol class={classes!("steps", only_failed.then_some("only-failed"))} id="steps" {onclick}>
                { Html::from_html_unchecked(view.steps.clone()) }
            </ol>
            if **only_failed && view.failed == 0 { <p class="rollout" id="no-failed">{ "No step failed." }</p> }
        </>
    }
}
