//! The TOML the MCO writes, in BurntSushi/toml v1.5.0's encoding, for the few shapes it writes:
//! tables two spaces deeper per level with each header on its own line, and strings, integers
//! and arrays of strings as values.
//!
//! Written by hand rather than through a TOML library: the bytes must be the MCO's (strings
//! are always basic strings, escaped as BurntSushi/toml `encode.go`'s `dblQuotedReplacer`
//! escapes them), and leaving the library out of rendering keeps it out of the playground's
//! wasm (`edit`, CLI-only, still edits users' files with `toml_edit`). BENCHMARKS.md has the
//! figure.

use std::fmt::Write;

/// A value the MCO sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TomlValue {
    Str(String),
    Int(i64),
    Strings(Vec<String>),
}

impl From<&str> for TomlValue {
    fn from(s: &str) -> TomlValue {
        TomlValue::Str(s.to_owned())
    }
}

impl From<String> for TomlValue {
    fn from(s: String) -> TomlValue {
        TomlValue::Str(s)
    }
}

impl From<i64> for TomlValue {
    fn from(n: i64) -> TomlValue {
        TomlValue::Int(n)
    }
}

impl TomlValue {
    /// The value as BurntSushi/toml writes it: `"..."`, `42`, `["a", "b"]`.
    pub fn encode(&self, out: &mut String) {
        match self {
            TomlValue::Str(s) => quote(s, out),
            TomlValue::Int(n) => {
                let _ = write!(out, "{n}");
            }
            TomlValue::Strings(items) => {
                out.push('[');
                for (i, s) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    quote(s, out);
                }
                out.push(']');
            }
        }
    }
}

/// A basic string: `"` and `\` escaped, the control characters as `\b \t \n \f \r` or `\u00XX`.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A document written top to bottom, in the MCO's layout.
#[derive(Default)]
pub struct Document {
    out: String,
}

impl Document {
    /// `[name]` (a dotted path), indented for its nesting level.
    pub fn table(&mut self, level: usize, name: &str) -> &mut Self {
        self.indent(level);
        let _ = writeln!(self.out, "[{name}]");
        self
    }

    /// `key = value`, indented for its table's level plus one.
    pub fn key(&mut self, level: usize, key: &str, value: &TomlValue) -> &mut Self {
        self.indent(level);
        self.out.push_str(key);
        self.out.push_str(" = ");
        value.encode(&mut self.out);
        self.out.push('\n');
        self
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn encoded(v: TomlValue) -> String {
        let mut out = String::new();
        v.encode(&mut out);
        out
    }

    /// BurntSushi/toml v1.5.0 `encode.go` `dblQuotedReplacer`: `"` and `\` escaped, `\b \t \n
    /// \f \r` by name, every other control character (and DEL) as a lowercase `\u00XX`, and
    /// anything else, non-ASCII included, as it is.
    #[test]
    fn strings_are_escaped_as_burntsushi_escapes_them() {
        assert_eq!(encoded("a\"b\\c".into()), r#""a\"b\\c""#);
        assert_eq!(encoded("\u{8}\t\n\u{c}\r".into()), r#""\b\t\n\f\r""#);
        assert_eq!(encoded("\u{0}\u{1b}\u{7f}".into()), r#""\u0000\u001b\u007f""#);
        assert_eq!(encoded("/mnt/é '#".into()), "\"/mnt/é '#\"");
        assert_eq!(encoded(TomlValue::Int(-8192)), "-8192");
        assert_eq!(encoded(TomlValue::Strings(vec!["/a".into(), "/b".into()])), r#"["/a", "/b"]"#);
        assert_eq!(encoded(TomlValue::Strings(Vec::new())), "[]");
    }

    #[test]
    fn tables_and_keys_indent_by_level() {
        let text = Document::default()
            .table(0, "crio")
            .table(1, "crio.runtime")
            .key(2, "pids_limit", &TomlValue::Int(2048))
            .finish();
        assert_eq!(text, "[crio]\n  [crio.runtime]\n    pids_limit = 2048\n");
    }
}
