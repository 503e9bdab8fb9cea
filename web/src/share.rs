//! Share links: the whole playground state in the address's fragment, `#s=1.<data>` (see
//! `docs/share.md`). The state is what `autosave` keeps in `localStorage` (both views' text, the
//! context panel's controls, the view), so sharing reads those keys and opening a link writes
//! them, keeping the visitor's previous values under `ctrcfg.previous.*` to restore.
//!
//! The payload is a small text format, [`encode`]d and [`decode`]d here in plain Rust (tested
//! natively; decoding never panics). Deflate and base64url are the browser's
//! (`CompressionStream('deflate-raw')`), a few lines of JavaScript below: a Rust codec would cost
//! the first paint far more than this snippet.

use crate::autosave::{self, Store};
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
export function fragment() { return location.hash; }
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
    /// The address's fragment, with its `#`.
    pub fn fragment() -> String;
    /// The playground's address: the directory of the page's glue (and of `embed.js`), which
    /// wasm-bindgen puts this snippet two levels below.
    pub fn playground() -> String;
    /// Replaces the fragment (`""` drops it) without a new history entry; returns the address.
    #[wasm_bindgen(js_name = setFragment)]
    pub fn set_fragment(fragment: &str) -> String;
}

/// The format this page writes and reads, first in the fragment.
pub const VERSION: &str = "1";

/// The payload's fields, in the order written: each one's name in the payload and the
/// `localStorage` key whose value it carries. A link lacking one of the first [`REQUIRED`] is
/// refused (it was cut short); the others came later in format 1, together, so older links lack
/// all of them and open with their defaults.
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

/// How many of [`FIELDS`], from the first, every link carries.
const REQUIRED: usize = 7;

/// Links longer than this may be cut by chat tools and mail clients.
pub const LONG: usize = 8000;

