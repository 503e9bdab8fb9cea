//! One line of a step's trace. Lines are kept as data while the simulation runs (so a large
//! scenario stays fast) and turned into words only for output. Each line that follows upstream
//! code names it; where the code differs from the enhancement text, the line says so.

use super::scenario::{Format, PullPolicy};
use super::world::{RefId, Refs, Stores};

/// A store's index in [`Stores`], kept small so that a trace line stays 16 bytes.
pub type StoreRef = u32;

#[derive(Clone, Debug, PartialEq)]
pub enum Trace {
    DefaultStore {
        found: bool,
    },
    ImageStore {
        store: StoreRef,
        found: bool,
    },
    /// A store listed in storage.conf whose mount has failed: it looks empty.
    StoreUnmounted {
        store: StoreRef,
    },
    Manifest,
    RegistryDown,
    NotInRegistry,
    /// `Always`: the layers are already in a store, nothing is downloaded.
    LayersReused {
        store: Option<StoreRef>,
    },
    LayerStoreHit {
        store: StoreRef,
        format: Format,
    },
    LayerStoreNoToc {
        format: Format,
    },
    LayerStoreNotServing {
        store: StoreRef,
    },
    LayerStoreNoRange {
        store: StoreRef,
    },
    PartialPullsOff,
    Downloaded {
        bytes: u64,
    },
    /// An artifact pulled into the main artifact store.
    DownloadedArtifact {
        bytes: u64,
    },
    NydusUnverified,
    ArtifactStore {
        store: StoreRef,
        found: bool,
    },
    ArtifactStoreSkipped {
        store: StoreRef,
    },
    MainArtifactStore {
        found: bool,
    },
    ArtifactSkipPull {
        store: StoreRef,
    },
    MainStoreRepull,
    StaleCopy {
        store: StoreRef,
    },
    NeverPull,
    Present {
        policy: PullPolicy,
    },
    Mounted {
        reference: RefId,
        files: u32,
    },
    TitleMissing {
        layer: u32,
    },
    /// An artifact the registry does not describe: its layers are unknown.
    LayersUnknown,
    NoUntar,
    /// A line worded at run time, kept in the simulation's text table.
    Text(u32),
}

impl Trace {
    pub fn render(&self, refs: &Refs, stores: &Stores, texts: &[String]) -> String {
        let path = |s: &StoreRef| stores.all.get(*s as usize).map_or("?", |s| s.path.as_str()).to_owned();
        let found = |f: &bool| if *f { "found" } else { "not found" };
        match self {
            Trace::DefaultStore { found: f } => format!("checked defaultStore: {}", found(f)),
            Trace::ImageStore { store, found: f } => format!("checked additionalImageStore {}: {}", path(store), found(f)),
            Trace::StoreUnmounted { store } => format!(
                "additional store {}: its mount has failed, so the directory looks empty and is skipped",
                path(store)
            ),
            Trace::Manifest => "asked the registry for the manifest".into(),
            Trace::RegistryDown => "the registry is unreachable".into(),
            Trace::NotInRegistry => "the registry has no such manifest".into(),
            Trace::LayersReused { store: Some(s) } => {
                format!("every layer is already in additionalImageStore {}: nothing downloaded", path(s))
            }
            Trace::LayersReused { store: None } => "every layer is already in defaultStore: nothing downloaded".into(),
            Trace::LayerStoreHit { store, format } => format!(
                "checked additionalLayerStore {}: serves the {} layers by TOC digest (lazy pull: metadata now, data on first read)",
                path(store),
                format.name()
            ),
            Trace::LayerStoreNoToc { format } => format!(
                "additional layer stores only serve layers with a TOC digest (eStargz, zstd:chunked); {} layers have none: normal pull",
                format.name()
            ),
            Trace::LayerStoreNotServing { store } => format!(
                "checked additionalLayerStore {}: no plugin is serving it, the directory is empty: lookup misses",
                path(store)
            ),
            Trace::LayerStoreNoRange { store } => format!(
                "checked additionalLayerStore {}: the registry does not serve range requests, so the plugin cannot fetch lazily: lookup misses",
                path(store)
            ),
            Trace::PartialPullsOff => {
                "zstd:chunked partial pulls are off (enable_partial_images = \"false\" in storage.conf, the MCO's template and containers-storage's default since v1.56.0): whole layers are pulled".into()
            }
            Trace::Downloaded { bytes } => format!("pulled {} from the registry into defaultStore", super::units::human(*bytes)),
            Trace::DownloadedArtifact { bytes } => {
                format!("pulled {} from the registry into <graphroot>/artifacts", super::units::human(*bytes))
            }
            Trace::NydusUnverified => {
                "nydus is modelled as the enhancement describes it (lazy through its layer store); unverified: containers/image consults layer stores only for layers with a TOC digest".into()
            }
            Trace::ArtifactStore { store, found: f } => {
                format!("checked additionalArtifactStore {}/artifacts: {}", path(store), found(f))
            }
            Trace::ArtifactStoreSkipped { store } => format!(
                "additionalArtifactStore {}/artifacts could not be opened at CRI-O start and is skipped",
                path(store)
            ),
            Trace::MainArtifactStore { found: f } => format!("checked main artifact store <graphroot>/artifacts: {}", found(f)),
            Trace::ArtifactSkipPull { store } => format!(
                "the artifact already exists in read-only store {}/artifacts: pull skipped (cri-o internal/ociartifact/store.go Pull)",
                path(store)
            ),
            Trace::MainStoreRepull => {
                "the main artifact store is never trusted for a pull: the tag may have moved, so the artifact is pulled again (cri-o internal/ociartifact/store.go)".into()
            }
            Trace::StaleCopy { store } => format!(
                "the registry's tag has moved since {}/artifacts was filled: the read-only copy is stale and still used (crio.conf.5.md)",
                path(store)
            ),
            Trace::NeverPull => "pullPolicy Never: the kubelet does not pull".into(),
            Trace::Present { policy } => format!("pullPolicy {}: present on the node, the kubelet does not pull", policy.name()),
            Trace::Mounted { reference, files } => {
                format!("mounted {} read-only: {files} file(s), each layer bind-mounted as one file", refs.name(*reference))
            }
            Trace::TitleMissing { layer } => format!(
                "layer {} of the artifact has neither org.opencontainers.image.title nor org.cnai.model.filepath: skipped with a warning (\"Unable to find name for artifact layer which makes it not mountable\")",
                layer + 1
            ),
            Trace::NoUntar => {
                "layers are not untarred (the enhancement says they are; CRI-O bind-mounts each blob as a file)".into()
            }
            Trace::LayersUnknown => "the registry does not describe this artifact's layers: no files are listed".into(),
            Trace::Text(i) => texts.get(*i as usize).cloned().unwrap_or_default(),
        }
    }
}
