//! The simulator in time: shared bandwidth, events at given times, one step at a time per node,
//! registry requests and rate limits, rollout waves and the pools' percentiles, on small
//! scenarios whose figures follow from the cost model by hand.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::sim::{cost, output, simulate, Outcome, Simulation, Step};

const WORKER: &str = "pools.operator.machineconfiguration.openshift.io/worker";

/// A scenario of `nodes` workers, a registry of `registry` and the events given.
fn scenario(nodes: usize, registry: &str, rest: &str) -> Simulation {
    let text = format!(
        "kind: Scenario\npools:\n- {{name: worker, nodeCount: {nodes}, maxUnavailable: 2}}\nregistry:\n{registry}\n{rest}"
    );
    let sim = simulate(&text);
    assert!(sim.ran, "{:?}", sim.diagnostics);
    sim
}

fn event(sim: &Simulation, e: usize) -> Vec<&Step> {
    sim.steps.iter().filter(|s| s.event() == Some(e)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

const GIB: f64 = (1u64 << 30) as f64;

/// Ten nodes pulling the same image at once share the registry's egress: each gets a tenth, so
/// each pull takes ten times as long as alone (plus the manifest and unpacking, which are the
/// node's own).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn concurrent_pulls_share_the_registry() {
    let registry = "  bandwidth: 100MB/s\n  images:\n  - {ref: quay.io/a/app:1, size: 1GiB}";
    let one = scenario(1, registry, "events:\n- {pull: quay.io/a/app:1}");
    let ten = scenario(10, registry, "events:\n- {pull: quay.io/a/app:1}");
    let overhead = cost::MANIFEST_SECONDS + GIB / cost::UNPACK_BANDWIDTH as f64;
    assert!(close(one.steps[0].seconds(), overhead + GIB / 1e8), "{}", one.steps[0].seconds());
    let pulls = event(&ten, 0);
    assert_eq!(pulls.len(), 10);
    for p in &pulls {
        assert!(close(p.seconds(), overhead + 10.0 * GIB / 1e8), "{}", p.seconds());
        assert_eq!((p.start, p.registry_bytes()), (0.0, 1 << 30));
    }
    // Bytes are the same as ever: only time is shared.
    assert_eq!(ten.registry_bytes(), 10 << 30);
}

/// Each transfer is capped by its node's 10 Gbit/s link, however idle the registry: the flow
/// held back there leaves the rest of the registry unused (max-min, `sim::flow`'s unit tests).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_node_link_caps_a_lone_transfer() {
    let registry = "  bandwidth: 100GB/s\n  images:\n  - {ref: quay.io/a/app:1, size: 10GB}";
    let sim = scenario(2, registry, "events:\n- {pull: quay.io/a/app:1}");
    let expected =
        cost::MANIFEST_SECONDS + 10e9 / cost::NODE_LINK_BANDWIDTH as f64 + 10e9 / cost::UNPACK_BANDWIDTH as f64;
    assert!(sim.steps.iter().all(|s| close(s.seconds(), expected)), "{:?}", sim.steps[0].seconds());
}

/// Ten containers start from one NFS image cache at once: the start-up reads share the NFS
/// server's 200 MB/s; a node-local SSD store would not be shared.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_shared_store_is_one_servers_bandwidth() {
    let config = format!(
        "configs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: cache}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{{WORKER}: ''}}}}\n    containerRuntimeConfig:\n      additionalImageStores: [{{path: /mnt/cache}}]\n"
    );
    let registry = "  images:\n  - {ref: quay.io/a/app:1, size: 1GB, startupFraction: 0.2}";
    let run = |shared: bool| {
        let storage = format!(
            "storage:\n- {{path: /mnt/cache, medium: nfs, shared: {shared}, bandwidth: 200MB/s, images: [quay.io/a/app:1]}}\n"
        );
        scenario(10, registry, &format!("{config}{storage}events:\n- {{run: {{image: quay.io/a/app:1}}}}"))
    };
    let shared = run(true);
    let local = run(false);
    let start = cost::CONTAINER_START_SECONDS;
    assert!(event(&shared, 0).iter().all(|s| close(s.seconds(), start + 10.0 * 0.2e9 / 200e6)));
    assert!(event(&local, 0).iter().all(|s| close(s.seconds(), start + 0.2e9 / 200e6)));
    assert_eq!(shared.registry_bytes(), 0);
}

