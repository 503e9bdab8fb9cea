//! A small JSON-shaped value tree and its two printers: JSON as Go's `encoding/json` writes it
//! (the MCO marshals Ignition with it) and block-style YAML as `oc get -o yaml` prints objects.
//!
//! Every object ctrcfg emits (MachineConfigs, Ignition, merged ContainerRuntimeConfigs, Butane)
//! is built as a [`Tree`] and printed here, so quoting lives in one place: a string is printed
//! plain only when ctrcfg's own YAML parser reads it back as the same string, and double-quoted
//! otherwise. No value, however odd, can open a new key.

use crate::parse::{resolve_plain, Kind};
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    /// A number already written as JSON (e.g. `1.250`), printed as is.
    Num(String),
    Str(String),
    /// A string printed as a YAML literal block (`|`) when it is safe to, for file contents.
    Text(String),
    Seq(Vec<Tree>),
    /// Keys in the order they are printed. Most are the literals of the code that builds the
    /// map, borrowed rather than copied: a diagnostic's JSON has fourteen.
    Map(Vec<(Cow<'static, str>, Tree)>),
}

impl Tree {
    pub fn str(s: impl Into<String>) -> Tree {
        Tree::Str(s.into())
    }

    /// A map from `(key, value)` pairs, in that order.
    pub fn map<const N: usize>(entries: [(&'static str, Tree); N]) -> Tree {
        Tree::Map(entries.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect())
    }

    /// This map with `key` added last; any other value is returned unchanged.
    pub fn with(self, key: &str, value: Tree) -> Tree {
        match self {
            Tree::Map(mut entries) => {
                entries.push((Cow::Owned(key.to_owned()), value));
                Tree::Map(entries)
            }
            other => other,
        }
    }

    pub fn empty_map() -> Tree {
        Tree::Map(Vec::new())
    }

    /// The same tree with every map's keys sorted byte-wise, as Kubernetes prints objects it
    /// holds as unstructured maps.
    pub fn sorted(mut self) -> Tree {
        self.sort();
        self
    }

    fn sort(&mut self) {
        match self {
            Tree::Seq(items) => items.iter_mut().for_each(Tree::sort),
            Tree::Map(entries) => {
                crate::order::sort_by(entries, |a, b| a.0.cmp(&b.0));
                entries.iter_mut().for_each(|(_, v)| v.sort());
            }
            _ => {}
        }
    }

    /// Compact JSON, byte for byte as Go's `json.Marshal` writes it for the same field order.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// JSON indented by two spaces, as `JSON.stringify(v, null, 2)` and serde_json print it.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(0, &mut out);
        out.push('\n');
        out
    }

    fn write_pretty(&self, level: usize, out: &mut String) {
        let (open, close, len) = match self {
            Tree::Seq(items) if !items.is_empty() => ('[', ']', items.len()),
            Tree::Map(entries) if !entries.is_empty() => ('{', '}', entries.len()),
            _ => return self.write_json(out),
        };
        out.push(open);
        for i in 0..len {
            out.push_str(if i > 0 { ",\n" } else { "\n" });
            push_indent(2 * (level + 1), out);
            match self {
                Tree::Seq(items) => items[i].write_pretty(level + 1, out),
                Tree::Map(entries) => {
                    json_string(&entries[i].0, true, out);
                    out.push_str(": ");
                    entries[i].1.write_pretty(level + 1, out);
                }
                _ => {}
            }
        }
        out.push('\n');
        push_indent(2 * level, out);
        out.push(close);
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Tree::Null => out.push_str("null"),
            Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Tree::Int(i) => out.push_str(&i.to_string()),
            Tree::Num(n) => out.push_str(n),
            Tree::Str(s) | Tree::Text(s) => json_string(s, true, out),
            Tree::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Tree::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(k, true, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// Block-style YAML, two spaces per level, sequences not indented under their key (as
    /// `oc`/`kubectl -o yaml` print them). Ends with a newline.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Tree::Map(entries) if !entries.is_empty() => write_map(entries, 0, &mut out),
            Tree::Seq(items) if !items.is_empty() => write_seq(items, 0, &mut out),
            scalar => {
                write_scalar(scalar, 0, &mut out);
                out.push('\n');
            }
        }
        out
    }
}

fn write_map(entries: &[(Cow<'static, str>, Tree)], indent: usize, out: &mut String) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            push_indent(indent, out);
        }
        yaml_string(key, out);
        out.push(':');
        write_value_after_key(value, indent, out);
    }
}

fn write_seq(items: &[Tree], indent: usize, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            push_indent(indent, out);
        }
        out.push('-');
        match item {
            Tree::Map(entries) if !entries.is_empty() => {
                out.push(' ');
                write_map(entries, indent + 2, out);
            }
            Tree::Seq(inner) if !inner.is_empty() => {
                out.push(' ');
                write_seq(inner, indent + 2, out);
            }
            scalar => {
                out.push(' ');
                write_scalar(scalar, indent + 2, out);
                out.push('\n');
            }
        }
    }
}

