//! Images: where CRI-O finds them (containers-storage's default store first, then each
//! additional image store), how a pull goes (layers reused from any store, served lazily by an
//! additional layer store, or downloaded), and what a container reads to start.

use super::*;

/// Where a container reads its start-up bytes: on demand from the registry, from a store every
/// node shares (one server's bandwidth), or from the node's own medium.
pub(super) enum Read {
    Registry,
    Shared(u32),
    Local(u64),
}

impl Read {
    pub(super) fn store(id: usize, store: &world::Store) -> Read {
        if store.shared {
            Read::Shared(id as u32)
        } else {
            Read::Local(store.bandwidth)
        }
    }

    /// Reads `bytes` from here: on demand from the registry (range requests through a layer
    /// store), sharing a shared store's bandwidth, or at a node-local store's own speed.
    pub(super) fn read(self, bytes: u64, d: &mut Draft) {
        match self {
            Read::Registry => {
                d.bytes = d.bytes.saturating_add(bytes);
                d.lazy = true;
                d.requests.on_demand(bytes);
                d.download(bytes, 1);
            }
            Read::Shared(id) => d.stages.push(Stage::Transfer { bytes, from: cost::From::Store(id), streams: 1 }),
            Read::Local(bandwidth) => d.wait(cost::transfer(bytes, bandwidth)),
        }
    }
}

