//! Keeps the editor's text in `localStorage`, so that nothing the user typed is lost to a
//! reload or a closed tab. Storage can be missing or full (private windows, quotas); the editor
//! then works as before and simply does not persist.

const KEY: &str = "ctrcfg.editor.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

pub fn save(text: &str) {
    if let Some(storage) = storage() {
        // A failed write (quota) leaves the previous copy; there is nothing better to do.
        let _ = storage.set_item(KEY, text);
    }
}
