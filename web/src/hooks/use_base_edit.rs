//! Runs a base-file edit in the edit worker ([`crate::base_edit`]) whenever its request changes,
//! and holds the newest answer. No request, no worker: it is started on the first one.

use crate::base_edit::{edit_worker, Answer, EditWorker};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

type Started = (EditWorker, Closure<dyn FnMut(u32, String, String, u32, u32)>);

/// The answer to `request` (`None` until the first one arrives); a changed request keeps the
/// previous answer on screen until its own arrives.
#[hook]
pub fn use_base_edit(request: Option<String>) -> Option<Answer> {
    let answer = use_state(|| None::<Answer>);
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
    let setter = answer.setter();
    use_effect_with(request, move |request| {
        if let Some(request) = request {
            let mut started = worker.borrow_mut();
            let (worker, _) = started.get_or_insert_with(|| {
                let heard = Closure::new(move |state, text, diff, line, column| {
                    setter.set(Some(Answer::from_js(state, text, diff, line, column)))
                });
                (edit_worker(&heard), heard)
            });
            worker.send(request);
        }
    });
    (*answer).clone()
}
