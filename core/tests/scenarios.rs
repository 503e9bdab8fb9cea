//! The seed stories in `tests/scenarios/`, natively and in headless Chromium.
//!
//! Each scenario's readable trace is compared with its `.out` file (`CTRCFG_BLESS=1` rewrites
//! them; review the diff), and each story's outcome is asserted below with the upstream source
//! of the behaviour it shows.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod golden;

use ctrcfg_core::diag::{Diagnostic, Origin, Severity};
use ctrcfg_core::release::Release;
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::sim::{compare, output, simulate, Outcome, Simulation, Source, Step, StepKind};
use ctrcfg_core::text::LineIndex;

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        const SCENARIOS: &[(&str, &str, &str)] = &[$((
            $name,
            include_str!(concat!("../../tests/scenarios/", $name, ".yaml")),
            include_str!(concat!("../../tests/scenarios/", $name, ".out")),
        )),*];
    };
}

scenarios! {
    "lazy-pull-estargz",
    "nfs-shared-cache",
    "ml-models-ssd",
    "air-gapped-usb",
    "ocne-unclean-reboot",
    "plugin-crash",
    "typo-store-path",
    "crio-refuses-artifact-path",
    "run-tmpfs-store",
    "model-rollout-designs",
    "nfs-cache-vs-pulling",
}

fn run(name: &str) -> Simulation {
    let (_, text, _) = SCENARIOS.iter().find(|(n, _, _)| *n == name).expect("listed");
    let sim = simulate(text);
    assert!(sim.ran, "{name}: {:?}", sim.diagnostics);
    sim
}

fn source(sim: &Simulation, step: &Step) -> String {
    step.source().map_or_else(|| "-".to_owned(), |s| sim.source_label(s))
}

/// What `ctrcfg simulate` prints: the diagnostics, then the trace, or each variant's and their
/// comparison.
fn report(text: &str) -> String {
    let index = LineIndex::new(text);
    let lines = |d: &[Diagnostic]| d.iter().map(|d| format!("{}\n", d.to_compiler_line(&index))).collect::<String>();
    if compare::has_variants(text) {
        let c = compare::compare(text);
        return lines(&c.diagnostics) + &output::comparison_text(&c, Grouping::Shared);
    }
    let sim = simulate(text);
    lines(&sim.diagnostics) + &output::text(&sim, Grouping::Shared)
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn scenario_traces() {
    let results = SCENARIOS.iter().map(|(name, text, expected)| (*name, report(text), *expected));
    golden::check("scenarios", "scenario(s)", results);
}

/// The same scenario always gives byte-identical JSON.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn json_is_deterministic() {
    for (name, text, _) in SCENARIOS.iter().filter(|(_, text, _)| !compare::has_variants(text)) {
        let a = output::json(&simulate(text), text, Grouping::Shared).to_json();
        let b = output::json(&simulate(text), text, Grouping::Shared).to_json();
        assert_eq!(a, b, "{name}");
        let level = simulate(text).release.expect("a scenario").name();
        assert!(
            a.starts_with(&format!("{{\"openshiftVersion\":\"{level}\",\"ran\":true,\"steps\":[{{\"index\":0,")),
            "{name}"
        );
    }
}

/// An 8 GiB eStargz image through stargz-store: only metadata is pulled, the start-up fraction
/// is fetched by range requests when the container starts. containers/image
/// `storage/storage_dest.go` (`tryReusingBlobAsPending`) consults layer stores only for layers
/// with a TOC digest; stargz-snapshotter's `docs/estargz.md` for range requests.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lazy_pull_of_an_estargz_image() {
    let sim = run("lazy-pull-estargz");
    let gib8: u64 = 8 << 30;
    let pull = &sim.steps[0];
    assert_eq!(
        (pull.outcome, pull.lazy, source(&sim, pull).as_str()),
        (Outcome::Ok, true, "additionalLayerStore:/var/lib/stargz-store/store")
    );
    assert_eq!(pull.registry_bytes(), (gib8 as f64 * 0.01).ceil() as u64);
    let start = &sim.steps[1];
    assert_eq!(start.registry_bytes(), (gib8 as f64 * 0.05).ceil() as u64);
    // An OCI image has no TOC digest: a normal pull, whole.
    assert_eq!(
        (sim.steps[2].lazy, sim.steps[2].registry_bytes(), sim.steps[2].source()),
        (false, 500_000_000, Some(Source::Registry))
    );
    // With the plugin stopped the layer store is an empty directory: the lookup misses.
    let fallback = &sim.steps[4];
    assert_eq!((fallback.lazy, fallback.registry_bytes()), (false, gib8));
}

