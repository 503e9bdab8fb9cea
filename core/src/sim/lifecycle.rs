//! A node's life: CRI-O's start, removals, reboots (and the wipe after an unclean one), and
//! rollouts of applied configs.

use super::*;
use crate::validate::crio;

impl World<'_> {
    /// CRI-O's start: containers-storage opens the overlay driver, which stats every image and
    /// layer store (a missing one is fatal: `storage/drivers/overlay/overlay.go`); CRI-O then
    /// validates its runtime config, `additional_artifact_stores` included (`Config.Validate`
    /// runs the root config's check before the runtime config's; [`crio::startup_error`]), and
    /// opens each artifact store, skipping one it cannot open (`internal/ociartifact/store.go`).
    /// The enhancement's failure table says a missing path only warns; the code stops CRI-O.
    pub(super) fn start_crio(&mut self, n: usize, trace: &mut Vec<Trace>) -> bool {
        let count = self.s.nodes.len();
        let config = self.nodes[n].config.clone();
        // The error CRI-O exits with, and ctrcfg's remark on where it comes from.
        const STORAGE: &str =
            "the enhancement says a missing store only warns; containers-storage's overlay driver refuses to start";
        const CONFIG: &str =
            "CRI-O's own config check, pkg/config/config.go; the API server and the MCO accepted the path";
        let mut result: std::result::Result<(), (String, &str)> = Ok(());
        let image_stores: Vec<StoreId> = config.image_stores.iter().map(|p| self.stores.ensure(p, count)).collect();
        let layer_stores: Vec<StoreId> =
            config.layer_stores.iter().map(|(p, _)| self.stores.ensure(p, count)).collect();
        for (&id, p) in image_stores.iter().zip(&config.image_stores) {
            if result.is_ok() && !self.stores.all[id].exists(n) {
                result = Err((
                    format!("overlay: can't stat imageStore dir {p}: stat {p}: no such file or directory"),
                    STORAGE,
                ));
            }
        }
        for (&id, (p, _)) in layer_stores.iter().zip(&config.layer_stores) {
            if result.is_ok() && !self.stores.all[id].exists(n) {
                let error =
                    format!("overlay: can't stat additionallayerstore dir: stat {p}: no such file or directory");
                result = Err((error, STORAGE));
            }
        }
        if result.is_ok() {
            let paths = config.artifact_stores.iter().map(String::as_str);
            if let Some((_, error)) = crio::startup_error(self.s.options.gates.release(), paths) {
                result = Err((error, CONFIG));
            }
        }
        // Storage comes up first; CRI-O opens artifact stores only once it has.
        let mut artifact_stores = Vec::new();
        let mut notable = result.is_err();
        for p in config.artifact_stores.iter().filter(|_| result.is_ok()) {
            let id = self.stores.ensure(p, count);
            let store = &mut self.stores.all[id];
            if !store.exists(n) && store.read_only {
                trace.push(Trace::ArtifactStoreSkipped { store: id as u32 });
                notable = true;
                continue;
            }
            if !store.exists(n) {
                store.create(n);
                notable = true;
                trace.push(self.text(format!(
                    "{p}/artifacts did not exist: CRI-O created it (libartifact NewArtifactStore runs MkdirAll) and uses it, empty"
                )));
            }
            artifact_stores.push(id);
        }
        match &result {
            Ok(()) => trace.push(self.text(format!("CRI-O started on {}", self.nodes[n].name))),
            Err((e, remark)) => {
                trace.push(self.text(format!("CRI-O cannot start on {}: {e} ({remark})", self.nodes[n].name)))
            }
        }
        let node = &mut self.nodes[n];
        node.crio = result.map_err(|(e, _)| e);
        node.image_stores = image_stores;
        node.layer_stores = layer_stores;
        node.artifact_stores = artifact_stores;
        notable
    }

    /// CRI `RemoveImage` (crictl rmi): only the default store and the main artifact store are
    /// written; for something in a read-only store the call still succeeds.
    pub(super) fn remove(&mut self, n: usize, r: RefId, d: &mut Draft) -> String {
        let name = self.refs.name(r).to_owned();
        let node = &mut self.nodes[n];
        if node.remove_image(r) {
            d.source = Some(Source::DefaultStore);
            return format!("removed {name} from defaultStore");
        }
        if node.remove_artifact(r) {
            d.source = Some(Source::DefaultStore);
            return format!("removed {name} from the main artifact store");
        }
        let image_store = node.image_stores.iter().copied().find(|&id| self.stores.all[id].image(n, r).is_some());
        if let Some(id) = image_store {
            d.source = Some(Source::AdditionalImageStore(id));
            return format!(
                "RemoveImage succeeded, but {name} stays: it lives in the read-only additional image store {} (containers-storage returns ErrNotAnImage and CRI-O treats it as success; podman would refuse with \"cannot remove read-only image\")",
                self.stores.all[id].path
            );
        }
        let artifact_store =
            node.artifact_stores.iter().copied().find(|&id| self.stores.all[id].artifact(n, r).is_some());
        if let Some(id) = artifact_store {
            d.source = Some(Source::AdditionalArtifactStore(id));
            return format!(
                "RemoveImage succeeded, but {name} stays and is still listed: CRI-O removes artifacts only from the main store, and this one is in the read-only store {}/artifacts",
                self.stores.all[id].path
            );
        }
        format!("{name} is not on the node; RemoveImage is idempotent and succeeds")
    }

    /// A reboot. After an unclean one CRI-O checks and repairs storage (`internal_repair`, on by
    /// default) and removes the whole graphroot only if that fails (cri-o
    /// `internal/lib/container_server.go`); the enhancement says it always wipes. Additional
    /// stores are never touched, unless they sit inside the graphroot; any reboot, clean or
    /// not, loses what is under /run ([`World::boot`]).
    pub(super) fn reboot(
        &mut self,
        n: usize,
        clean: bool,
        repair_succeeds: bool,
        trace: &mut Vec<Trace>,
    ) -> Result<String> {
        let graphroot = self.nodes[n].config.graphroot.clone();
        self.nodes[n].containers = 0;
        let mut message = String::from("clean reboot: storage kept");
        if !clean {
            trace.push(self.text(
                "unclean shutdown: the clean_shutdown_file is missing, so CRI-O checks storage and repairs it (internal_repair = true)".into(),
            ));
            if repair_succeeds {
                message = "unclean reboot: storage check found damage and repaired it; everything kept".into();
            } else {
                let (images, artifacts) = self.nodes[n].wipe();
                trace.push(self.text(format!(
                    "repair failed: CRI-O removed the whole graphroot {graphroot}: {images} image(s), {artifacts} artifact(s) in <graphroot>/artifacts, every layer and container"
                )));
                for id in self.stores.inside(&graphroot) {
                    let (i, a) = self.stores.all[id].clear(n);
                    trace.push(self.text(format!(
                        "{} sits inside the graphroot and went with it: {i} image(s), {a} artifact(s)",
                        self.stores.all[id].path
                    )));
                }
                let kept: Vec<String> = self.nodes[n]
                    .image_stores
                    .iter()
                    .chain(&self.nodes[n].artifact_stores)
                    .chain(&self.nodes[n].layer_stores)
                    .filter(|&&id| !crate::paths::is_inside(&self.stores.all[id].path, &graphroot))
                    .map(|&id| self.stores.all[id].path.clone())
                    .collect();
                if !kept.is_empty() {
                    trace.push(self.text(format!("additional stores are not touched: {}", kept.join(", "))));
                }
                message = format!(
                    "unclean reboot: repair failed, graphroot wiped ({images} image(s), {artifacts} artifact(s))"
                );
            }
        }
        let gone = self.boot(n, trace);
        if !gone.is_empty() {
            message.push_str(&format!("; /run is a tmpfs: {} gone", gone.join(", ")));
        }
        self.start_crio(n, trace);
        match &self.nodes[n].crio {
            Ok(()) => Ok(message),
            Err(e) => Err(format!("{message}; CRI-O cannot start: {e}")),
        }
    }

    /// What every boot does before CRI-O starts, for a reboot of any kind and for the reboot the
    /// MCO does to roll out a config. /run is a tmpfs, so each node-local store under it is
    /// gone, directory and contents (a shared store is a network mount whose contents live on
    /// its server, and its one copy is not this node's to lose); CRI-O's start then meets the
    /// missing directory like any other. A node-local plugin's service starts before CRI-O
    /// (stargz-store: Before=crio.service); a shared one runs elsewhere and is not this node's
    /// to start. Returns the paths that went.
    fn boot(&mut self, n: usize, trace: &mut Vec<Trace>) -> Vec<String> {
        let mut gone = Vec::new();
        for id in 0..self.stores.all.len() {
            let store = &mut self.stores.all[id];
            if store.shared {
                continue;
            }
            if store.plugin.is_some() {
                store.set_running(n, true);
            }
            if !crate::validate::lint::on_tmpfs(&store.path) || !store.exists(n) {
                continue;
            }
            let held = match store.remove_dir(n) {
                (0, 0) => "it was empty".to_owned(),
                (images, artifacts) => format!("{images} image(s), {artifacts} artifact(s) with it"),
            };
            let path = store.path.clone();
            trace.push(self.text(format!("{path} is under /run, a tmpfs: the reboot removed the directory ({held})")));
            gone.push(path);
        }
        gone
    }

    /// A config rolled out. It has passed the API server's and the MCO's validation; the MCO
    /// may still refuse to generate its MachineConfig (a pool past ten configs). Every pool
    /// whose files change reboots into it, `maxUnavailable` nodes at a time, each pool on its
    /// own; a node whose CRI-O then fails stops that pool's rollout (the MCO waits for the
    /// node to become Ready, and the pool goes Degraded).
    pub(super) fn apply(&mut self, config: ContainerRuntimeConfig, d: &mut Draft) -> Result<String> {
        let trace = &mut d.trace;
        let name = config.name().to_owned();
        let (document, span) = (config.document, config.span);
        let previous = self.configs.clone();
        match self.configs.iter().position(|c| c.name() == name) {
            Some(i) => self.configs[i] = config,
            None => self.configs.push(config),
        }
        let (pool_configs, plan) = world::pool_configs(self.s, &self.configs);
        let about_it = |d: &&Diagnostic| d.document == document && d.span.start >= span.start && d.span.end <= span.end;
        let refused: Vec<String> = plan
            .diagnostics
            .iter()
            .filter(about_it)
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        if !refused.is_empty() {
            self.configs = previous;
            return Err(format!("the MCO accepts the config but generates nothing for it: {}", refused.join("; ")));
        }
        for d in plan.diagnostics.iter().filter(about_it) {
            let line = self.text(d.message.clone());
            trace.push(line);
        }
        let new_files = files_of(&plan);
        let mut rolled = Vec::new();
        let mut failures = Vec::new();
        // Pools roll out side by side; each wave takes the render model's wave time.
        let mut longest_pool = 0usize;
        for (p, pool) in self.s.options.pools.iter().enumerate() {
            if new_files.get(p) == self.pool_files.get(p) {
                continue;
            }
            let members: Vec<usize> = (0..self.nodes.len()).filter(|&n| self.nodes[n].pool == Some(p)).collect();
            let per_wave = plan.pools[p].rollout.max_unavailable.max(1);
            let mut waves = 0usize;
            for wave in members.chunks(per_wave) {
                waves += 1;
                let mut broken = None;
                for &n in wave {
                    self.nodes[n].config = pool_configs[p].clone();
                    self.nodes[n].containers = 0;
                    self.boot(n, trace);
                    self.start_crio(n, trace);
                    rolled.push(self.nodes[n].name.clone());
                    if let Err(e) = &self.nodes[n].crio {
                        broken.get_or_insert_with(|| format!("{}: {e}", self.nodes[n].name));
                    }
                }
                if let Some(b) = broken {
                    failures.push(format!("pool {} stopped after CRI-O did not come back on {b}", pool.name));
                    break;
                }
            }
            longest_pool = longest_pool.max(waves);
        }
        self.pool_files = new_files;
        d.wait(longest_pool as f64 * cost::WAVE_SECONDS);
        match (failures.is_empty(), rolled.is_empty()) {
            (false, _) => Err(format!(
                "rolled out to {} node(s) ({}); {}; a node that never becomes Ready stops its pool's rollout and the pool goes Degraded",
                rolled.len(),
                rolled.join(", "),
                failures.join("; ")
            )),
            (true, true) => Ok(format!("{name}: no node's files change, nothing reboots")),
            (true, false) => Ok(format!("{name}: rolled out; {} node(s) rebooted into it ({})", rolled.len(), rolled.join(", "))),
        }
    }
}
