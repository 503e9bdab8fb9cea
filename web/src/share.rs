//! Share links: the whole playground state in the address's fragment, `#s=1.<data>` (see
//! `docs/share.md`). The state is what `autosave` keeps in `localStorage` (both views' text, the
//! context panel's controls, the view), so sharing reads those keys and opening a link writes
//! them, keeping the visitor's previous values under `ctrcfg.previous.*` to restore.
//!
//! The payload is core's (`ctrcfg_core::share`: a small text format, tested natively and
//! fuzzed; decoding never panics); this module says which `localStorage` key each field is kept
//! under. Deflate and base64url are the browser's (`CompressionStream('deflate-raw')`), a few
//! lines of JavaScript below: a Rust codec would cost the first paint far more than this snippet.

use crate::autosave::{self, Store};
use ctrcfg_core::share::encode;
pub use ctrcfg_core::share::{describe, version_problem, Fragment, DAMAGED, VERSION};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const pipe = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream));
export function packLink(text, done) {
  pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')).arrayBuffer().then((b) => {
    let s = '';
    for (const x of new Uint8Array(b)) s += String.fromCharCode(x);
    done(btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  }, () => done(''));
}
export function unpackLink(data, done) {
  try {
    const bytes = Uint8Array.from(atob(data.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    pipe(bytes, new DecompressionStream('deflate-raw')).arrayBuffer()
      .then((b) => done(new TextDecoder('utf-8', { fatal: true }).decode(b)))
      .catch(() => done(''));
  } catch (e) { done(''); }
}
export function fragment() { try { return decodeURIComponent(location.hash); } catch (e) { return location.hash; } }
export function playground() { return new URL('../../', import.meta.url).href; }
export function setFragment(f) {
  history.replaceState(history.state, '', f || location.pathname + location.search);
  return location.href;
}
"#)]
extern "C" {
    /// Deflates `text` and calls `done` with it in base64url (empty if the browser failed).
    #[wasm_bindgen(js_name = packLink)]
    pub fn pack_link(text: &str, done: JsValue);
    /// The reverse: `done(text)`, or `done("")` (no payload) for anything that is not a
    /// complete deflate stream of UTF-8 in base64url.
    #[wasm_bindgen(js_name = unpackLink)]
    pub fn unpack_link(data: &str, done: JsValue);
    /// The address's fragment, with its `#`, percent-decoded (the browser encodes a typed
    /// `#story=my story`), so that a notice quotes a name as it was written; base64url has no
    /// `%`, so a share link's data is the same either way.
    pub fn fragment() -> String;
    /// The playground's address: the directory of the page's glue (and of `embed.js`), which
    /// wasm-bindgen puts this snippet two levels below.
    pub fn playground() -> String;
    /// Replaces the fragment (`""` drops it) without a new history entry; returns the address.
    #[wasm_bindgen(js_name = setFragment)]
    pub fn set_fragment(fragment: &str) -> String;
}

/// The payload's fields (`ctrcfg_core::share::NAMES`, in their order), each with the `localStorage` key whose
/// value it carries.
pub const FIELDS: [(&str, &str); 9] = [
    ("view", autosave::MODE),
    ("configs", autosave::CONFIGS),
    ("featureSet", autosave::FEATURE_SET),
    ("release", autosave::RELEASE),
    ("gates", autosave::GATES),
    ("pools", autosave::POOLS),
    ("scenario", autosave::SCENARIO),
    ("tab", autosave::OUTPUT),
    ("pool", autosave::POOL),
];

/// A payload's fields by their `localStorage` keys; `None` for anything that is not a whole
/// payload (`ctrcfg_core::share::decode`).
pub fn decode(payload: &str) -> Option<Vec<(&'static str, String)>> {
    let fields = ctrcfg_core::share::decode(payload)?;
    let key = |name: &str| FIELDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k);
    fields.into_iter().map(|(name, value)| Some((key(name)?, value))).collect()
}

/// Where opening a link keeps the value of `key` it replaced.
fn previous(key: &str) -> String {
    format!("ctrcfg.previous.{key}")
}

/// Which state was last opened from a link (its payload): a draft still equal to it holds
/// nothing typed, so the next link does not replace the kept previous draft with it.
const OPENED: &str = "ctrcfg.opened.v1";

/// The state in `store` as a payload: the playground's from `localStorage`, a widget's from its
/// memory.
pub fn current(store: &Store) -> String {
    encode(&FIELDS.map(|(name, key)| (name, store.load(key).unwrap_or_default())))
}

/// Makes `values` the saved state (what the views read when they mount), first keeping the
/// draft it replaces unless that holds nothing typed. Returns whether a previous draft is kept.
pub fn open(values: &[(&'static str, String)]) -> bool {
    let incoming =
        encode(&FIELDS.map(|(name, key)| {
            (name, values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default())
        }));
    let now = current(&Store::Local);
    let typed = FIELDS.iter().any(|(_, key)| autosave::load(key).is_some())
        && now != incoming
        && autosave::load(OPENED).as_deref() != Some(&now);
    for (_, key) in FIELDS {
        if typed {
            match autosave::load(key) {
                Some(value) => autosave::save(&previous(key), &value),
                None => autosave::remove(&previous(key)),
            }
        }
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => autosave::save(key, value),
            None => autosave::remove(key),
        }
    }
    if typed {
        autosave::save(&previous(OPENED), "1");
    }
    autosave::save(OPENED, &incoming);
    autosave::load(&previous(OPENED)).is_some()
}

/// Puts the draft [`open`] kept back in place, and forgets it.
pub fn restore() {
    for (_, key) in FIELDS {
        match autosave::load(&previous(key)) {
            Some(value) => autosave::save(key, &value),
            None => autosave::remove(key),
        }
        autosave::remove(&previous(key));
    }
    autosave::remove(&previous(OPENED));
    autosave::remove(OPENED);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctrcfg_core::share::NAMES;

    #[test]
    fn every_field_of_the_payload_has_its_key() {
        assert_eq!(FIELDS.map(|(name, _)| name), NAMES);
        let payload = encode(&FIELDS.map(|(name, key)| (name, format!("{key} value"))));
        let decoded = decode(&payload).unwrap();
        assert!(decoded.iter().all(|(key, value)| *value == format!("{key} value")));
        assert_eq!(decoded.len(), FIELDS.len());
    }
}
