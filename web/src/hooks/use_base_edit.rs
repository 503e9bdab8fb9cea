//! Runs a base-file edit in the edit worker ([`crate::base_edit`]) whenever its request changes,
//! and holds the newest answer. No request, no worker: it is started on the first one.

use crate::base_edit::{Answer, EditWorker};
use yew::prelude::*;

/// The answer to `request` (`None` until the first one arrives); a changed request keeps the
/// previous answer on screen until its own arrives.
#[hook]
pub fn use_base_edit(request: Option<String>) -> Option<Answer> {
    let answer = use_state(|| None::<Answer>);
    let worker = use_memo((), |_| EditWorker::default());
    {
        let worker = worker.clone();
        use_effect_with((), move |_| move || worker.stop());
    }
    {
        let setter = answer.setter();
        use_effect_with(request, move |request| {
            if let Some(request) = request {
                let on_answer = Callback::from(move |a: Answer| setter.set(Some(a)));
                worker.send(request, &on_answer);
            }
        });
    }
    (*answer).clone()
}