/// Ten nodes share one NFS image cache: containers-storage looks in the default store first and
/// then in each additional image store (`storage/store.go` `allImageStores`), so every pull hits
/// the cache. When the mount fails the store looks empty and every node pulls.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn nfs_cache_shared_by_ten_nodes() {
    let sim = run("nfs-shared-cache");
    assert_eq!(sim.nodes.len(), 10);
    let first: Vec<&Step> = sim.steps.iter().filter(|s| s.event() == Some(0)).collect();
    assert_eq!(first.len(), 10);
    assert!(first.iter().all(|s| s.outcome == Outcome::Ok
        && s.registry_bytes() == 0
        && source(&sim, s) == "additionalImageStore:/mnt/nfs-images"));
    let outage: Vec<&Step> = sim.steps.iter().filter(|s| s.event() == Some(3)).collect();
    assert_eq!(outage.len(), 10);
    assert!(outage.iter().all(|s| s.registry_bytes() == 1 << 30 && s.source() == Some(Source::Registry)));
    assert_eq!(sim.registry_bytes(), 10 << 30);
    // Pulls write only the default store: the NFS copy is untouched, the nodes now have their own.
    assert!(sim.nodes.iter().all(|n| n.images().count() == 1));
}

/// Model weights on a read-only SSD artifact store, mounted as an image volume: each layer is
/// one read-only file named by its title (a layer without a title or CNAI file path is skipped
/// with a warning), a sub path keeps what is below it, nothing is untarred; after a retag the
/// read-only copy is stale but still used, and removal leaves it (cri-o
/// `internal/ociartifact/store.go`: `artifactName`, `FilterMountPathsBySubPath`, `Pull`, `Remove`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn ml_models_on_ssd_artifact_stores() {
    let sim = run("ml-models-ssd");
    let run0 = &sim.steps[0];
    assert_eq!(run0.outcome, Outcome::Ok);
    let files: Vec<&str> = run0.mounts()[0].files.as_ref().unwrap().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(files, ["model.safetensors", "tokenizer.json"]);
    let after_retag = &sim.steps[2];
    assert_eq!(
        (after_retag.registry_bytes(), source(&sim, after_retag).as_str()),
        (0, "additionalArtifactStore:/mnt/ssd-artifacts")
    );
    let traces: Vec<String> = sim.trace_lines(after_retag).collect();
    assert!(
        traces[0] == "asked the registry for the manifest" && traces.iter().any(|t| t.contains("stale")),
        "{traces:?}"
    );
    assert_eq!(sim.steps[3].outcome, Outcome::Error);
    assert_eq!(
        sim.steps[3].message(),
        r#"ImageVolumeMountFailed: sub path "weights" does not exist in OCI artifact volume "quay.io/acme/llm:v2""#
    );
    assert!(sim.steps[4].message().starts_with("RemoveImage succeeded, but quay.io/acme/llm:v2 stays"));
}

/// An air-gapped edge node: what is on the USB stick is found without the registry; anything
/// that must ask the registry fails, including an artifact pull with Always, because CRI-O asks
/// the registry for the manifest before it looks in the read-only stores
/// (`EnsureNotContainerImage` in cri-o `internal/ociartifact/store.go`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn air_gapped_edge_node_fed_by_usb() {
    let sim = run("air-gapped-usb");
    let outcomes: Vec<Outcome> = sim.steps.iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes, [Outcome::Ok, Outcome::Ok, Outcome::Error, Outcome::Error, Outcome::Error]);
    assert_eq!(source(&sim, &sim.steps[0]), "additionalImageStore:/mnt/usb/images");
    assert_eq!(sim.steps[1].mounts().len(), 1);
    assert_eq!(sim.registry_bytes(), 0);
}