impl World<'_> {
    pub(super) fn held(&self, r: RefId) -> Option<(Held, Gen)> {
        self.registry.get(r as usize).copied().flatten()
    }

    /// kubelet `ImageStatus` → containers-storage `Image()`: the default store first, then the
    /// additional image stores in order (`storage/store.go` `allImageStores`); the enhancement
    /// says the additional stores come first.
    pub(super) fn find_image(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let node = &self.nodes[n];
        let local = node.image(r);
        trace.push(Trace::DefaultStore { found: local.is_some() });
        if let Some(image) = local {
            // A lazily pulled image is a record in the default store whose layers the layer
            // store serves.
            return Some(match image.layers {
                Layers::Lazy(s) => Source::AdditionalLayerStore(s as StoreId),
                Layers::Own | Layers::ReadOnly(_) => Source::DefaultStore,
            });
        }
        let checked = |store, found| Trace::ImageStore { store, found };
        let (id, _) = self.first_holding(n, r, &node.image_stores, trace, world::Store::image, checked)?;
        Some(Source::AdditionalImageStore(id))
    }

    /// The kubelet's pull policy before any pull: `Some(Ok)` when `find` sees it on the node
    /// and the policy is not Always, `Some(Err)` for Never with nothing there, `None` to pull.
    pub(super) fn before_pull(
        &self,
        n: usize,
        r: RefId,
        policy: PullPolicy,
        d: &mut Draft,
        find: fn(&Self, usize, RefId, &mut Vec<Trace>) -> Option<Source>,
    ) -> Option<Result<()>> {
        if policy == PullPolicy::Always {
            return None;
        }
        if let Some(source) = find(self, n, r, &mut d.trace) {
            d.trace.push(Trace::Present { policy });
            d.source = Some(source);
            return Some(Ok(()));
        }
        (policy == PullPolicy::Never).then(|| {
            d.trace.push(Trace::NeverPull);
            Err(format!(
                "ErrImageNeverPull: Container image {:?} is not present with pull policy of Never",
                self.refs.name(r)
            ))
        })
    }

    /// CRI-O's `ImageStatus`: containers-storage first, then, for a reference known as an
    /// artifact, the artifact stores.
    pub(super) fn find_image_or_artifact(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let found = self.find_image(n, r, trace);
        if found.is_some() || !self.is_artifact(n, r) {
            return found;
        }
        self.find_artifact(n, r, trace)
    }

    /// Whether a reference names an artifact: the registry says so, or an artifact store on the
    /// node holds it.
    pub(super) fn is_artifact(&self, n: usize, r: RefId) -> bool {
        matches!(self.held(r), Some((Held::Artifact(_), _)))
            || self.nodes[n].artifact(r).is_some()
            || self.nodes[n].artifact_stores.iter().any(|&id| self.stores.all[id].artifact(n, r).is_some())
    }

    pub(super) fn ensure_image(&mut self, n: usize, r: RefId, policy: PullPolicy, d: &mut Draft) -> Result<()> {
        if let Some(done) = self.before_pull(n, r, policy, d, Self::find_image_or_artifact) {
            return done;
        }
        self.pull_image(n, r, d)
    }

    pub(super) fn registry_error(&self, r: RefId) -> String {
        let name = self.refs.name(r);
        let host = name.split('/').next().unwrap_or(name);
        format!("pinging container registry {host}: Get \"https://{host}/v2/\": dial tcp: connect: connection refused (modelled wording)")
    }

    /// A pull (CRI `PullImage`): the registry is asked for the manifest; layers already in any
    /// store are reused; layers with a TOC digest may be served lazily by an additional layer
    /// store; everything else is downloaded into the default store, the only one pulls write.
    pub(super) fn pull_image(&mut self, n: usize, r: RefId, d: &mut Draft) -> Result<()> {
        d.trace.push(Trace::Manifest);
        if !self.registry_up {
            // The connection is refused: a round trip's worth of time, no request served.
            d.wait(cost::MANIFEST_SECONDS);
            d.trace.push(Trace::RegistryDown);
            return Err(self.registry_error(r));
        }
        d.stages.push(Stage::Manifest);
        let (index, generation) = match self.held(r) {
            Some((Held::Image(i), g)) => (i, g),
            Some((Held::Artifact(_), _)) => {
                d.trace.push(self.text(
                    "the manifest is an OCI artifact, not an image: CRI-O falls back to an artifact pull (internal/storage/image.go shouldTryArtifact)".into(),
                ));
                return self.pull_artifact(n, r, d);
            }
            None => {
                d.requests.manifest(0);
                d.trace.push(Trace::NotInRegistry);
                return Err(format!("reading manifest {}: manifest unknown", self.refs.name(r)));
            }
        };
        let image = &self.s.registry.images[index];
        d.requests.manifest(image.layers);
        let node = &self.nodes[n];
        if node.image(r).is_some_and(|i| i.generation == generation && self.layers_available(n, i.layers)) {
            d.trace.push(Trace::LayersReused { store: None });
            d.source = Some(Source::DefaultStore);
            return Ok(());
        }
        for &id in &node.image_stores {
            if self.stores.all[id].image(n, r) == Some(generation) {
                d.trace.push(Trace::LayersReused { store: Some(id as u32) });
                d.source = Some(Source::AdditionalImageStore(id));
                self.record_image(n, r, generation, Layers::ReadOnly(id as u32));
                return Ok(());
            }
        }
        if image.format.has_toc() {
            if image.format == Format::Nydus {
                d.trace.push(Trace::NydusUnverified);
            }
            for &id in &node.layer_stores {
                let store = &self.stores.all[id];
                if store.plugin.is_none() || !store.is_running(n) || !store.is_mounted(n) {
                    d.trace.push(Trace::LayerStoreNotServing { store: id as u32 });
                } else if !self.s.registry.range_requests {
                    d.trace.push(Trace::LayerStoreNoRange { store: id as u32 });
                } else {
                    d.trace.push(Trace::LayerStoreHit { store: id as u32, format: image.format });
                    let bytes = cost::lazy_metadata(image.size);
                    d.bytes = d.bytes.saturating_add(bytes);
                    d.requests.lazy_pull(image.layers);
                    d.download(bytes, cost::streams(image.layers));
                    d.source = Some(Source::AdditionalLayerStore(id));
                    d.lazy = true;
                    self.record_image(n, r, generation, Layers::Lazy(id as u32));
                    return Ok(());
                }
            }
        } else if !node.layer_stores.is_empty() {
            d.trace.push(Trace::LayerStoreNoToc { format: image.format });
        }
        if image.format == Format::ZstdChunked && !node.config.partial_images {
            d.trace.push(Trace::PartialPullsOff);
        }
        d.trace.push(Trace::Downloaded { bytes: image.size });
        d.bytes = d.bytes.saturating_add(image.size);
        d.requests.full_pull(image.layers);
        d.download(image.size, cost::streams(image.layers));
        d.wait(cost::transfer(image.size, cost::UNPACK_BANDWIDTH));
        d.source = Some(Source::Registry);
        self.record_image(n, r, generation, Layers::Own);
        Ok(())
    }

    /// Whether an image record's layers can be read on node `n` now.
    pub(super) fn layers_available(&self, n: usize, layers: Layers) -> bool {
        match layers {
            Layers::Own => true,
            Layers::Lazy(id) => {
                let store = &self.stores.all[id as usize];
                store.plugin.is_some() && store.is_running(n) && store.is_mounted(n)
            }
            Layers::ReadOnly(id) => self.stores.all[id as usize].is_mounted(n),
        }
    }

    pub(super) fn record_image(&mut self, n: usize, r: RefId, generation: Gen, layers: Layers) {
        self.nodes[n].set_image(r, LocalImage { generation, layers });
    }

    /// The image's size and start-up fraction, when the registry describes it.
    pub(super) fn image_shape(&self, r: RefId) -> (u64, f64) {
        match self.held(r) {
            Some((Held::Image(i), _)) => {
                let image = &self.s.registry.images[i];
                (image.size, image.startup_fraction)
            }
            _ => (0, 1.0),
        }
    }

    /// How fast node `n` reads its default store: at the graphroot's own medium's speed when the
    /// scenario describes the graphroot, else a local disk's.
    pub(super) fn graphroot_bandwidth(&self, n: usize) -> u64 {
        self.stores
            .find(&self.nodes[n].config.graphroot)
            .map_or_else(|| cost::medium_bandwidth(scenario::Medium::Local), |id| self.stores.all[id].bandwidth)
    }

    /// What a container reads of image `r` as it starts (the image's start-up fraction), from
    /// where the node has its layers: on demand from the registry through a layer store, from a
    /// read-only store, or from the default store. The container's own image and each image it
    /// mounts as a volume are read so (a model server loads its weights before it serves).
    pub(super) fn read_on_start(&mut self, n: usize, r: RefId, d: &mut Draft) -> Result<()> {
        let (size, fraction) = self.image_shape(r);
        let startup = cost::startup_bytes(size, fraction);
        // Where the container reads its start-up bytes from, and the line that says so.
        let node = &self.nodes[n];
        let in_store = |id: u32| &self.stores.all[id as usize];
        let read_from: Option<(String, Read)> = match node.image(r).map(|i| i.layers) {
            Some(Layers::Lazy(id)) => {
                let store = in_store(id);
                if store.plugin.is_none() || !store.is_running(n) || !store.is_mounted(n) {
                    return Err(format!(
                        "failed to access to the linked additional layer: {}: nothing serves this lazily pulled image's layers any more (its plugin stopped or its mount failed)",
                        store.path
                    ));
                }
                if !self.registry_up {
                    return Err(format!(
                        "lazy fetch of {} failed: the registry is unreachable, and the layer data a container reads on start is fetched on demand (modelled)",
                        self.refs.name(r)
                    ));
                }
                let line = format!(
                    "starting: {} of the image read on demand from the registry through {} (range requests)",
                    units::human(startup),
                    store.path
                );
                Some((line, Read::Registry))
            }
            Some(Layers::ReadOnly(id)) => {
                let store = in_store(id);
                if !store.is_mounted(n) {
                    return Err(format!(
                        "the layers of {} are in {}, whose mount has failed: the container cannot start (modelled wording)",
                        self.refs.name(r),
                        store.path
                    ));
                }
                let line = format!(
                    "starting: {} read from {} ({}, read-only)",
                    units::human(startup),
                    store.path,
                    store.medium.name()
                );
                Some((line, Read::store(id as usize, store)))
            }
            Some(Layers::Own) => {
                d.wait(cost::transfer(startup, self.graphroot_bandwidth(n)));
                None
            }
            None => {
                let Some(&id) = node.image_stores.iter().find(|&&id| self.stores.all[id].image(n, r).is_some()) else {
                    // What the pull found is an artifact: there is no root file system to run.
                    return Err(format!(
                        "{} is an OCI artifact, not a container image: it can only be mounted as an image volume (modelled wording)",
                        self.refs.name(r)
                    ));
                };
                let store = &self.stores.all[id];
                (startup > 0).then(|| {
                    let line = format!(
                        "starting: {} read from {} ({}, read-only)",
                        units::human(startup),
                        store.path,
                        store.medium.name()
                    );
                    (line, Read::store(id, store))
                })
            }
        };
        if let Some((line, read)) = read_from {
            let line = self.text(line);
            d.trace.push(line);
            read.read(startup, d);
        }
        Ok(())
    }

    pub(super) fn run_container(
        &mut self,
        n: usize,
        r: RefId,
        policy: PullPolicy,
        volumes: &[Volume],
        d: &mut Draft,
    ) -> Result<String> {
        self.ensure_image(n, r, policy, d)?;
        self.read_on_start(n, r, d)?;
        d.wait(cost::CONTAINER_START_SECONDS);
        let image_source = d.source;
        for v in volumes {
            self.mount_volume(n, v, d)?;
        }
        d.source = image_source;
        self.nodes[n].containers += 1;
        Ok(match volumes.len() {
            0 => "container started".to_owned(),
            n => format!("container started with {n} image volume(s)"),
        })
    }
}
