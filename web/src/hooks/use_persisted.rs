//! Saves a view's analysed text under its `localStorage` key whenever it changes. The editor
//! also saves every keystroke at once (before the engine runs); this catches texts that arrive
//! another way: a loaded preset or story, and the first visit's example.

use crate::autosave;
use std::rc::Rc;
use yew::prelude::*;

/// Saves `text` under `key` after each render that changed it; `None` (an embed) saves nothing.
#[hook]
pub fn use_persisted(key: Option<&'static str>, text: Rc<str>) {
    use_effect_with(text, move |text| {
        if let Some(key) = key {
            autosave::save(key, text)
        }
    });
}