/// Oracle OCNE after a power cut: CRI-O checks and repairs storage and, when repair fails,
/// removes the whole graphroot (cri-o `internal/lib/container_server.go`); additional stores
/// survive, except one that sits inside the graphroot.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn ocne_unclean_reboot_wipes_only_the_graphroot() {
    let sim = run("ocne-unclean-reboot");
    assert_eq!(source(&sim, &sim.steps[1]), "defaultStore", "a successful repair keeps everything");
    assert!(sim.steps[2].message().starts_with("unclean reboot: repair failed, graphroot wiped (1 image(s)"));
    // The copy inside the graphroot went too, so the app comes from the registry again.
    assert_eq!(sim.steps[3].source(), Some(Source::Registry));
    assert_eq!(source(&sim, &sim.steps[4]), "additionalImageStore:/var/lib/preloaded-images");
    assert!(sim.steps[5]
        .message()
        .contains("stays: it lives in the read-only additional image store /var/lib/preloaded-images"));
    assert_eq!(sim.steps[6].outcome, Outcome::Ok);
}

/// The plugin crashes: a container on a lazily pulled image cannot start (its layers link into
/// the layer store: `redirectDiffIfAdditionalLayer` in containers-storage's overlay driver);
/// after a reboot the plugin's service is back; with the registry down, on-demand fetches fail.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn plugin_crash_breaks_lazily_pulled_images() {
    let sim = run("plugin-crash");
    assert!(sim.steps[0].lazy);
    assert_eq!(sim.steps[2].outcome, Outcome::Error);
    assert!(sim.steps[2].message().starts_with("failed to access to the linked additional layer"));
    assert_eq!(sim.steps[4].outcome, Outcome::Ok);
    assert_eq!(sim.steps[6].outcome, Outcome::Error);
}

/// A typo'd image store path: containers-storage's overlay driver stats each image store at
/// start and fails (`overlay: can't stat imageStore dir`, `storage/drivers/overlay/overlay.go`),
/// so CRI-O is down on the first node and the MCO stops the rollout there. A refused config rolls
/// out nowhere; the fixed one rolls out to every node.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn typo_in_a_store_path_stops_crio() {
    let sim = run("typo-store-path");
    let apply = &sim.steps[0];
    assert_eq!(apply.outcome, Outcome::Error);
    assert!(apply.message().contains(
        "overlay: can't stat imageStore dir /mnt/nfs-imgaes: stat /mnt/nfs-imgaes: no such file or directory"
    ));
    assert!(
        apply.message().starts_with(
            "rolled out to 1 node(s) (worker-0); pool worker stopped after CRI-O did not come back on worker-0"
        ),
        "{}",
        apply.message()
    );
    assert!(sim.steps[1].message().starts_with("CRI-O is not running on worker-0"));
    assert_eq!(sim.steps[2].outcome, Outcome::Ok, "worker-1 never got the broken config");
    assert!(sim.steps[3].message().starts_with("the config is refused, nothing rolls out"));
    assert_eq!(sim.steps[4].outcome, Outcome::Ok);
    assert!(sim.nodes.iter().all(|n| n.crio.is_ok()));
}

