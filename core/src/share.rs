//! The share link's payload (`#s=1.<data>`, `docs/share.md`): the playground's whole state as
//! a small text of named, length-prefixed fields, and what the address's fragment asks for. Pure
//! text in and out, so the playground, its tests and the fuzzer read links one way; the deflate
//! and base64url around the payload are the browser's (`web/src/share.rs`), and where each
//! field is kept is the playground's (`localStorage` keys).

/// The format this page writes and reads, first in the fragment.
pub const VERSION: &str = "1";

/// The payload's fields, in the order written. A link lacking one of the first [`REQUIRED`] is
/// refused (it was cut short); the others came later in format 1, together, so older links lack
/// all of them and open with their defaults.
pub const NAMES: [&str; 9] = ["view", "configs", "featureSet", "release", "gates", "pools", "scenario", "tab", "pool"];

/// How many of [`NAMES`], from the first, every link carries.
pub const REQUIRED: usize = 7;

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

/// The payload: for each field `<name> <length in bytes>\n<value>\n`, in [`NAMES`]' order.
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

/// Reads a payload into each known field's name and value (unknown fields are skipped, for
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
        if let Some(known) = NAMES.iter().find(|n| **n == name) {
            values.push((*known, value.to_owned()));
        }
    }
    let present = |names: &[&str]| names.iter().filter(|n| values.iter().any(|(k, _)| k == *n)).count();
    let later = present(&NAMES[REQUIRED..]);
    // The later fields come together or not at all: a payload with some of them was cut.
    (present(&NAMES[..REQUIRED]) == REQUIRED && (later == 0 || later == NAMES.len() - REQUIRED)).then_some(values)
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
        NAMES.iter().map(|name| (*name, format!("{name}: ünïcode\n\n 12 \n"))).collect()
    }

    #[test]
    fn a_payload_round_trips_every_field() {
        let values = sample();
        let decoded = decode(&encode(&values)).unwrap();
        assert_eq!(decoded.iter().map(|(k, _)| *k).collect::<Vec<_>>(), NAMES);
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
