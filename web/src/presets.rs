//! The texts a user can start from: the Configs view's presets, one per seed story, each a
//! ContainerRuntimeConfig, and the Scenario view's stories. Every text is a file the tests
//! check too (`examples/`, `tests/vectors/render/`, `tests/scenarios/`).

/// The example a first visit starts from; the same file is a tested vector.
pub const EXAMPLE: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

/// A text a view starts from: its name in a deep link (`#preset=<name>` for a config,
/// `#story=<name>` for a scenario: its file's name), the menu's title for it, and its text.
pub struct Preset {
    pub name: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

const fn preset(name: &'static str, title: &'static str, text: &'static str) -> Preset {
    Preset { name, title, text }
}

/// In the order the menu shows them.
pub const PRESETS: [Preset; 7] = [
    preset("image-stores", "Two read-only image caches", EXAMPLE),
    preset("lazy-pulling", "Lazy pulling with stargz-store", include_str!("../../examples/lazy-pulling.yaml")),
    preset("nfs-image-cache", "A shared NFS image cache", include_str!("../../examples/nfs-image-cache.yaml")),
    preset("ml-models-ssd", "ML models on an SSD artifact store", include_str!("../../examples/ml-models-ssd.yaml")),
    preset("air-gapped-edge", "An air-gapped edge node", include_str!("../../examples/air-gapped-edge.yaml")),
    preset(
        "two-configs-one-pool",
        "Two configs on one pool",
        include_str!("../../tests/vectors/render/two-configs-one-pool.yaml"),
    ),
    preset("typo-store-path", "A typo in a store path", include_str!("../../examples/typo-store-path.yaml")),
];

/// Whether loading a text (`kind`: a preset, a story) over `text` may go ahead: at once when
/// `text` is what was last loaded (nothing typed would be lost), otherwise only when the user
/// confirms; `back` says how the edits can be had back.
pub fn may_replace(text: &str, loaded: &str, kind: &str, title: &str, back: &str) -> bool {
    if text == loaded {
        return true;
    }
    let question = format!("Replace your edits with the {kind} \u{201c}{title}\u{201d}? ({back})");
    web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false)
}

/// The seed stories, also tested in `core/tests/scenarios.rs`, each with its page in the guide
/// (`docs/stories/<name>.md`); a deep link opens one in the Scenario view (`#story=<name>`, its
/// file's name).
pub const STORIES: [Preset; 11] = [
    preset(
        "lazy-pull-estargz",
        "Lazy pull of an 8 GiB eStargz image",
        include_str!("../../tests/scenarios/lazy-pull-estargz.yaml"),
    ),
    preset(
        "nfs-shared-cache",
        "An NFS cache shared by ten nodes",
        include_str!("../../tests/scenarios/nfs-shared-cache.yaml"),
    ),
    preset(
        "ml-models-ssd",
        "ML models on an SSD artifact store",
        include_str!("../../tests/scenarios/ml-models-ssd.yaml"),
    ),
    preset(
        "air-gapped-usb",
        "An air-gapped edge node fed by USB",
        include_str!("../../tests/scenarios/air-gapped-usb.yaml"),
    ),
    preset(
        "ocne-unclean-reboot",
        "OCNE: a power cut and the graphroot wipe",
        include_str!("../../tests/scenarios/ocne-unclean-reboot.yaml"),
    ),
    preset("plugin-crash", "The layer-store plugin crashes", include_str!("../../tests/scenarios/plugin-crash.yaml")),
    preset("typo-store-path", "A typo in a store path", include_str!("../../tests/scenarios/typo-store-path.yaml")),
    preset(
        "crio-refuses-artifact-path",
        "5.0: a path only CRI-O refuses",
        include_str!("../../tests/scenarios/crio-refuses-artifact-path.yaml"),
    ),
    preset("run-tmpfs-store", "Stores under /run, a tmpfs", include_str!("../../tests/scenarios/run-tmpfs-store.yaml")),
    // Decisions: designs side by side (`variants:`), compared on the same events.
    preset(
        "model-rollout-designs",
        "8 GiB model on 500 nodes: plain, stargz or SSD artifacts",
        include_str!("../../tests/scenarios/model-rollout-designs.yaml"),
    ),
    preset(
        "nfs-cache-vs-pulling",
        "NFS cache for 200 nodes or each node pulling",
        include_str!("../../tests/scenarios/nfs-cache-vs-pulling.yaml"),
    ),
];