/// A path only CRI-O refuses, at each level. At 5.0 the API server and the MCO accept
/// `/mnt/cache/../models`, so the config rolls out, and CRI-O 1.36 (cri-o #10298, the backport of
/// #10254: `pkg/config/config.go` `RuntimeConfig.Validate`) exits on the first node, which stops
/// the pool. At latest openshift/api #2999 refuses it before anything rolls out. At 4.22 CRI-O
/// 1.35 only wants an absolute path, so every node starts and reads the store it names.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn crio_refuses_a_path_the_api_and_the_mco_accept() {
    const CRIO: &str =
        "validating runtime config: additional_artifact_stores: path \"/mnt/cache/../models\" must not contain '..' components";
    let sim = run("crio-refuses-artifact-path");
    assert_eq!(sim.release, Some(Release::Ocp5_0));
    let crio: Vec<&Diagnostic> = sim.diagnostics.iter().filter(|d| d.origin == Origin::Crio).collect();
    assert_eq!(crio.len(), 1, "{:?}", sim.diagnostics);
    assert_eq!(crio[0].message, CRIO);
    let apply = &sim.steps[0];
    assert_eq!(apply.outcome, Outcome::Error);
    assert!(
        apply.message().starts_with(&format!(
            "rolled out to 1 node(s) (gpu-0); pool worker stopped after CRI-O did not come back on gpu-0: {CRIO}"
        )),
        "{}",
        apply.message()
    );
    assert!(sim.steps[1].message().starts_with("CRI-O is not running on gpu-0"));
    assert_eq!(sim.steps[2].outcome, Outcome::Ok, "gpu-1 never got the config");
    assert_eq!(sim.steps[3].outcome, Outcome::Ok, "the fixed path rolls out");
    assert!(sim.nodes.iter().all(|n| n.crio.is_ok()));

    let (_, text, _) = SCENARIOS.iter().find(|(n, _, _)| *n == "crio-refuses-artifact-path").expect("listed");
    let latest = simulate(&text.replace("openshiftVersion: \"5.0\"", "openshiftVersion: latest"));
    assert!(latest.ran);
    assert!(latest.diagnostics.iter().all(|d| d.origin != Origin::Crio));
    assert!(
        latest.steps[0].message().starts_with("the config is refused, nothing rolls out"),
        "{}",
        latest.steps[0].message()
    );
    assert!(latest.steps[0].message().contains("path must not contain '..' components [api]"));

    // 4.22 has the gate in the preview sets only.
    let old = text.replace("openshiftVersion: \"5.0\"", "openshiftVersion: \"4.22\"\nfeatureSet: TechPreviewNoUpgrade");
    let old = simulate(&old);
    assert!(old.ran, "{:?}", old.diagnostics);
    assert_eq!(old.steps[0].outcome, Outcome::Ok, "{}", old.steps[0].message());
    assert!(matches!(old.steps[1].source(), Some(Source::AdditionalArtifactStore(_))), "{:?}", old.steps[1]);
}

/// Stores under /run, a tmpfs: any reboot removes the directory. CRI-O recreates a missing
/// artifact store empty (libartifact `NewArtifactStore` runs `MkdirAll`; cri-o
/// `internal/ociartifact/store.go`), so its artifact is pulled again; a missing image store
/// stops CRI-O (containers-storage `storage/drivers/overlay/overlay.go`), so the MCO's own
/// reboot to roll the config out takes the first node down and stops the pool.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn stores_under_run_are_gone_after_every_reboot() {
    let sim = run("run-tmpfs-store");
    let lint: Vec<&Diagnostic> =
        sim.diagnostics.iter().filter(|d| d.origin == Origin::Lint && d.severity == Severity::Warning).collect();
    // The initial config's artifact store, then the applied config's artifact and image stores:
    // an applied config is linted as an initial one is.
    assert_eq!(lint.len(), 3, "{:?}", sim.diagnostics);
    assert!(lint[0].message.contains("CRI-O recreates it empty at start"), "{}", lint[0].message);
    assert!(lint[2].message.contains("CRI-O does not start while an additional image store is missing"));
    assert_eq!(source(&sim, &sim.steps[0]), "additionalArtifactStore:/run/models");
    // A clean reboot: the artifact store is recreated empty and CRI-O runs.
    let reboot = &sim.steps[1];
    assert_eq!(reboot.outcome, Outcome::Ok);
    assert_eq!(reboot.message(), "clean reboot: storage kept; /run is a tmpfs: /run/models, /run/images gone");
    assert_eq!((sim.steps[2].source(), sim.steps[2].registry_bytes()), (Some(Source::Registry), 4 << 30));
    // The rollout's reboot removes /run/images, which the new config lists.
    let apply = &sim.steps[3];
    assert_eq!(apply.outcome, Outcome::Error);
    assert!(apply.message().starts_with(
        "rolled out to 1 node(s) (worker-0); pool worker stopped after CRI-O did not come back on worker-0: overlay: can't stat imageStore dir /run/images"
    ), "{}", apply.message());
    assert!(sim.steps[4].message().starts_with("CRI-O is not running on worker-0"));
    assert_eq!(sim.steps[5].source(), Some(Source::Registry), "worker-1 kept the old config");
}

