//! Saves a view's analysed text in its store whenever it changes. The editor also saves every
//! keystroke at once (before the engine runs); this catches texts that arrive another way: a
//! loaded preset or story, the first visit's example, a control of the context panel.

use crate::autosave::Store;
use std::rc::Rc;
use yew::prelude::*;

/// Saves `text` under `key` in `store` after each render that changed it.
#[hook]
pub fn use_persisted(store: &Store, key: &'static str, text: Rc<str>) {
    let store = store.clone();
    use_effect_with(text, move |text| store.save(key, text));
}
