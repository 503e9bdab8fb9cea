//! Runs a base-file edit in the edit worker ([`crate::base_edit`]) whenever its request changes.
//! No request, no worker: it is started on the first one, and stopped with the view.

use crate::base_edit::{edit_worker, Answer, EditWorker};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

type Started = (EditWorker, Closure<dyn FnMut(u32, String, String, u32, u32)>);

/// Sends `request` to the worker whenever it changes; `on_answer` hears the answer to the
/// newest one (it is taken once, with the first request).
#[hook]
pub fn use_base_edit(request: Option<String>, on_answer: Callback<Answer>) {
    let worker = use_mut_ref(|| None::<Started>);
    {
        let worker = worker.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some((worker, _)) = worker.borrow_mut().take() {
                    worker.stop();
                }
            }
        });
    }
    use_effect_with(request, move |request| {
        if let Some(request) = request {
            let mut started = worker.borrow_mut();
            let (worker, _) = started.get_or_insert_with(|| {
                let heard = Closure::new(move |state, text, diff, line, column| {
                    on_answer.emit(Answer::from_js(state, text, diff, line, column))
                });
                (edit_worker(&heard), heard)
            });
            worker.send(request);
        }
    });
}