fn write_value_after_key(value: &Tree, indent: usize, out: &mut String) {
    match value {
        Tree::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            push_indent(indent + 2, out);
            write_map(entries, indent + 2, out);
        }
        Tree::Seq(items) if !items.is_empty() => {
            out.push('\n');
            push_indent(indent, out);
            write_seq(items, indent, out);
        }
        scalar => {
            out.push(' ');
            write_scalar(scalar, indent + 2, out);
            out.push('\n');
        }
    }
}

fn push_indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A scalar (or an empty collection) after `key: ` or `- `. `indent` is where a literal
/// block's lines start.
fn write_scalar(value: &Tree, indent: usize, out: &mut String) {
    match value {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Int(i) => out.push_str(&i.to_string()),
        Tree::Num(n) => out.push_str(n),
        Tree::Str(s) => yaml_string(s, out),
        Tree::Text(s) if literal_block_ok(s) => {
            out.push('|');
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    push_indent(indent, out);
                    out.push_str(line);
                }
            }
        }
        Tree::Text(s) => yaml_string(s, out),
        Tree::Seq(_) => out.push_str("[]"),
        Tree::Map(_) => out.push_str("{}"),
    }
}

/// Characters every YAML reader takes as themselves: printable in YAML 1.2, and not a line
/// break in YAML 1.1 (go-yaml, which Butane uses, breaks lines at NEL, U+2028 and U+2029).
fn yaml_safe(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A literal block keeps text exactly when the text ends with one newline, its first line is
/// not indented (the block's indentation is taken from it), no line ends in a space and every
/// other character is [`yaml_safe`].
fn literal_block_ok(s: &str) -> bool {
    let Some(body) = s.strip_suffix('\n') else { return false };
    !body.is_empty()
        && !body.starts_with(' ')
        && !body.ends_with('\n')
        && body.split('\n').all(|line| !line.ends_with(' '))
        && body.chars().all(|c| c == '\n' || yaml_safe(c))
}

/// A string as a YAML scalar: plain when that reads back as the same string, else
/// double-quoted with JSON escapes (a subset of YAML's).
fn yaml_string(s: &str, out: &mut String) {
    if plain_ok(s) {
        out.push_str(s);
    } else {
        json_string(s, false, out);
    }
}

/// Plain scalars are kept to a conservative alphabet (no spaces, quotes, `#`, brackets or
/// braces), must not resolve to another type (`true`, `10`, `1e3`, and YAML 1.1's dates such as
/// `2001-12-14`), and may hold `:` only after a leading letter (data URLs, image references),
/// which YAML 1.1's base-60 numbers never start with.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let alphabet = |c: char| c.is_ascii_alphanumeric() || "/._-:;,=+".contains(c);
    let date_like = s.len() >= 5 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-';
    (first.is_ascii_alphanumeric() || first == '/')
        && s.chars().all(alphabet)
        && (!s.contains(':') || first.is_ascii_alphabetic() && !s.ends_with(':'))
        && !date_like
        && resolve_plain(s) == Kind::String
}

/// A flat JSON object of strings that is also YAML (every string escaped as [`json_string`]
/// escapes it without `go_html`), so a reader with only a YAML parser reads it exactly: the
/// playground's edit worker reads its requests so.
pub fn yaml_safe_json_object(fields: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(key, false, &mut out);
        out.push(':');
        json_string(value, false, &mut out);
    }
    out.push('}');
    out
}

/// A JSON string as Go's `encoding/json` writes it: control characters as `\u00XX` except `\n`,
/// `\r`, `\t`, and with `go_html` also `<`, `>`, `&`, U+2028 and U+2029 as `\u00XX`/`\u20XX`
/// (Go's HTML-safe default). Without it the result is a YAML double-quoted scalar, and every
/// character YAML does not take as itself (DEL, C1 controls, line separators, non-characters)
/// is escaped too.
pub fn json_string(s: &str, go_html: bool, out: &mut String) {
    out.push('"');
    // Runs of characters written as themselves are copied whole: most strings have no escape.
    let mut run = 0;
    for (i, c) in s.char_indices() {
        // The short escape, or `None` for `\u00XX`.
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if go_html => None,
            c if (c as u32) < 0x20 => None,
            c if !go_html && !yaml_safe(c) => None,
            _ => continue,
        };
        out.push_str(&s[run..i]);
        run = i + c.len_utf8();
        match short {
            Some(escape) => out.push_str(escape),
            None => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}
