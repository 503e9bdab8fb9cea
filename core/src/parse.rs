//! YAML and JSON text → documents of [`Node`]s, each with the byte span it came from.
//!
//! This is the only module that knows the YAML library (`saphyr-parser`, chosen over
//! `serde_yaml` because it reports a span for every scalar and collection, is maintained, and
//! costs about 44 KB less gzipped wasm; figures in `BENCHMARKS.md`). JSON is YAML, so one parser
//! serves both.
//!
//! Parsing never fails hard: it returns every document it could read plus diagnostics. A syntax
//! error ends the stream (the YAML scanner cannot resynchronise), but documents completed before
//! it are kept. Two guards keep hostile input cheap:
//! - alias expansion is budgeted ([`MAX_ALIAS_NODES`]), so a "billion laughs" document is
//!   rejected with the API server's own words instead of exhausting memory;
//! - nesting deeper than [`MAX_DEPTH`] is rejected. The API server allows 10000 levels; ctrcfg
//!   stops at 1000 so that every walk over the tree stays far inside the browser's 1 MiB stack.
//!   No ContainerRuntimeConfig comes near either limit.

mod block;

use crate::diag::{Diagnostic, Origin, Severity};
use crate::text::{LineIndex, Span};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use std::collections::HashMap;

/// Deepest nesting of collections that is accepted.
pub const MAX_DEPTH: usize = 1000;
/// Most nodes that alias expansion may create in one stream.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One node of a YAML document with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in document order. Duplicate keys are kept; lookups return the last one, as
    /// kubectl's YAML decoding does.
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    /// The JSON type Kubernetes' YAML decoding (go-yaml v2 under sigs.k8s.io/yaml, YAML 1.1
    /// rules) gives this scalar, resolved once when it is read.
    pub kind: Kind,
}

/// The JSON type a node decodes to, named as the API server names types in its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

impl Scalar {
    /// Quoted and block scalars are strings; an explicit core-schema tag decides; plain
    /// scalars are resolved by YAML 1.1's rules, as go-yaml v2 resolves them.
    fn new(text: String, plain: bool, tag: Option<&str>) -> Scalar {
        let kind = match tag {
            Some("tag:yaml.org,2002:str") => Kind::String,
            Some("tag:yaml.org,2002:int") => Kind::Integer,
            Some("tag:yaml.org,2002:float") => Kind::Number,
            Some("tag:yaml.org,2002:bool") => Kind::Boolean,
            Some("tag:yaml.org,2002:null") => Kind::Null,
            _ if !plain => Kind::String,
            _ => resolve_plain(&text),
        };
        Scalar { text, kind }
    }
}

pub(crate) fn resolve_plain(text: &str) -> Kind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "true" | "True" | "TRUE" | "false"
        | "False" | "FALSE" | "on" | "On" | "ON" | "off" | "Off" | "OFF" => return Kind::Boolean,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Kind::Number,
        _ => {}
    }
    // Most scalars are names and paths: only a sign, a digit or a dot (underscores aside, which
    // the number forms drop) can start an integer or a float.
    match text.bytes().find(|&b| b != b'_') {
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') | None => {}
        Some(_) => return Kind::String,
    }
    let plain: std::borrow::Cow<'_, str> = if text.contains('_') { text.replace('_', "").into() } else { text.into() };
    let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
    let radix_digits = |prefix: &str, radix: u32| {
        unsigned.strip_prefix(prefix).is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_digit(radix)))
    };
    // Go's ParseInt with base 0 reads a leading 0 as octal; "09" fails there and becomes a float.
    if unsigned.len() > 1 && unsigned.starts_with('0') && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return if unsigned.bytes().all(|b| b < b'8') { Kind::Integer } else { Kind::Number };
    }
    if (!unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()))
        || radix_digits("0x", 16)
        || radix_digits("0b", 2)
        || radix_digits("0o", 8)
    {
        return Kind::Integer;
    }
    if is_yaml_float(unsigned) {
        return Kind::Number;
    }
    Kind::String
}

/// `[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?` and `[0-9]+\.` — YAML 1.1's float forms, sign removed.
fn is_yaml_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    exponent_ok
        && digits(whole)
        && fraction.is_none_or(digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
        && (fraction.is_some() || exponent.is_some())
}

impl Node {
    pub fn kind(&self) -> Kind {
        match &self.value {
            Value::Scalar(s) => s.kind,
            Value::Seq(_) => Kind::Array,
            Value::Map(_) => Kind::Object,
        }
    }