/// An unclean reboot loses /run too, and a shared store mounted under /run keeps its contents
/// (they live on its server) while a node-local one goes.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unclean_reboots_lose_run_and_shared_mounts_stay() {
    let sim = scenario(
        "      additionalImageStores: [{path: /run/shared}, {path: /var/run/local}]\n",
        "registry:\n  images: [{ref: q/a:1, size: 1MB}]\nstorage:\n- {path: /run/shared, shared: true, medium: nfs, images: [q/a:1]}\n- {path: /var/run/local, images: [q/a:1]}\nevents:\n- {pull: q/a:1}\n- {reboot: n0, clean: false, repair: succeeds}\n- {pull: q/a:1}\n",
    );
    assert_eq!(source(&sim, &sim.steps[0]), "additionalImageStore:/run/shared");
    let reboot = &sim.steps[1];
    assert_eq!(reboot.outcome, Outcome::Error);
    assert_eq!(
        reboot.message(),
        "unclean reboot: storage check found damage and repaired it; everything kept; /run is a tmpfs: /var/run/local gone; CRI-O cannot start: overlay: can't stat imageStore dir /var/run/local: stat /var/run/local: no such file or directory"
    );
    assert_eq!(sim.steps[2].outcome, Outcome::Error);
    assert!(sim.stores.all.iter().any(|s| s.path == "/run/shared" && s.exists(0) && s.image(0, 0).is_some()));
}

/// A `storage:` entry no config in force lists is read by no node: a warning on its path, with
/// the listed path it most likely meant. The graphroot, and paths that only an applied config
/// lists, are read and not warned about.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn storage_entries_no_config_lists_are_warned_about() {
    let apply = "- apply:\n    apiVersion: machineconfiguration.openshift.io/v1\n    kind: ContainerRuntimeConfig\n    metadata: {name: later}\n    spec:\n      machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}\n      containerRuntimeConfig:\n        additionalArtifactStores: [{path: /mnt/later}]\n";
    let text = format!(
        "kind: Scenario\npools: [{{name: worker, nodes: [n0]}}]\nconfigs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: cache}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n    containerRuntimeConfig:\n      additionalImageStores: [{{path: /mnt/nfs}}]\n      additionalArtifactStores: [{{path: /mnt/models}}]\nregistry:\n  images: [{{ref: q/a:1, size: 1MB}}]\nstorage:\n- {{path: /mnt/nsf, images: [q/a:1]}}\n- {{path: /var/lib/containers/storage, images: [q/a:1]}}\n- {{path: /mnt/later}}\n- {{path: /mnt/models/artifacts}}\n- {{path: /srv/elsewhere}}\n- {{path: /mnt/nfs}}\nevents:\n- {{pull: q/a:1}}\n{apply}"
    );
    let sim = simulate(&text);
    assert!(sim.ran, "{:?}", sim.diagnostics);
    let index = LineIndex::new(&text);
    let warnings: Vec<String> = sim
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .inspect(|d| assert_eq!(d.origin, Origin::Ctrcfg))
        .map(|d| d.to_compiler_line(&index))
        .collect();
    assert_eq!(
        warnings,
        [
            "15:10: warning[ctrcfg]: storage[0].path: Invalid value: \"/mnt/nsf\": no config lists this path and it is not the graphroot /var/lib/containers/storage, so no node reads it: what it holds is never found; did you mean \"/mnt/nfs\" (additionalImageStores in config \"cache\")?",
            "18:10: warning[ctrcfg]: storage[3].path: Invalid value: \"/mnt/models/artifacts\": no config lists this path and it is not the graphroot /var/lib/containers/storage, so no node reads it: what it holds is never found; did you mean \"/mnt/models\" (additionalArtifactStores in config \"cache\")?",
            "19:10: warning[ctrcfg]: storage[4].path: Invalid value: \"/srv/elsewhere\": no config lists this path and it is not the graphroot /var/lib/containers/storage, so no node reads it: what it holds is never found",
        ]
    );
    // The graphroot entry is read: the image is in the default store.
    assert_eq!(sim.steps[0].source(), Some(Source::DefaultStore));
    // A refused apply puts nothing in force.
    let refused = text.replace("metadata: {name: later}", "metadata: {name: later}\n    bogus: 1");
    let sim = simulate(&refused);
    assert!(sim.ran);
    assert!(sim.diagnostics.iter().any(|d| d.message.starts_with("Invalid value: \"/mnt/later\": no config lists")));
}

