//! ctrcfg's cost model: every figure the simulator gives in bytes, requests or seconds comes
//! from here (docs/cost-model.md says where each constant comes from and what is left out).
//! It is a model, not a measurement, and the output says so next to each figure.
//!
//! - Registry bytes are exact given the scenario's sizes: a full pull downloads the image's
//!   size; a lazy pull (an additional layer store serving eStargz or zstd:chunked) downloads
//!   [`LAZY_METADATA_FRACTION`] of it at pull time and the start-up fraction when a container
//!   starts; an artifact pull downloads the artifact's size.
//! - Requests: each step's manifest, blob and range GETs ([`super::requests`]).
//! - Seconds: each step is a list of [`Stage`]s (a wait, a manifest request, a transfer) that
//!   [`super::schedule`] runs in time: transfers from the registry or a shared store share its
//!   bandwidth max-min fairly with every other transfer at that moment ([`super::flow`]), each
//!   at most at the node's link.

use super::scenario::Medium;

/// A registry round trip for a manifest (request and answer, the manifest's few KiB included).
pub const MANIFEST_SECONDS: f64 = 0.2;
pub const LAZY_METADATA_FRACTION: f64 = 0.01;
/// Decompressing and writing pulled layers.
pub const UNPACK_BANDWIDTH: u64 = 500_000_000;
pub const CONTAINER_START_SECONDS: f64 = 0.5;
/// A node's network link: 10 Gbit/s. Every transfer to a node runs at most this fast.
pub const NODE_LINK_BANDWIDTH: u64 = 1_250_000_000;
/// Layers a pull downloads at once: containers/image's default when its caller sets none
/// (containers/container-libs `image/copy/copy.go` @ 3fe67c4d74f3f2a760953bbfb612d0a3d4b2b47c:
/// `maxParallelDownloads = uint(6)`, "Let's follow Firefox by limiting it to 6"; CRI-O sets
/// none). Each download is its own connection, so a pull weighs this many flows in a fair share.
pub const MAX_PARALLEL_DOWNLOADS: u32 = 6;
/// A reboot event: the node down, up, CRI-O started and the node Ready again (a model).
pub const REBOOT_SECONDS: f64 = 120.0;
/// One wave of a rollout: the render model's figure (cordon and drain, write the files,
/// reboot, Ready: [`crate::merge::MODEL_MINUTES_PER_WAVE`]), so that `ctrcfg render` and the
/// simulation give a rollout the same time.
pub const WAVE_SECONDS: f64 = crate::merge::MODEL_MINUTES_PER_WAVE as f64 * 60.0;
/// A manifest's size: its fixed part and one descriptor per layer (media type, 71-character
/// digest, size), as an OCI image manifest in JSON is written.
pub const MANIFEST_BASE_BYTES: u64 = 450;
pub const MANIFEST_LAYER_BYTES: u64 = 200;
/// Range requests a lazy pull makes per layer at pull time: the footer, then the table of
/// contents it points to (eStargz, zstd:chunked).
pub const LAZY_RANGES_PER_LAYER: u32 = 2;
/// The span one on-demand range request fetches when a lazily pulled container reads its
/// start-up bytes (a model of the plugin's chunked reads).
pub const RANGE_REQUEST_BYTES: u64 = 4 << 20;
/// containers/image's retries of a request answered 429 (container-libs
/// `image/docker/docker_client.go` @ 63edc18cf75e5fdfd3272761209321a30aeede9b:
/// `backoffNumIterations = 5`, `backoffInitialDelay = 2 * time.Second`, `backoffMaxDelay = 60 *
/// time.Second`, the delay doubled after each attempt when the registry sends no Retry-After):
/// five attempts, sleeping 2, 4, 8 and 16 s between them; then the pull fails.
pub const RETRY_ATTEMPTS: u32 = 5;
pub const RETRY_INITIAL_SECONDS: f64 = 2.0;
pub const RETRY_MAX_SECONDS: f64 = 60.0;
/// The kubelet's image pull back-off after a failed pull (kubernetes `pkg/kubelet/kubelet.go`:
/// `imageBackOffPeriod = time.Second * 10`, `MaxImageBackOff = 300 * time.Second`,
/// `flowcontrol.NewBackOff(imageBackOffPeriod, MaxImageBackOff)`, which doubles to the cap).
pub const KUBELET_BACKOFF_SECONDS: f64 = 10.0;
pub const KUBELET_BACKOFF_MAX_SECONDS: f64 = 300.0;
/// The latest time the simulator reaches; a later one is clamped (a guard: times print with
/// millisecond precision in a u64).
pub const MAX_SECONDS: f64 = 1e12;

