//! OCI artifacts: CRI-O's read-only artifact stores and main store, its pull rules, and image
//! volumes (KEP-4639) with their file naming and sub paths.

use super::images::Read;
use super::*;
use crate::paths::go_clean;

/// The trace line of one read-only artifact store checked.
fn checked(store: u32, found: bool) -> Trace {
    Trace::ArtifactStore { store, found }
}

impl World<'_> {
    /// CRI-O's artifact `Status`: the read-only stores first, in order, then the main store
    /// (`internal/ociartifact/store.go`).
    pub(super) fn find_artifact(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let node = &self.nodes[n];
        if let Some((id, _)) = self.first_holding(n, r, &node.artifact_stores, trace, world::Store::artifact, checked) {
            return Some(Source::AdditionalArtifactStore(id));
        }
        let found = node.artifact(r).is_some();
        trace.push(Trace::MainArtifactStore { found });
        found.then_some(Source::DefaultStore)
    }

    pub(super) fn ensure_artifact(&mut self, n: usize, r: RefId, policy: PullPolicy, d: &mut Draft) -> Result<()> {
        if let Some(done) = self.before_pull(n, r, policy, d, Self::find_artifact) {
            return done;
        }
        d.trace.push(Trace::Manifest);
        if !self.registry_up {
            d.wait(cost::MANIFEST_SECONDS);
            d.trace.push(Trace::RegistryDown);
            return Err(self.registry_error(r));
        }
        d.stages.push(Stage::Manifest);
        self.pull_artifact(n, r, d)
    }

    /// CRI-O's artifact `Pull`: the registry has already been asked for the manifest
    /// (`EnsureNotContainerImage`); a read-only store that holds the artifact skips the pull,
    /// even when the tag has moved since; the main store is always pulled again.
    pub(super) fn pull_artifact(&mut self, n: usize, r: RefId, d: &mut Draft) -> Result<()> {
        let (index, generation) = match self.held(r) {
            Some((Held::Artifact(i), g)) => (i, g),
            Some((Held::Image(_), _)) => {
                return Err(format!("{} is a container image, not an artifact", self.refs.name(r)))
            }
            None => {
                d.requests.manifest(0);
                d.trace.push(Trace::NotInRegistry);
                return Err(format!("reading manifest {}: manifest unknown", self.refs.name(r)));
            }
        };
        let layers = (self.s.registry.artifacts[index].files.len() as u32).max(1);
        d.requests.manifest(layers);
        let stores = &self.nodes[n].artifact_stores;
        if let Some((id, g)) = self.first_holding(n, r, stores, &mut d.trace, world::Store::artifact, checked) {
            d.trace.push(Trace::ArtifactSkipPull { store: id as u32 });
            if g != generation {
                d.trace.push(Trace::StaleCopy { store: id as u32 });
            }
            d.source = Some(Source::AdditionalArtifactStore(id));
            return Ok(());
        }
        let size = self.s.registry.artifacts[index].size;
        let present = self.nodes[n].artifact(r);
        d.trace.push(Trace::MainArtifactStore { found: present.is_some() });
        if present.is_some() {
            d.trace.push(Trace::MainStoreRepull);
        }
        if present == Some(generation) {
            d.trace.push(self.text("its blobs are already in the main store: nothing downloaded (modelled)".into()));
            d.source = Some(Source::DefaultStore);
        } else {
            d.trace.push(Trace::DownloadedArtifact { bytes: size });
            d.bytes = d.bytes.saturating_add(size);
            // Artifact layers are stored as blobs, never unpacked.
            d.requests.blobs = d.requests.blobs.saturating_add(layers);
            d.download(size, cost::streams(layers));
            d.source = Some(Source::Registry);
        }
        self.nodes[n].set_artifact(r, generation);
        Ok(())
    }

    pub(super) fn mount_volume(&mut self, n: usize, v: &Volume, d: &mut Draft) -> Result<()> {
        let r = self.refs.id(&v.reference);
        let is_artifact = matches!(self.held(r), Some((Held::Artifact(_), _)));
        let present =
            |w: &Self, trace: &mut Vec<Trace>| w.find_artifact(n, r, trace).or_else(|| w.find_image(n, r, trace));
        let mut t = Vec::new();
        let found = v.policy != PullPolicy::Always && present(self, &mut t).is_some();
        d.trace.append(&mut t);
        if !found {
            if v.policy == PullPolicy::Never {
                return Err(format!(
                    "ErrImageNeverPull: Container image {:?} is not present with pull policy of Never",
                    v.reference
                ));
            }
            if is_artifact {
                self.ensure_artifact(n, r, PullPolicy::Always, d)?;
            } else {
                self.pull_image(n, r, d)?;
            }
        }
        if !self.s.crio.oci_artifact_mount_support {
            d.trace.push(self.text(
                "oci_artifact_mount_support = false (the MCO's setting; CRI-O's own default is true): only images can be mounted".into(),
            ));
        }
        let artifact =
            if self.s.crio.oci_artifact_mount_support { self.find_artifact(n, r, &mut Vec::new()) } else { None };
        if let Some(source) = artifact {
            let files = self.artifact_files(r, v.sub_path.as_deref(), &mut d.trace)?;
            d.trace.push(Trace::Mounted { reference: r, files: files.len() as u32 });
            d.trace.push(Trace::NoUntar);
            self.read_files_on_start(n, r, source, &files, d);
            d.mounts.push(Mount { reference: r, files: Some(files) });
            return Ok(());
        }
        if self.nodes[n].image(r).is_some() || self.find_image(n, r, &mut Vec::new()).is_some() {
            d.mounts.push(Mount { reference: r, files: None });
            return self.read_on_start(n, r, d);
        }
        Err(format!("ImageVolumeMountFailed: image {:?} does not exist locally", v.reference))
    }

    /// The container reads the artifact's mounted files whole as it starts (a model server loads
    /// its weights; a modelled assumption, docs/cost-model.md), from the store that holds them:
    /// a read-only artifact store at its medium's speed (or sharing a shared store), the main
    /// store at the graphroot's.
    fn read_files_on_start(&mut self, n: usize, r: RefId, source: Source, files: &[MountedFile], d: &mut Draft) {
        let mut bytes = files.iter().filter_map(|f| f.size).fold(0u64, u64::saturating_add);
        if bytes == 0 {
            if let Some((Held::Artifact(i), _)) = self.held(r) {
                bytes = self.s.registry.artifacts[i].size;
            }
        }
        match source {
            _ if bytes == 0 => {}
            Source::AdditionalArtifactStore(id) => {
                let store = &self.stores.all[id];
                let line = format!(
                    "starting: {} of the mounted files read from {} ({}, read-only)",
                    units::human(bytes),
                    store.path,
                    store.medium.name()
                );
                let read = Read::store(id, store);
                let line = self.text(line);
                d.trace.push(line);
                read.read(bytes, d);
            }
            _ => Read::Local(self.graphroot_bandwidth(n)).read(bytes, d),
        }
    }

    /// Each layer is one read-only file named by its title, or else its CNAI model file path;
    /// a layer with neither is skipped with a warning. A sub path keeps the files below it.
    pub(super) fn artifact_files(
        &self,
        r: RefId,
        sub_path: Option<&str>,
        trace: &mut Vec<Trace>,
    ) -> Result<Vec<MountedFile>> {
        let Some((Held::Artifact(i), _)) = self.held(r) else {
            trace.push(Trace::LayersUnknown);
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        for (layer, f) in self.s.registry.artifacts[i].files.iter().enumerate() {
            match f.title.as_ref().or(f.filepath.as_ref()) {
                Some(name) => files.push(MountedFile { path: name.clone(), size: f.size }),
                None => trace.push(Trace::TitleMissing { layer: layer as u32 }),
            }
        }
        let Some(sub) = sub_path.map(go_clean).filter(|p| p != ".") else {
            return Ok(files);
        };
        let prefix = format!("{sub}/");
        let kept: Vec<MountedFile> = files
            .into_iter()
            .filter_map(|f| {
                f.path.strip_prefix(&prefix).map(|rest| MountedFile { path: rest.to_owned(), size: f.size })
            })
            .collect();
        if kept.is_empty() {
            return Err(format!(
                "ImageVolumeMountFailed: sub path {:?} does not exist in OCI artifact volume {:?}",
                sub_path.unwrap_or_default(),
                self.refs.name(r)
            ));
        }
        Ok(kept)
    }
}