/// The scenario example in docs/simulate.md runs as written, with no warning or error, so the
/// docs cannot drift from the format.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_docs_example_runs_cleanly() {
    const DOCS: &str = include_str!("../../docs/simulate.md");
    let section = DOCS.split_once("## Scenario format").expect("the section").1;
    // The fence's info string says what the docs test checks (`yaml check=scenario ...`).
    let example = section.split_once("```yaml").expect("a yaml block").1;
    let example = example.split_once('\n').expect("the fence's line").1;
    let example = example.split_once("\n```").expect("the block's end").0;
    assert!(example.starts_with("kind: Scenario\n"), "{example}");
    let sim = simulate(example);
    assert!(sim.ran, "{:?}", sim.diagnostics);
    let index = LineIndex::new(example);
    let loud: Vec<String> =
        sim.diagnostics.iter().filter(|d| d.severity != Severity::Info).map(|d| d.to_compiler_line(&index)).collect();
    assert!(loud.is_empty(), "{loud:#?}");
    // Every event ran: the example shows each of them.
    let events: std::collections::BTreeSet<usize> = sim.steps.iter().filter_map(|s| s.event()).collect();
    assert_eq!(events.len(), example.split("\nevents:").nth(1).map_or(0, |e| e.matches("\n  - ").count()));
    assert!(sim.nodes.iter().all(|n| n.crio.is_ok()));
}

/// Bad scenarios give diagnostics with positions and do not run.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_scenarios_give_positioned_diagnostics() {
    let text = "kind: Scenario\npools: [{name: worker, nodes: [w0]}]\nregistry:\n  images:\n  - {ref: a:1, size: 8 parsecs}\nevents:\n- {pull: a:1, node: w9}\n- {pull: b:2}\n- {jump: a:1}\n";
    let sim = simulate(text);
    assert!(!sim.ran);
    let index = LineIndex::new(text);
    let lines: Vec<String> = sim.diagnostics.iter().map(|d| d.to_compiler_line(&index)).collect();
    assert_eq!(
        lines,
        [
            "5:22: error[ctrcfg]: registry.images[0].size: Invalid value: \"8 parsecs\": unknown unit \"parsecs\" (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)",
            "7:21: error[ctrcfg]: events[0].node: Invalid value: \"w9\": no such node; nodes: w0",
            "8:10: warning[ctrcfg]: events[1].pull: \"b:2\" is in neither registry.images, registry.artifacts nor any store: nothing can provide it",
            "9:3: error[ctrcfg]: events[2]: Invalid value: an event needs exactly one of pull, pullArtifact, run, remove, reboot, fail, recover, stopPlugin, startPlugin, retag, registry, apply; found 0",
            "9:4: error[ctrcfg]: events[2].jump: unknown field \"jump\"; known: pull, pullArtifact, run, remove, reboot, fail, recover, stopPlugin, startPlugin, retag, registry, apply, node, nodes, pool, pullPolicy, clean, repair, at",
        ]
    );
    // It did not run, and the output says so instead of printing figures of a run.
    assert_eq!(output::text(&sim, Grouping::Shared), output::NOT_RUN);
    assert!(!output::text(&sim, Grouping::PerNode).contains("registry served"));
    let json = output::json(&sim, text, Grouping::Shared).to_json();
    assert!(
        json.starts_with("{\"openshiftVersion\":\"latest\",\"ran\":false,\"steps\":[],\"metrics\":null,"),
        "{json}"
    );
    assert!(!simulate("kind: Nope\n").ran);
    // A mistyped fleet size cannot exhaust memory: 100,000 nodes × 101 events is refused.
    let huge = format!(
        "kind: Scenario\npools: [{{name: w, nodeCount: 100000}}]\nevents:\n{}",
        "- {registry: up}\n- {reboot: w-0}\n- {remove: a:1}\n".repeat(101)
    );
    let sim = simulate(&huge);
    assert!(
        !sim.ran
            && sim
                .diagnostics
                .iter()
                .any(|d| d.message.starts_with("Too many: the events run more than 10000000 node-steps"))
    );
    assert!(!simulate("").ran);
}

