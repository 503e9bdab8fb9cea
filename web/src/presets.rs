//! The Configs view's presets, one per seed story: each a ContainerRuntimeConfig a user can
//! start from. The texts are files the tests check too (`examples/`, `tests/vectors/render/`).

use crate::configs::EXAMPLE;

/// `(title, text)`, in the order the menu shows them.
pub const PRESETS: [(&str, &str); 7] = [
    ("Two read-only image caches", EXAMPLE),
    ("Lazy pulling with stargz-store", include_str!("../../examples/lazy-pulling.yaml")),
    ("A shared NFS image cache", include_str!("../../examples/nfs-image-cache.yaml")),
    ("ML models on an SSD artifact store", include_str!("../../examples/ml-models-ssd.yaml")),
    ("An air-gapped edge node", include_str!("../../examples/air-gapped-edge.yaml")),
    ("Two configs on one pool", include_str!("../../tests/vectors/render/two-configs-one-pool.yaml")),
    ("A typo in a store path", include_str!("../../examples/typo-store-path.yaml")),
];

/// Whether loading a preset over `text` may go ahead: at once when `text` is what was last
/// loaded (nothing typed would be lost), otherwise only when the user confirms.
pub fn may_replace(text: &str, loaded: &str, title: &str) -> bool {
    if text == loaded {
        return true;
    }
    let question =
        format!("Replace your edits with the preset \u{201c}{title}\u{201d}? (Ctrl-Z in the editor brings them back.)");
    web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false)
}