/// An event with `at:` starts then, whatever runs; without, it waits for every earlier event.
/// A node does one step at a time (the kubelet's serialized pulls): a second pull on a busy
/// node waits for the first.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn events_at_given_times_and_one_step_at_a_time_per_node() {
    let registry = "  bandwidth: 100MB/s\n  images:\n  - {ref: quay.io/a/a:1, size: 1GB}\n  - {ref: quay.io/a/b:1, size: 1GB}\n  - {ref: quay.io/a/c:1, size: 1GB}";
    let events = "events:\n- {pull: quay.io/a/a:1, node: worker-0}\n- {pull: quay.io/a/b:1, node: worker-1, at: 5s}\n- {pull: quay.io/a/c:1, node: worker-0, at: 6s}\n- {pull: quay.io/a/a:1, node: worker-1}";
    let sim = scenario(2, registry, events);
    let (a, b, c, d) = (event(&sim, 0)[0], event(&sim, 1)[0], event(&sim, 2)[0], event(&sim, 3)[0]);
    assert_eq!((a.start, b.start), (0.0, 5.0));
    // worker-0 is busy with a until it ends: c starts then, not at 6 s.
    assert!(a.end > 6.0 && close(c.start, a.end), "{} {}", a.end, c.start);
    // a has the registry alone for 5 s (minus its manifest), then shares it with b.
    let alone = 5.0 - cost::MANIFEST_SECONDS;
    let shared_bytes = 1e9 - alone * 1e8;
    assert!(a.end - cost::MANIFEST_SECONDS - alone > shared_bytes / 1e8 * 1.5, "sharing slowed a");
    // The last event has no `at`: it waits for all three.
    assert!(close(d.start, a.end.max(b.end).max(c.end)));
    assert!(sim.steps.iter().all(|s| s.outcome == Outcome::Ok));
}

/// containers/image downloads up to six layers at once (container-libs `image/copy/copy.go`
/// @ 3fe67c4d74f3f2a760953bbfb612d0a3d4b2b47c, `maxParallelDownloads = uint(6)`): a pull of an
/// image of eight layers holds six connections against a one-layer pull's one, and gets six
/// sevenths of the registry while both run.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn parallel_layer_downloads_weigh_in_the_share() {
    let registry = "  bandwidth: 70MB/s\n  images:\n  - {ref: quay.io/a/many:1, size: 600MB, layers: 8}\n  - {ref: quay.io/a/one:1, size: 100MB}";
    let events =
        "events:\n- {pull: quay.io/a/many:1, node: worker-0}\n- {pull: quay.io/a/one:1, node: worker-1, at: 0s}";
    let sim = scenario(2, registry, events);
    let (many, one) = (&sim.steps[0], &sim.steps[1]);
    // Both transfer from 0.2 s: one gets 10 MB/s, so its 100 MB take 10 s; many gets 60 MB/s.
    let unpack = |b: f64| b / cost::UNPACK_BANDWIDTH as f64;
    assert!(close(one.seconds(), cost::MANIFEST_SECONDS + 10.0 + unpack(100e6)), "{}", one.seconds());
    // many had 600 MB at 60 MB/s for 10 s, then the last 0 MB: done with it as one ends.
    assert!(close(many.seconds(), cost::MANIFEST_SECONDS + 10.0 + unpack(600e6)), "{}", many.seconds());
    assert_eq!((many.requests().blobs, one.requests().blobs), (9, 2));
}

/// Requests per step and in total: a full pull asks for its manifest, its config and each layer;
/// a lazy pull for its manifest, its config and two ranges a layer, then ranges on demand.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn registry_requests_per_node_and_in_total() {
    let registry = "  images:\n  - {ref: quay.io/a/app:1, size: 1GiB, layers: 5}";
    let sim =
        scenario(4, registry, "events:\n- {pull: quay.io/a/app:1}\n- {pull: quay.io/a/app:1, pullPolicy: Always}");
    let total = sim.requests();
    // Four nodes: one full pull each (1 + 1 + 5), then a manifest each to find nothing new.
    assert_eq!((total.manifests, total.blobs, total.ranges), (8, 24, 0));
    assert_eq!(sim.per_node[0].requests.total(), 8);
    assert_eq!(total.manifest_bytes, 8 * (cost::MANIFEST_BASE_BYTES + 5 * cost::MANIFEST_LAYER_BYTES));
    let json = output::json(&sim, "", Grouping::Shared).to_json();
    assert!(json.contains("\"requests\":{\"manifest\":8,\"blob\":24,\"range\":0,"), "{json}");
}

/// A registry that serves 4 manifest requests a minute, ten nodes pulling at once: four are
/// served, six get 429 and retry after containers/image's back-off (2 s, 4 s, 8 s, 16 s), then
/// the kubelet's (10 s, ...), until a later window serves them, four at a time.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_rate_limit_answers_429_and_pulls_retry_with_back_off() {
    let registry =
        "  bandwidth: 1GB/s\n  rateLimit: {requests: 4, window: 60s}\n  images:\n  - {ref: quay.io/a/app:1, size: 100MB}";
    let sim = scenario(10, registry, "events:\n- {pull: quay.io/a/app:1}");
    let pulls = event(&sim, 0);
    let mut throttled: Vec<u32> = pulls.iter().map(|s| s.throttled).collect();
    throttled.sort();
    // The retries land in the second window (four served) and the third (the last two).
    assert_eq!(&throttled[..4], &[0, 0, 0, 0]);
    assert!(throttled[4..].iter().all(|&t| t > 0), "{throttled:?}");
    assert!(pulls.iter().all(|s| s.outcome == Outcome::Ok && s.registry_bytes() == 100_000_000));
    let late = pulls.iter().filter(|s| s.end > 60.0).count();
    assert_eq!(late, 6);
    assert!(pulls.iter().filter(|s| s.end > 120.0).count() == 2);
    let text = output::text(&sim, Grouping::Shared);
    assert!(text.contains("answer(s) 429 Too Many Requests"), "{text}");
}