/// A scenario around one worker node with `config` (the `containerRuntimeConfig` body, indented
/// by six spaces) and the given registry, storage, crio and events blocks.
fn scenario(config: &str, rest: &str) -> Simulation {
    let text = format!(
        "kind: Scenario\npools: [{{name: worker, nodes: [n0]}}]\nconfigs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: c}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n    containerRuntimeConfig:\n{config}{rest}"
    );
    let sim = simulate(&text);
    assert!(sim.ran, "{:?}\n{text}", sim.diagnostics);
    sim
}

fn lines(sim: &Simulation, step: usize) -> Vec<String> {
    sim.trace_lines(&sim.steps[step]).collect()
}

/// The simulator reads the files the MCO renders, so a store lost in a multi-config merge is
/// lost here too: the second config's storage.conf replaces the first one's whole file
/// (MCO `MergeMachineConfigs`; see `core/src/merge.rs`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_store_lost_in_the_merge_is_not_used() {
    let crc = |name: &str, path: &str| {
        format!("- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: {name}}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n    containerRuntimeConfig:\n      additionalImageStores: [{{path: {path}}}]\n")
    };
    let text = format!(
        "kind: Scenario\npools: [{{name: worker, nodes: [n0]}}]\nconfigs:\n{}{}registry:\n  images: [{{ref: q/a:1, size: 1MB}}]\nstorage:\n- {{path: /mnt/first, images: [q/a:1]}}\nevents:\n- {{pull: q/a:1}}\n",
        crc("first", "/mnt/first"),
        crc("second", "/mnt/second")
    );
    let sim = simulate(&text);
    assert_eq!(sim.steps[0].source(), Some(Source::Registry));
    assert_eq!(lines(&sim, 0)[1], "checked additionalImageStore /mnt/second: not found");
}

/// `Always` asks the registry for the manifest and reuses layers already in an additional
/// image store: nothing is downloaded, and the pull writes a record into the default store.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn always_reuses_layers_from_any_store() {
    let sim = scenario(
        "      additionalImageStores: [{path: /mnt/cache}]\n",
        "registry:\n  images: [{ref: q/a:1, size: 1GB}]\nstorage:\n- {path: /mnt/cache, images: [q/a:1]}\nevents:\n- {pull: q/a:1, pullPolicy: Always}\n- {retag: q/a:1}\n- {pull: q/a:1, pullPolicy: Always}\n",
    );
    assert_eq!((sim.steps[0].registry_bytes(), sim.steps[0].source()), (0, Some(Source::AdditionalImageStore(0))));
    assert_eq!(
        lines(&sim, 0),
        [
            "asked the registry for the manifest",
            "every layer is already in additionalImageStore /mnt/cache: nothing downloaded"
        ]
    );
    // After a retag the layers are new: a full pull.
    assert_eq!(sim.steps[2].registry_bytes(), 1_000_000_000);
}

/// zstd:chunked without a layer store: partial pulls are off (`enable_partial_images = "false"`
/// in the MCO's template; containers-storage's default since v1.56.0), so whole layers come.
/// Nydus is labelled unverified. Without range requests no layer store serves lazily.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn partial_pulls_nydus_and_range_requests() {
    let sim = scenario(
        "      additionalLayerStores: [{path: /var/lib/nydus-store}]\n",
        "registry:\n  rangeRequests: false\n  images:\n  - {ref: q/z:1, format: zstd:chunked, size: 1GB}\n  - {ref: q/n:1, format: nydus, size: 1GB}\nstorage:\n- {path: /var/lib/nydus-store, plugin: nydus-storage-plugin}\nevents:\n- {pull: q/z:1}\n- {pull: q/n:1}\n",
    );
    let z = lines(&sim, 0);
    assert!(z.iter().any(|l| l.contains("the registry does not serve range requests")), "{z:?}");
    assert!(z.iter().any(|l| l.starts_with("zstd:chunked partial pulls are off")), "{z:?}");
    assert_eq!(sim.steps[0].registry_bytes(), 1_000_000_000);
    assert!(lines(&sim, 1).iter().any(|l| l.contains("unverified")));
}