/// One part of a step's work in time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stage {
    /// Seconds on the node alone: unpacking, reading a node-local store, a container start.
    Wait(f64),
    /// A manifest request to the registry: a round trip, counted against its rate limit.
    Manifest,
    /// Bytes from a shared source, in `streams` connections at once.
    Transfer { bytes: u64, from: From, streams: u32 },
}

/// Where a transfer comes from: a capacity every concurrent transfer from it shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum From {
    Registry,
    /// A store marked shared (one NFS server), by its index in `Stores`.
    Store(u32),
}

/// Read bandwidth of a medium when the scenario gives none.
pub fn medium_bandwidth(medium: Medium) -> u64 {
    match medium {
        Medium::Local => 1_000_000_000,
        Medium::Ssd => 2_000_000_000,
        Medium::Nfs => 200_000_000,
        Medium::Usb => 100_000_000,
    }
}

pub fn transfer(bytes: u64, bandwidth: u64) -> f64 {
    bytes as f64 / bandwidth.max(1) as f64
}

/// Bytes a lazy pull fetches before the image is usable.
pub fn lazy_metadata(size: u64) -> u64 {
    (size as f64 * LAZY_METADATA_FRACTION).ceil() as u64
}

/// Bytes a container reads to start.
pub fn startup_bytes(size: u64, fraction: f64) -> u64 {
    (size as f64 * fraction).ceil() as u64
}

/// Connections a download of `blobs` blobs keeps open at once.
pub fn streams(blobs: u32) -> u32 {
    blobs.clamp(1, MAX_PARALLEL_DOWNLOADS)
}

/// How long a node waits after its `throttled`-th answer 429 in a row (1-based):
/// containers/image's back-off inside one pull, and once its attempts are spent, the kubelet's
/// back-off before it pulls again.
pub fn backoff(throttled: u32) -> f64 {
    let within = (throttled.max(1) - 1) % RETRY_ATTEMPTS;
    let pulls = (throttled.max(1) - 1) / RETRY_ATTEMPTS;
    if within + 1 < RETRY_ATTEMPTS {
        (RETRY_INITIAL_SECONDS * 2f64.powi(within as i32)).min(RETRY_MAX_SECONDS)
    } else {
        (KUBELET_BACKOFF_SECONDS * 2f64.powi(pulls.min(30) as i32)).min(KUBELET_BACKOFF_MAX_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// containers/image sleeps 2, 4, 8, 16 s between its five attempts (docker_client.go
    /// `makeRequestToResolvedURL`); then the kubelet waits 10 s, 20 s, ... up to 300 s between pulls.
    #[test]
    fn back_off_follows_containers_image_then_the_kubelet() {
        let delays: Vec<f64> = (1..=15).map(backoff).collect();
        assert_eq!(delays, [2.0, 4.0, 8.0, 16.0, 10.0, 2.0, 4.0, 8.0, 16.0, 20.0, 2.0, 4.0, 8.0, 16.0, 40.0]);
        assert_eq!(backoff(5 * 40), KUBELET_BACKOFF_MAX_SECONDS);
        assert_eq!(backoff(0), 2.0);
    }

    /// copy.go's semaphore: at most six blobs at once.
    #[test]
    fn a_pull_keeps_at_most_six_downloads_open() {
        assert_eq!((streams(0), streams(1), streams(6), streams(40)), (1, 1, 6, 6));
    }
}
