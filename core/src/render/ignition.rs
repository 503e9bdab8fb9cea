//! Ignition 3.5.0 as the MCO marshals it, with file contents as base64 data URLs.
//!
//! Source: openshift/machine-config-operator 7ff337a4, `pkg/controller/common/helpers.go`
//! `NewIgnConfig` (version `ign3types.MaxVersion` = 3.5.0) and `NewIgnFileBytesOverwriting`
//! (mode 0644, overwrite true, `dataurl.EncodeBytes`); the JSON field order is that of
//! coreos/ignition v2.26.0 `config/v3_5/types` as `encoding/json` writes it.

use super::NodeFile;
use crate::tree::Tree;

pub const IGNITION_VERSION: &str = "3.5.0";
/// 0644: what the MCO gives every file it writes; JSON has no octal, so Ignition shows 420.
pub const FILE_MODE: i64 = 0o644;

/// What `dataurl.EncodeBytes` writes for ctrcfg's files. It sniffs the type with Go's
/// `http.DetectContentType`, which says `text/plain; charset=utf-8` for any UTF-8 text without
/// an HTML or XML signature: every file the MCO renders here starts with `[`. The encoder
/// always uses base64, never the percent-escaped form.
pub const DATA_URL_PREFIX: &str = "data:text/plain;charset=utf-8;base64,";

pub fn data_url(contents: &str) -> String {
    let mut out = String::with_capacity(DATA_URL_PREFIX.len() + contents.len().div_ceil(3) * 4);
    out.push_str(DATA_URL_PREFIX);
    base64(contents.as_bytes(), &mut out);
    out
}

/// The contents of a `data:` URL that [`data_url`] wrote; `None` for anything else.
pub fn decode_data_url(url: &str) -> Option<String> {
    let payload = url.strip_prefix(DATA_URL_PREFIX)?;
    String::from_utf8(unbase64(payload)?).ok()
}

/// The Ignition config of a MachineConfig holding `files`, as a tree in Go's field order.
pub fn config(files: &[NodeFile]) -> Tree {
    let storage = if files.is_empty() {
        Tree::empty_map()
    } else {
        Tree::map([("files", Tree::Seq(files.iter().map(file).collect()))])
    };
    Tree::map([
        (
            "ignition",
            Tree::map([
                ("config", Tree::map([("replace", Tree::map([("verification", Tree::empty_map())]))])),
                ("proxy", Tree::empty_map()),
                ("security", Tree::map([("tls", Tree::empty_map())])),
                ("timeouts", Tree::empty_map()),
                ("version", Tree::str(IGNITION_VERSION)),
            ]),
        ),
        ("kernelArguments", Tree::empty_map()),
        ("passwd", Tree::empty_map()),
        ("storage", storage),
        ("systemd", Tree::empty_map()),
    ])
}

fn file(f: &NodeFile) -> Tree {
    Tree::map([
        ("group", Tree::empty_map()),
        ("overwrite", Tree::Bool(true)),
        ("path", Tree::str(&f.path)),
        ("user", Tree::empty_map()),
        (
            "contents",
            Tree::map([
                ("compression", Tree::str("")),
                ("source", Tree::Str(data_url(&f.contents))),
                ("verification", Tree::empty_map()),
            ]),
        ),
        ("mode", Tree::Int(FILE_MODE)),
    ])
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard, padded base64 (RFC 4648 §4), as Go's `base64.StdEncoding`.
fn base64(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
}

fn unbase64(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() % 4 != 0 || text.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in body.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// RFC 4648 §10's test vectors.
    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64(plain.as_bytes(), &mut out);
            assert_eq!(out, encoded);
            assert_eq!(unbase64(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(unbase64("Zg="), None);
        assert_eq!(unbase64("Z!=="), None);
    }

    /// The MCO's Ignition for a logLevel debug drop-in, byte for byte. Source: the verified
    /// `json.Marshal` output in shared/reference/upstream/mco.md §3 (MCO 7ff337a4,
    /// `createNewIgnition`, ignition v2.26.0 v3_5 types, dataurl v1.0.0).
    #[test]
    fn ignition_json_matches_the_mco_bytes() {
        let f = NodeFile {
            path: "/etc/crio/crio.conf.d/01-ctrcfg-logLevel".into(),
            contents: "[crio]\n  [crio.runtime]\n    log_level = \"debug\"\n".into(),
            sources: Vec::new(),
        };
        let expected = r#"{"ignition":{"config":{"replace":{"verification":{}}},"proxy":{},"security":{"tls":{}},"timeouts":{},"version":"3.5.0"},"kernelArguments":{},"passwd":{},"storage":{"files":[{"group":{},"overwrite":true,"path":"/etc/crio/crio.conf.d/01-ctrcfg-logLevel","user":{},"contents":{"compression":"","source":"data:text/plain;charset=utf-8;base64,W2NyaW9dCiAgW2NyaW8ucnVudGltZV0KICAgIGxvZ19sZXZlbCA9ICJkZWJ1ZyIK","verification":{}},"mode":420}]},"systemd":{}}"#;
        assert_eq!(config(&[f]).to_json(), expected);
        assert!(config(&[]).to_json().ends_with(r#""passwd":{},"storage":{},"systemd":{}}"#));
    }
}
