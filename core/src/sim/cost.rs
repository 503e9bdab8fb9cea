//! ctrcfg's cost model: every figure the simulator gives in bytes or seconds comes from here.
//! It is a model, not a measurement, and the output says so next to each figure.
//!
//! - Registry bytes are exact given the scenario's sizes: a full pull downloads the image's
//!   size; a lazy pull (an additional layer store serving eStargz or zstd:chunked) downloads
//!   [`LAZY_METADATA_FRACTION`] of it at pull time and the start-up fraction when a container
//!   starts; an artifact pull downloads the artifact's size.
//! - Seconds: a registry round trip for each manifest ([`MANIFEST_SECONDS`]), bytes over the
//!   registry's bandwidth, unpacking pulled bytes at [`UNPACK_BANDWIDTH`], and a container start
//!   ([`CONTAINER_START_SECONDS`]) plus reading its start-up fraction from wherever the image
//!   lives, at that medium's bandwidth. Transfers do not contend with each other.

use super::scenario::Medium;

pub const MANIFEST_SECONDS: f64 = 0.2;
pub const LAZY_METADATA_FRACTION: f64 = 0.01;
/// Decompressing and writing pulled layers.
pub const UNPACK_BANDWIDTH: u64 = 500_000_000;
pub const CONTAINER_START_SECONDS: f64 = 0.5;

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

/// Seconds to pull `bytes` from the registry and unpack them.
pub fn pull_seconds(bytes: u64, registry_bandwidth: u64) -> f64 {
    MANIFEST_SECONDS + transfer(bytes, registry_bandwidth) + transfer(bytes, UNPACK_BANDWIDTH)
}

/// Bytes a lazy pull fetches before the image is usable.
pub fn lazy_metadata(size: u64) -> u64 {
    (size as f64 * LAZY_METADATA_FRACTION).ceil() as u64
}

/// Bytes a container reads to start.
pub fn startup_bytes(size: u64, fraction: f64) -> u64 {
    (size as f64 * fraction).ceil() as u64
}