    /// The text of a scalar that decodes to a string (or, loosely, any scalar's text).
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node; `None` for collections.
    pub fn text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The value of `key` in a mapping, taking the last of duplicate keys.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key_str() == Some(key)),
            _ => None,
        }
    }
}

impl Entry {
    pub fn key_str(&self) -> Option<&str> {
        self.key.text()
    }
}

/// One document of a stream. `root` is `None` for an empty document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: Option<Node>,
    pub span: Span,
}

/// What parsing a text yields: the documents read, and what went wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a text that is ctrcfg's own input (a scenario, a pools file, the stored objects of
/// `--existing`) rather than something sent to the API server: its syntax errors are ctrcfg's.
pub fn parse_input(text: &str) -> Parsed {
    let mut parsed = parse(text);
    for d in &mut parsed.diagnostics {
        d.origin = Origin::Ctrcfg;
    }
    parsed
}

/// Parses a YAML (or JSON) stream of one or more documents: with the fast reader of block-style
/// YAML when it takes the text ([`block`]), with saphyr otherwise; both give the same result.
pub fn parse(text: &str) -> Parsed {
    block::parse(text).unwrap_or_else(|| with_saphyr(text))
}

/// What the fast block reader and saphyr each make of `text`, when the fast reader takes it: for
/// the fuzzer, which checks that they agree on whatever it writes (`fuzz/`, target `yaml`), and
/// for `tests/block_reader.rs`, on the repository's YAML and edits of it.
#[doc(hidden)]
pub fn both_readers(text: &str) -> Option<(Parsed, Parsed)> {
    block::parse(text).map(|fast| (fast, with_saphyr(text)))
}

fn with_saphyr(text: &str) -> Parsed {
    let index = (!text.is_ascii()).then(|| LineIndex::new(text));
    let mut builder = Builder::new(index.as_ref());
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let span = Span::new(builder.offset(span.start), builder.offset(span.end));
                if let Err(stop) = builder.event(event, span) {
                    builder.fail(stop.message, stop.span);
                    break;
                }
            }
            Err(e) => {
                let at = builder.offset(*e.marker());
                let message = match e.info() {
                    // go-yaml v2's parser (decode.go `alias`) names the anchor and no line.
                    "while parsing node, found unknown anchor" => {
                        let name = text.get(at..).unwrap_or_default().trim_start_matches('*');
                        let name = name.split(|c: char| c.is_whitespace() || ",[]{}".contains(c)).next();
                        format!("yaml: unknown anchor '{}' referenced", name.unwrap_or_default())
                    }
                    info => format!("yaml: line {}: {info}", e.marker().line()),
                };
                builder.fail(message, Span::at(at));
                break;
            }
        }
    }
    builder.parsed
}

struct Stop {
    message: String,
    span: Span,
}

enum Frame {
    Seq { start: usize, anchor: usize, items: Vec<Node> },
    Map { start: usize, anchor: usize, entries: Vec<Entry>, key: Option<Node> },
}

struct Builder<'i> {
    /// Only needed to turn character positions into bytes when the text is not ASCII.
    index: Option<&'i LineIndex<'i>>,
    parsed: Parsed,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    doc_start: usize,
    root: Option<Node>,
}

impl<'i> Builder<'i> {
    fn new(index: Option<&'i LineIndex<'i>>) -> Self {
        Builder {
            index,
            parsed: Parsed::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            doc_start: 0,
            root: None,
        }
    }

    /// The scanner counts characters; in ASCII text they are bytes.
    fn offset(&self, m: Marker) -> usize {
        match self.index {
            None => m.index(),
            Some(index) => index.offset_of_line_char(m.line(), m.col()),
        }
    }