/// A rollout reboots `maxUnavailable` nodes at a time: ten workers, two at a time, five waves,
/// each the render model's 10 minutes (`merge::MODEL_MINUTES_PER_WAVE`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn rollout_waves_take_their_nodes_reboots() {
    let apply = format!(
        "events:\n- apply:\n    apiVersion: machineconfiguration.openshift.io/v1\n    kind: ContainerRuntimeConfig\n    metadata: {{name: stores}}\n    spec:\n      machineConfigPoolSelector: {{matchLabels: {{{WORKER}: ''}}}}\n      containerRuntimeConfig:\n        additionalImageStores: [{{path: /mnt/cache}}]\n- {{pull: quay.io/a/app:1}}\nstorage:\n- {{path: /mnt/cache}}\n"
    );
    let sim = scenario(10, "  images:\n  - {ref: quay.io/a/app:1, size: 1MB}", &apply);
    let rollout = event(&sim, 0)[0];
    assert_eq!(rollout.outcome, Outcome::Ok, "{}", rollout.message());
    assert!(close(rollout.seconds(), 5.0 * 600.0));
    assert!(event(&sim, 1).iter().all(|s| close(s.start, rollout.end)));
}

/// p50, p95 and all nodes of a pool: nodes pull one after another behind a rate limit of one
/// manifest a second, so arrivals spread and the percentiles differ.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn pool_percentiles_of_image_and_running() {
    let registry = "  bandwidth: 1GB/s\n  images:\n  - {ref: quay.io/a/app:1, size: 100MB, startupFraction: 0}";
    let events: String =
        (0..20).map(|i| format!("- {{run: {{image: quay.io/a/app:1}}, node: worker-{i}, at: {i}s}}\n")).collect();
    let sim = scenario(20, registry, &format!("events:\n{events}"));
    let [t] = &sim.timings[..] else { panic!("{:?}", sim.timings) };
    assert_eq!((t.pool.as_str(), t.nodes, t.since), ("worker", 20, 0.0));
    // Alone on the registry each node takes the same time d; node i ends at i + d.
    let d = sim.steps.iter().find(|s| s.event() == Some(0)).unwrap().seconds();
    let q = t.running;
    assert!(
        close(q.p50.unwrap(), 9.0 + d) && close(q.p95.unwrap(), 18.0 + d) && close(q.all.unwrap(), 19.0 + d),
        "{q:?} {d}"
    );
    assert_eq!(t.image, t.running);
    assert_eq!(q.reached, 20);
}

/// Same scenario, same bytes, rate limits and all; and no input drives the model into a
/// panic, an endless loop or a non-finite time.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn deterministic_and_bounded() {
    let text = "kind: Scenario\npools:\n- {name: worker, nodeCount: 50}\nregistry:\n  bandwidth: 1\n  rateLimit: {requests: 1, window: 1h}\n  images:\n  - {ref: quay.io/a/huge:1, size: 1000PB, layers: 500}\nevents:\n- {pull: quay.io/a/huge:1}\n- {run: {image: quay.io/a/huge:1}, at: 1s}\n";
    let a = output::json(&simulate(text), text, Grouping::Shared).to_json();
    assert_eq!(a, output::json(&simulate(text), text, Grouping::Shared).to_json());
    assert!(!a.contains("inf") && !a.contains("NaN"));
    let sim = simulate(text);
    assert!(sim.steps.iter().all(|s| s.end.is_finite() && s.end <= cost::MAX_SECONDS && s.start <= s.end));
    assert!(sim.diagnostics.iter().any(|d| d.message.contains("the model's limit")), "{:?}", sim.diagnostics);
}

/// The new fields are checked like the others: a message naming the field and its value.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_timing_fields_are_named() {
    let text = "kind: Scenario\nregistry:\n  rateLimit: {requests: 0}\n  images:\n  - {ref: a:1, layers: 0}\nevents:\n- {pull: a:1, at: soon}\n";
    let sim = simulate(text);
    assert!(!sim.ran);
    let messages: Vec<String> = sim.diagnostics.iter().map(|d| d.display_message()).collect();
    assert_eq!(
        messages,
        [
            "registry.rateLimit.window: Required value",
            "registry.rateLimit.requests: Invalid value: \"0\": must be a whole number of requests, at least 1",
            "registry.images[0].layers: Invalid value: \"0\": must be a whole number of layers from 1 to 500",
            "events[0].at: Invalid value: \"soon\": expected a duration such as 90s, 1.5m or 2h",
        ]
    );
}