/// Image volumes: with `oci_artifact_mount_support = false` an artifact cannot be mounted
/// (cri-o `server/container_create_linux.go`: `ImageVolumeMountFailed: image "<ref>" does not
/// exist locally`), while an image reference mounts; `Never` fails when nothing is present.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn image_volumes_with_artifact_mounts_off() {
    let sim = scenario(
        "      additionalArtifactStores: [{path: /mnt/models}]\n",
        "crio: {ociArtifactMountSupport: false}\nregistry:\n  images: [{ref: q/app:1, size: 10MB}, {ref: q/data:1, size: 5MB}]\n  artifacts: [{ref: q/m:1, size: 1GB, files: [{title: w.bin}]}]\nstorage:\n- {path: /mnt/models, artifacts: [q/m:1]}\nevents:\n- {run: {image: q/app:1, volumes: [{image: {reference: q/m:1}}]}}\n- {run: {image: q/app:1, volumes: [{image: {reference: q/data:1}}]}}\n- {run: {image: q/app:1, volumes: [{image: {reference: q/gone:1, pullPolicy: Never}}]}}\n",
    );
    assert_eq!(sim.steps[0].message(), r#"ImageVolumeMountFailed: image "q/m:1" does not exist locally"#);
    assert_eq!(sim.steps[1].outcome, Outcome::Ok);
    assert!(sim.steps[1].mounts()[0].files.is_none(), "an image volume mounts the image");
    assert!(sim.steps[2]
        .message()
        .starts_with("ErrImageNeverPull: Container image \"q/gone:1\" is not present with pull policy of Never"));
}

/// An artifact store on a read-only file system that does not exist is skipped with a warning
/// and CRI-O still starts; listings put read-only stores first and de-duplicate by reference;
/// removal only touches the main store (cri-o `internal/ociartifact/store.go`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn artifact_stores_listing_and_removal() {
    let sim = scenario(
        "      additionalArtifactStores: [{path: /mnt/gone}, {path: /mnt/models}]\n",
        "registry:\n  artifacts: [{ref: q/m:1, size: 1GB}, {ref: q/o:1, size: 1MB}]\nstorage:\n- {path: /mnt/gone, exists: false, readOnly: true}\n- {path: /mnt/models, artifacts: [q/m:1]}\n- {path: /var/lib/containers/storage, artifacts: [q/m:1]}\nevents:\n- {pullArtifact: q/o:1}\n- {remove: q/m:1}\n- {pullArtifact: q/m:1, pullPolicy: Always}\n",
    );
    assert!(sim.nodes[0].crio.is_ok());
    assert_eq!(sim.nodes[0].artifact_stores.len(), 1, "the missing read-only store is skipped");
    // CRI-O's first start says so, in a step before the first event.
    let start = &sim.steps[0];
    assert_eq!((start.kind, start.event(), start.outcome), (StepKind::Start, None, Outcome::Ok));
    assert_eq!(
        lines(&sim, 0)[0],
        "additionalArtifactStore /mnt/gone/artifacts could not be opened at CRI-O start and is skipped"
    );
    let sim = Simulation { steps: sim.steps[1..].to_vec(), ..sim };
    let listed: Vec<(String, String)> =
        sim.listed_artifacts(0).into_iter().map(|(r, s)| (sim.refs.name(r).to_owned(), sim.source_label(s))).collect();
    assert_eq!(
        listed,
        [
            ("q/m:1".to_owned(), "additionalArtifactStore:/mnt/models".to_owned()),
            ("q/o:1".to_owned(), "defaultStore".to_owned())
        ]
    );
    // The removal took the main store's copy; the read-only one stays and still serves.
    assert_eq!(sim.steps[1].message(), "removed q/m:1 from the main artifact store");
    assert_eq!(sim.steps[2].source(), Some(Source::AdditionalArtifactStore(1)));
}
