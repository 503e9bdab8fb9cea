//! The Scenario view's engine, off the page's main thread: a dedicated Web Worker that Trunk
//! builds from this binary (`index.html`, `data-type="worker"`, with its loader shim). It takes
//! a request (a sequence number, a node, a variant, the scenario text) as a string and answers
//! with the view model the page draws (`sim_view/`), so a fleet's
//! million steps never cross to the page. A request that starts with the line `json` (the
//! docs-embed API's `ctrcfgSimulate`, `web/src/embed.rs`) is answered with what `ctrcfg simulate
//! --format json` prints instead: for a scenario with `variants:`, their comparison. Requests are answered in order; the page sends one at
//! a time and drops answers for a text it no longer shows. It is independent of any other
//! worker of the playground: its own binary, its own messages.

#[path = "../sim_view/mod.rs"]
mod sim_view;

use ctrcfg_core::sim;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What `ctrcfg simulate --format json` prints for `text`.
fn json(text: &str) -> String {
    let grouping = sim::groups::Grouping::Shared;
    if sim::compare::has_variants(text) {
        sim::output::comparison_json(&sim::compare::compare(text), text, grouping).to_json()
    } else {
        sim::output::json(&sim::simulate(text), text, grouping).to_json()
    }
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let engine = RefCell::new(sim_view::Engine::default());
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(request) = e.data().as_string() {
            let answer = match request.strip_prefix("json\n") {
                Some(text) => json(text),
                None => engine.borrow_mut().answer(&request),
            };
            let _ = reply.post_message(&answer.into());
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm was running are lost, so the page waits for this one.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
