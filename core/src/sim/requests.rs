//! Registry requests, not only bytes: rate limits count requests, so each step says how many
//! manifest, blob and range GETs it made, and how large the manifests it fetched were.

use super::cost;

/// The requests one step made to the registry (or many steps, summed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    /// Manifest GETs (the only requests a rate limit counts, as Docker Hub counts pulls).
    pub manifests: u32,
    /// Blob GETs: an image's config and layers, an artifact's layers.
    pub blobs: u32,
    /// Range GETs of a lazy pull: each layer's footer and table of contents, then the data a
    /// container reads on demand.
    pub ranges: u32,
    /// The bytes of the manifests fetched (the image's config and layers are in registry bytes).
    pub manifest_bytes: u64,
}

impl Requests {
    pub fn total(&self) -> u64 {
        u64::from(self.manifests) + u64::from(self.blobs) + u64::from(self.ranges)
    }

    pub fn add(&mut self, other: &Requests) {
        self.manifests = self.manifests.saturating_add(other.manifests);
        self.blobs = self.blobs.saturating_add(other.blobs);
        self.ranges = self.ranges.saturating_add(other.ranges);
        self.manifest_bytes = self.manifest_bytes.saturating_add(other.manifest_bytes);
    }

    /// One manifest of an image or artifact with `layers` layers.
    pub fn manifest(&mut self, layers: u32) {
        self.manifests = self.manifests.saturating_add(1);
        let bytes = cost::MANIFEST_BASE_BYTES + cost::MANIFEST_LAYER_BYTES * u64::from(layers);
        self.manifest_bytes = self.manifest_bytes.saturating_add(bytes);
    }

    /// A full pull's blobs: the config and every layer.
    pub fn full_pull(&mut self, layers: u32) {
        self.blobs = self.blobs.saturating_add(layers.saturating_add(1));
    }

    /// A lazy pull: the config blob, then each layer's footer and table of contents.
    pub fn lazy_pull(&mut self, layers: u32) {
        self.blobs = self.blobs.saturating_add(1);
        self.ranges = self.ranges.saturating_add(layers.saturating_mul(cost::LAZY_RANGES_PER_LAYER));
    }

    /// The on-demand reads of `bytes` a lazily pulled container makes to start.
    pub fn on_demand(&mut self, bytes: u64) {
        let ranges = bytes.div_ceil(cost::RANGE_REQUEST_BYTES).min(u64::from(u32::MAX)) as u32;
        self.ranges = self.ranges.saturating_add(ranges);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_pull_asks_for_its_manifest_config_and_layers() {
        let mut r = Requests::default();
        r.manifest(3);
        r.full_pull(3);
        assert_eq!((r.manifests, r.blobs, r.ranges, r.total()), (1, 4, 0, 5));
        assert_eq!(r.manifest_bytes, cost::MANIFEST_BASE_BYTES + 3 * cost::MANIFEST_LAYER_BYTES);
        let mut lazy = Requests::default();
        lazy.lazy_pull(3);
        lazy.on_demand(cost::RANGE_REQUEST_BYTES + 1);
        assert_eq!((lazy.blobs, lazy.ranges), (1, 3 * cost::LAZY_RANGES_PER_LAYER + 2));
        r.add(&lazy);
        assert_eq!(r.total(), 5 + 1 + 8);
    }
}