    fn fail(&mut self, message: String, span: Span) {
        self.parsed.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            origin: Origin::Api,
            field: None,
            message,
            document: self.parsed.documents.len(),
            span,
            note: None,
        });
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Stop> {
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = span.start;
                self.root = None;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                let end = self.root.as_ref().map_or(span.end, |r| r.span.end.max(span.end));
                self.parsed.documents.push(Document { root: self.root.take(), span: Span::new(self.doc_start, end) });
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let scalar = Scalar::new(text.into_owned(), style == ScalarStyle::Plain, tag.as_deref());
                let node = Node { value: Value::Scalar(scalar), span };
                self.complete(node, anchor);
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Stop { message: "yaml: unknown anchor referenced".into(), span });
                };
                self.alias_nodes += count_nodes(target);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(Stop { message: "yaml: document contains excessive aliasing".into(), span });
                }
                // The alias is reported where it is used, but carries the anchored value.
                let node = Node { value: target.value.clone(), span };
                self.complete(node, 0);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(Stop { message: format!("yaml: exceeded max depth of {MAX_DEPTH}"), span });
                }
                self.stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq { start: span.start, anchor, items: Vec::new() },
                    _ => Frame::Map { start: span.start, anchor, entries: Vec::new(), key: None },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { start, anchor, items }) => {
                        let end = items.last().map_or(span.end, |n| n.span.end.max(span.end));
                        (Node { value: Value::Seq(items), span: Span::new(start, end) }, anchor)
                    }
                    Some(Frame::Map { start, anchor, entries, .. }) => {
                        let end = entries.last().map_or(span.end, |e| e.value.span.end.max(span.end));
                        (Node { value: Value::Map(entries), span: Span::new(start, end) }, anchor)
                    }
                    None => return Ok(()),
                };
                self.complete(node, anchor);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Places a finished node into its parent (or as the document root) and records its anchor.
    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push(Entry { key: k, value: node }),
            },
            None => self.root = Some(node),
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| count_nodes(&e.key) + count_nodes(&e.value)).sum::<usize>(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn root(text: &str) -> Node {
        let parsed = parse(text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.documents.into_iter().next().and_then(|d| d.root).expect("a root")
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "spec:\n  path: /mnt/ssd\n";
        let node = root(text);
        let spec = node.get("spec").unwrap();
        let path = spec.value.get("path").unwrap();
        assert_eq!(&text[path.key.span.start..path.key.span.end], "path");
        assert_eq!(&text[path.value.span.start..path.value.span.end], "/mnt/ssd");
    }

    #[test]
    fn plain_scalars_resolve_like_kubernetes_yaml() {
        let cases = [
            ("~", Kind::Null),
            ("yes", Kind::Boolean),
            ("Off", Kind::Boolean),
            ("10", Kind::Integer),
            ("-0x1F", Kind::Integer),
            ("1_000", Kind::Integer),
            ("0777", Kind::Integer),
            ("09", Kind::Number),
            ("1.5", Kind::Number),
            ("1e9", Kind::Number),
            (".5", Kind::Number),
            ("-.inf", Kind::Number),
            ("10Gi", Kind::String),
            ("1.2.3", Kind::String),
            ("e5", Kind::String),
            ("/mnt/ssd", Kind::String),
        ];
        for (text, kind) in cases {
            assert_eq!(resolve_plain(text), kind, "{text}");
        }
        assert_eq!(root("'10'").kind(), Kind::String);
        assert_eq!(root("!!str 10").kind(), Kind::String);
    }

    #[test]
    fn json_is_read_with_spans() {
        let text = r#"{"spec": {"paths": ["/a", "/b"]}}"#;
        let node = root(text);
        let paths = node.get("spec").unwrap().value.get("paths").unwrap();
        let Value::Seq(items) = &paths.value.value else { panic!("a sequence") };
        assert_eq!(&text[items[1].span.start..items[1].span.end], "\"/b\"");
    }

    #[test]
    fn syntax_errors_keep_earlier_documents_and_carry_a_position() {
        let parsed = parse("a: 1\n---\nb: [1, 2\nc: 3\n");
        assert_eq!(parsed.documents.len(), 1);
        let d = &parsed.diagnostics[0];
        assert_eq!(d.document, 1);
        assert!(d.message.starts_with("yaml: line "), "{}", d.message);
        assert!(d.span.start > "a: 1\n---\n".len());
    }

    #[test]
    fn duplicate_keys_resolve_to_the_last() {
        let node = root("a: 1\na: 2\n");
        assert_eq!(node.get("a").unwrap().value.as_scalar().unwrap().text, "2");
    }

    #[test]
    fn aliases_expand_and_bombs_are_refused() {
        let node = root("a: &x [1, 2]\nb: *x\n");
        assert_eq!(node.get("b").unwrap().value.kind(), Kind::Array);

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = (b'a' + i - 1) as char;
            let name = (b'a' + i) as char;
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let parsed = parse(&bomb);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].message, "yaml: document contains excessive aliasing");
        assert!(parsed.documents.is_empty());
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        // Block nesting is bounded by ctrcfg's own limit...
        let deep = format!("{}x", "- ".repeat(50_000));
        let parsed = parse(&deep);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].message, format!("yaml: exceeded max depth of {MAX_DEPTH}"));
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(parse(&ok).diagnostics.is_empty());
        // ...and flow nesting by the scanner's, which is lower.
        let parsed = parse(&"[".repeat(100_000));
        assert_eq!(parsed.diagnostics[0].message, "yaml: line 1: recursion limit exceeded");
    }
}