/// What the fragment asks for when the page opens.
#[derive(Debug, PartialEq, Eq)]
pub enum Fragment<'a> {
    None,
    /// `#new`: a blank Configs editor that saves nothing.
    New,
    /// `#preset=<name>`: a config preset for the Configs view.
    Preset(&'a str),
    /// `#story=<name>`: a seed story for the Scenario view.
    Story(&'a str),
    /// `#s=<version>.<data>`; the version is checked by [`version_problem`].
    Share(&'a str, &'a str),
}

impl<'a> Fragment<'a> {
    pub fn read(hash: &'a str) -> Fragment<'a> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if hash == "new" {
            return Fragment::New;
        }
        if let Some(name) = hash.strip_prefix("preset=") {
            return Fragment::Preset(name);
        }
        if let Some(name) = hash.strip_prefix("story=") {
            return Fragment::Story(name);
        }
        match hash.strip_prefix("s=") {
            Some(link) => {
                let (version, data) = link.split_once('.').unwrap_or(("", link));
                Fragment::Share(version, data)
            }
            None => Fragment::None,
        }
    }
}

/// Why a link could not be opened, as the page says it.
pub fn version_problem(version: &str) -> Option<String> {
    (version != VERSION).then(|| match version.parse::<u32>() {
        Ok(n) if n > 1 => format!(
            "This share link was made by a newer ctrcfg (format {n}); this page reads format {VERSION}. Your draft is unchanged."
        ),
        _ => DAMAGED.to_owned(),
    })
}

pub const DAMAGED: &str =
    "This share link is damaged or cut short, so it could not be opened. Your draft is unchanged.";

/// The payload: for each field `<name> <length in bytes>\n<value>\n`, in [`FIELDS`]' order.
pub fn encode(values: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in values {
        out.push_str(name);
        out.push(' ');
        out.push_str(&value.len().to_string());
        out.push('\n');
        out.push_str(value);
        out.push('\n');
    }
    out
}

/// Reads a payload into each known field's key and value (unknown fields are skipped, for
/// newer links of the same format); `None` when it is not a whole payload with every field.
pub fn decode(payload: &str) -> Option<Vec<(&'static str, String)>> {
    let mut values = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let (head, tail) = rest.split_once('\n')?;
        let (name, len) = head.split_once(' ')?;
        let len: usize = len.parse().ok()?;
        let value = tail.get(..len)?;
        rest = tail.get(len..)?.strip_prefix('\n')?;
        if let Some((_, key)) = FIELDS.iter().find(|(n, _)| *n == name) {
            values.push((*key, value.to_owned()));
        }
    }
    let present =
        |fields: &[(&str, &str)]| fields.iter().filter(|(_, key)| values.iter().any(|(k, _)| k == key)).count();
    let later = present(&FIELDS[REQUIRED..]);
    // The later fields come together or not at all: a payload with some of them was cut.
    (present(&FIELDS[..REQUIRED]) == REQUIRED && (later == 0 || later == FIELDS.len() - REQUIRED)).then_some(values)
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

/// What the page says after making a link of `len` characters.
pub fn describe(len: usize, copied: bool) -> String {
    let size = if len < 1000 { format!("{len} B") } else { format!("{}.{} KB", len / 1000, len % 1000 / 100) };
    let what = if copied { "Link copied" } else { "Link in the address bar (copying was not allowed)" };
    let warn = if len > LONG { " · chat tools may cut links longer than about 8 KB" } else { "" };
    format!("{what} · {size}{warn}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(&'static str, String)> {
        FIELDS.iter().map(|(name, key)| (*name, format!("{key}: ünïcode\n\n 12 \n"))).collect()
    }

    #[test]
    fn a_payload_round_trips_every_field() {
        let values = sample();
        let decoded = decode(&encode(&values)).unwrap();
        let keys: Vec<_> = FIELDS.iter().map(|(_, k)| *k).collect();
        assert_eq!(decoded.iter().map(|(k, _)| *k).collect::<Vec<_>>(), keys);
        assert_eq!(
            decoded.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
            values.into_iter().map(|(_, v)| v).collect::<Vec<_>>()
        );
        assert_eq!(decode(&encode(&[("configs", String::new())])), None, "fields are missing");
        // A link made before the output tab and pool were shared opens with their defaults.
        let older = decode(&encode(&sample()[..REQUIRED])).unwrap();
        assert_eq!(older.len(), REQUIRED);
    }

    #[test]
    fn unknown_fields_are_skipped_and_broken_payloads_refused() {
        let whole = encode(&sample());
        let with_new = encode(&[("later", "x".into())]) + &whole;
        assert_eq!(decode(&with_new), decode(&whole));
        // Every cut of a payload, even inside a character, is refused without a panic, but for
        // the one that leaves exactly the fields every link carries: that reads as an older
        // link (the deflate stream around the payload is what catches a link cut short).
        let required = encode(&sample()[..REQUIRED]);
        for cut in 0..whole.len() {
            let expected = (cut == required.len()).then(|| decode(&required).unwrap());
            assert_eq!(decode(whole.get(..cut).unwrap_or("configs 1\n")), expected, "cut at {cut}");
        }
        for bad in ["garbage", "configs x\nab\n", "configs 99999999999999999999\n", "configs 1\nab\n", "later 0\n\n"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn fragments_are_read_and_future_versions_named() {
        assert_eq!(Fragment::read(""), Fragment::None);
        assert_eq!(Fragment::read("#new"), Fragment::New);
        assert_eq!(Fragment::read("#preset=lazy-pulling"), Fragment::Preset("lazy-pulling"));
        assert_eq!(Fragment::read("#story=plugin-crash"), Fragment::Story("plugin-crash"));
        assert_eq!(Fragment::read("#s=1.abc"), Fragment::Share("1", "abc"));
        assert_eq!(Fragment::read("#s=abc"), Fragment::Share("", "abc"));
        assert_eq!(version_problem("1"), None);
        assert!(version_problem("2").unwrap().contains("newer ctrcfg (format 2)"));
        assert_eq!(version_problem("x").as_deref(), Some(DAMAGED));
    }

    #[test]
    fn the_length_is_shown_and_long_links_warned() {
        assert_eq!(describe(640, true), "Link copied · 640 B");
        assert_eq!(describe(1234, true), "Link copied · 1.2 KB");
        assert_eq!(describe(8000, true), "Link copied · 8.0 KB");
        assert_eq!(
            describe(8123, false),
            "Link in the address bar (copying was not allowed) · 8.1 KB · chat tools may cut links longer than about 8 KB"
        );
    }
}
