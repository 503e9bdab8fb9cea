//! Keeps each editor's text in `localStorage`, so that nothing the user typed is lost to a
//! reload or a closed tab. Storage can be missing or full (private windows, quotas); the editor
//! then works as before and simply does not persist.

/// The configs editor's text.
pub const CONFIGS: &str = "ctrcfg.editor.v1";
/// The scenario editor's text.
pub const SCENARIO: &str = "ctrcfg.scenario.v1";
/// The Configs view's pools text (the context panel).
pub const POOLS: &str = "ctrcfg.pools.v1";
/// The Configs view's feature-gate overrides, as `--feature-gates` takes them.
pub const GATES: &str = "ctrcfg.gates.v1";
/// The Configs view's feature set (its name).
pub const FEATURE_SET: &str = "ctrcfg.featureset.v1";
/// The Configs view's OpenShift release (its name).
pub const RELEASE: &str = "ctrcfg.release.v1";
/// The Configs view's output tab (its name, `Tab::name` in components/outputs.rs).
pub const OUTPUT: &str = "ctrcfg.output.v1";
/// The Configs view's pool tab (the pool's name).
pub const POOL: &str = "ctrcfg.pool.v1";
/// Which of the two the page shows.
pub const MODE: &str = "ctrcfg.mode.v1";
/// The colour theme chosen in the header: `system`, `light` or `dark`. index.html's first script
/// reads the same key, to apply it before the first paint.
pub const THEME: &str = "ctrcfg.theme.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, text: &str) {
    if let Some(storage) = storage() {
        // A failed write (quota) leaves the previous copy; there is nothing better to do.
        let _ = storage.set_item(key, text);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
