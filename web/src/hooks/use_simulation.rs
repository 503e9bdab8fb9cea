//! Runs the Scenario view's engine off the page's main thread. A fleet scenario (10 000 nodes,
//! a million node-steps) takes about 100 ms to simulate, which on the main thread would freeze
//! typing in either view; so the view hands each text to the `sim_worker` Web Worker
//! (`web/src/bin/sim_worker.rs`, started from Trunk's loader shim) and draws the view model it
//! sends back ([`SimView`], already grouped and capped, so reading it stays far below a frame).
//!
//! One request is in flight at a time: a text typed meanwhile waits, and only the latest waiting
//! one is sent when the answer comes. An answer for a text the view no longer holds is dropped;
//! until the fresh one arrives the view shows the last answer, marked as updating.
//!
//! The page has no copy of the engine to fall back on: it would cost about 9 KB gzip before the
//! first paint (BENCHMARKS.md, issue 12) for browsers that cannot start a worker, which every
//! browser that runs the playground's wasm can. If the worker fails anyway, the view says so in
//! place of its results, and the text stays in the editor and in its draft: a worker that never
//! said it was ready failed to load (blocked), and stays failed; one that failed while running
//! (a panic, which aborts its wasm) crashed, and a fresh worker starts with the next change of
//! the text.

use crate::state::SimView;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

// Trunk writes the worker's loader shim next to the page's own glue; wasm-bindgen puts this
// snippet two levels below it (as with the editor module).
#[wasm_bindgen(inline_js = r#"
export function startSimWorker() {
  return new Worker(new URL('../../sim_worker_loader.js', import.meta.url));
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = startSimWorker)]
    fn start_sim_worker() -> Result<Worker, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn warn(message: &str);
}

/// A request as the engine reads it ([`Engine::answer`]): a sequence number, the node whose
/// store tree and the variant whose steps are wanted, and the scenario text.
fn request(id: u32, (node, variant): Chosen, text: &str) -> String {
    format!("{id}\t{node}\t{variant}\n{text}")
}

/// What the view asks to see of a text: a node's store tree, and a variant's steps, charts and
/// trees (0 for a scenario without variants).
pub type Chosen = (usize, usize);

type Listeners = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(Event)>);

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    /// The worker has said it listens.
    ready: bool,
    /// The last worker failed after it was ready: the next change starts another.
    crashed: bool,
    /// The request in flight, if any.
    sent: Option<u32>,
    /// The latest request wanted: its number, text, node and variant.
    wanted: Option<(u32, Rc<str>, Chosen)>,
    /// The number of the last request sent.
    done: u32,
    on_view: Callback<Rc<SimView>>,
    on_failure: Callback<()>,
    listeners: Option<Listeners>,
}

type Shared = Rc<RefCell<Client>>;

/// Sends the wanted request if the worker listens and nothing is in flight.
fn pump(client: &Shared) {
    let mut c = client.borrow_mut();
    let Some((id, text, chosen)) = c.wanted.clone() else { return };
    if id <= c.done || c.sent.is_some() || !c.ready {
        return;
    }
    if let Some(worker) = &c.worker {
        if worker.post_message(&request(id, chosen, &text).into()).is_ok() {
            c.sent = Some(id);
            c.done = id;
        }
    }
}

fn on_message(client: &Shared, data: String) {
    let fresh = {
        let mut c = client.borrow_mut();
        if data == "ready" {
            c.ready = true;
            None
        } else {
            c.sent = None;
            let wanted = c.wanted.clone();
            wanted.and_then(|(id, text, _)| SimView::read(&data, id, text)).map(|v| (Rc::new(v), c.on_view.clone()))
        }
    };
    if let Some((view, emit)) = fresh {
        emit.emit(view);
    }
    pump(client);
}

/// The worker failed to load or stopped: the view says so.
fn on_error(client: &Shared) {
    warn("ctrcfg: the simulation worker failed");
    let emit = {
        let mut c = client.borrow_mut();
        if let Some(worker) = c.worker.take() {
            worker.terminate();
        }
        c.crashed = c.ready;
        (c.ready, c.sent) = (false, None);
        c.on_failure.clone()
    };
    emit.emit(());
}

fn start(client: &Shared) {
    let worker = match start_sim_worker() {
        Ok(worker) => worker,
        Err(_) => return on_error(client),
    };
    let on_message = {
        let client = client.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(data) = e.data().as_string() {
                on_message(&client, data);
            }
        })
    };
    let on_failure = {
        let client = client.clone();
        Closure::<dyn FnMut(Event)>::new(move |_: Event| on_error(&client))
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
    let mut c = client.borrow_mut();
    c.worker = Some(worker);
    c.listeners = Some((on_message, on_failure));
}

/// Why the engine is not running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The worker did not load (blocked, or no Web Workers).
    Unloaded,
    /// The worker failed while running: another starts with the next change of the text.
    Crashed,
}

/// What the view draws from: the engine's latest answer (`None` until the first), whether it
/// is out of date (the text changed and the engine has not answered yet), and whether the
/// worker failed (to load, or while running).
pub struct Simulation {
    pub view: Option<Rc<SimView>>,
    pub updating: bool,
    pub stopped: Option<Stopped>,
}

/// The simulation of `text`, with the chosen node's store tree and variant's steps.
#[hook]
pub fn use_simulation(text: Rc<str>, chosen: Chosen) -> Simulation {
    let client: Shared = use_mut_ref(Client::default);
    let view = use_state(|| None::<Rc<SimView>>);
    let failed = use_state(|| false);
    {
        let mut c = client.borrow_mut();
        let view = view.clone();
        c.on_view = Callback::from(move |v: Rc<SimView>| view.set(Some(v)));
        let failed = failed.clone();
        c.on_failure = Callback::from(move |()| failed.set(true));
    }
    {
        let client = client.clone();
        use_effect_with((), move |_| {
            start(&client);
            move || {
                let mut c = client.borrow_mut();
                if let Some(worker) = c.worker.take() {
                    worker.terminate();
                }
                c.listeners = None;
            }
        });
    }
    {
        let (client, failed) = (client.clone(), failed.clone());
        use_effect_with((text.clone(), chosen), move |(text, chosen)| {
            let restart = {
                let c = client.borrow();
                c.crashed && c.worker.is_none()
            };
            if restart {
                start(&client);
                failed.set(false);
            }
            {
                let mut c = client.borrow_mut();
                let id = c.wanted.as_ref().map_or(0, |w| w.0) + 1;
                c.wanted = Some((id, text.clone(), *chosen));
            }
            pump(&client);
        });
    }
    let updating = view.as_ref().is_none_or(|v| v.text != text);
    let stopped = failed.then(|| if client.borrow().crashed { Stopped::Crashed } else { Stopped::Unloaded });
    Simulation { view: (*view).clone(), updating, stopped }
}
