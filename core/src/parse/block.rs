//! A fast reader for the block-style YAML that configs are written in: block maps and lists,
//! plain scalars and simple quoted ones, comments, `---` between documents. It gives exactly
//! the documents, nodes and spans that `saphyr-parser` and the builder give (tested on every
//! text of the repository and on thousands of edits of them), and gives up (`None`) on anything
//! else: flow collections, anchors, aliases, tags, block or multi-line scalars, escapes, tabs,
//! control characters, empty values, anything saphyr would refuse. Then the caller parses with
//! saphyr, so what this reader cannot take costs only the time it took to give up.
//!
//! Why it exists: saphyr scans a character at a time and grows every scalar one `push` at a
//! time; that was two thirds of validating a typical config (BENCHMARKS.md, issue 13).
//!
//! Spans follow saphyr's events: a scalar covers its text (quotes included); a collection starts
//! at its first key or item's content and ends where the next token starts (after blank lines
//! and comments), or at the end of the text; an explicit document starts at its `---` and ends
//! at the next document's `---` (its end).

use super::{Document, Entry, Node, Parsed, Scalar, Value, MAX_DEPTH};
use crate::text::Span;

/// Longest key accepted here; YAML's limit on a simple key is 1024 characters.
const MAX_KEY: usize = 1000;

/// The documents of `text`, or `None` when this reader does not take it.
pub fn parse(text: &str) -> Option<Parsed> {
    let bytes = text.as_bytes();
    // Control characters and tabs, and the characters some YAML readers take as line breaks or
    // a byte-order mark, are saphyr's to judge.
    if bytes.is_empty()
        || bytes.iter().any(|&b| b != b'\n' && (b < b' ' || b == 0x7f))
        || text.contains(['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'])
    {
        return None;
    }
    // `...` ends a document; this reader leaves it to saphyr.
    if text.starts_with("...") || text.contains("\n...") {
        return None;
    }
    let mut reader = Reader { text, bytes, depth: 0 };
    let mut documents = Vec::new();
    let mut at = reader.next_token(0);
    if at == bytes.len() {
        return None;
    }
    loop {
        // `at` is the document's first token: `---` or its content.
        let (start, content) = if reader.is_marker(at) {
            let after = at + 3;
            if !reader.rest_is_blank(after) {
                return None;
            }
            (at, reader.next_token(after))
        } else {
            (at, at)
        };
        if content == bytes.len() || reader.is_marker(content) || reader.column(content) != 0 {
            return None;
        }
        let (root, next) = reader.node(content, 0, false)?;
        let end = if next == bytes.len() {
            bytes.len()
        } else if reader.is_marker(next) {
            next + 3
        } else {
            return None;
        };
        documents.push(Document { span: Span::new(start, root.span.end.max(end)), root: Some(root) });
        if next == bytes.len() {
            return Some(Parsed { documents, diagnostics: Vec::new() });
        }
        at = next;
    }
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    depth: usize,
}

impl Reader<'_> {
    fn column(&self, at: usize) -> usize {
        at - self.bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self, at: usize) -> usize {
        self.bytes[at..].iter().position(|&b| b == b'\n').map_or(self.bytes.len(), |i| at + i)
    }

    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(b'\n')
    }

    /// Spaces, then the end of the line or a comment.
    fn rest_is_blank(&self, mut at: usize) -> bool {
        while self.byte(at) == b' ' {
            at += 1;
        }
        self.byte(at) == b'\n' || (self.byte(at) == b'#' && self.byte(at.saturating_sub(1)) == b' ')
    }

    /// Where the next token starts: past spaces, line ends and comments.
    fn next_token(&self, mut at: usize) -> usize {
        loop {
            match self.bytes.get(at) {
                Some(b' ' | b'\n') => at += 1,
                Some(b'#') => at = self.line_end(at),
                _ => return at,
            }
        }
    }

    /// `---` at the start of a line, alone or before a space.
    fn is_marker(&self, at: usize) -> bool {
        self.bytes[at..].starts_with(b"---") && self.column(at) == 0 && matches!(self.byte(at + 3), b' ' | b'\n')
    }

    /// `- ` or a `-` that ends its line: a list item.
    fn is_item(&self, at: usize) -> bool {
        self.byte(at) == b'-' && matches!(self.byte(at + 1), b' ' | b'\n')
    }

    /// The node whose first token is at `at`, owned by a construct at column `owner` (a map
    /// key's or a list dash's column, or 0 for a document): a list, a map or a scalar. Returns
    /// it and where the next token after it starts.
    /// `indentless`: a list whose dashes stand at its key's column (`key:` then `- a` below it),
    /// which saphyr starts at its first item's content rather than at its first dash.
    fn node(&mut self, at: usize, owner: usize, indentless: bool) -> Option<(Node, usize)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH.min(100) {
            return None;
        }
        let out = if self.is_item(at) {
            self.list(at, indentless)
        } else if self.key_end(at).is_some() {
            self.map(at)
        } else {
            self.scalar_line(at, owner)
        };
        self.depth -= 1;
        out
    }

    /// A scalar that ends its line (a comment aside), owned by a construct at column `owner`;
    /// returns it and where the next token starts.
    fn scalar_line(&self, at: usize, owner: usize) -> Option<(Node, usize)> {
        let (node, after) = self.scalar(at)?;
        if !self.rest_is_blank(after) {
            return None;
        }
        let next = self.next_token(after);
        // A more indented line after a scalar continues it: a multi-line scalar.
        if next < self.bytes.len() && self.column(next) > owner {
            return None;
        }
        Some((node, next))
    }

    /// A block list whose first dash is at `at`.
    fn list(&mut self, at: usize, indentless: bool) -> Option<(Node, usize)> {
        let column = self.column(at);
        let mut items = Vec::new();
        let mut dash = at;
        loop {
            let content = dash + 2;
            if self.byte(dash + 1) != b' ' || matches!(self.byte(content), b' ' | b'\n' | b'#') || self.is_item(content)
            {
                return None;
            }
            let (item, next) = self.node(content, column, false)?;
            items.push(item);
            if next < self.bytes.len() && self.column(next) == column && self.is_item(next) {
                dash = next;
                continue;
            }
            let start = if indentless { items[0].span.start } else { at };
            return Some((Node { value: Value::Seq(items), span: Span::new(start, next) }, next));
        }
    }

    /// A block map whose first key starts at `at`.
    fn map(&mut self, at: usize) -> Option<(Node, usize)> {
        let column = self.column(at);
        let mut entries = Vec::new();
        let mut key_at = at;
        loop {
            let colon = self.key_end(key_at)?;
            let key = self.plain(key_at, colon)?;
            let mut value_at = colon + 1;
            while self.byte(value_at) == b' ' {
                value_at += 1;
            }
            let (value, next) = if matches!(self.byte(value_at), b'\n' | b'#') {
                // The value is on the lines below: more indented, or a list at this column.
                let below = self.next_token(value_at);
                let nested = below < self.bytes.len()
                    && (self.column(below) > column || (self.column(below) == column && self.is_item(below)));
                if !nested || self.is_marker(below) {
                    return None;
                }
                self.node(below, column, self.column(below) == column)?
            } else {
                if self.is_item(value_at) {
                    return None;
                }
                self.scalar_line(value_at, column)?
            };
            entries.push(Entry { key, value });
            if next < self.bytes.len() && self.column(next) == column && !self.is_marker(next) {
                if self.is_item(next) {
                    // A dash at a map's column belongs to a list above it, or is an error.
                    return self.map_end(entries, next);
                }
                key_at = next;
                continue;
            }
            return self.map_end(entries, next);
        }
    }

    fn map_end(&self, entries: Vec<Entry>, next: usize) -> Option<(Node, usize)> {
        let start = entries.first()?.key.span.start;
        Some((Node { value: Value::Map(entries), span: Span::new(start, next) }, next))
    }

    /// The colon that ends a plain key starting at `at` on its line (`key:` then a space or the
    /// line's end), if the line is `key: ...`.
    fn key_end(&self, at: usize) -> Option<usize> {
        if !self.plain_start(at) {
            return None;
        }
        let end = self.line_end(at);
        let colon = (at..end).find(|&i| self.bytes[i] == b':' && matches!(self.byte(i + 1), b' ' | b'\n'))?;
        (colon - at <= MAX_KEY && self.byte(colon - 1) != b' ').then_some(colon)
    }

    /// A plain scalar may start here (and this reader takes it).
    fn plain_start(&self, at: usize) -> bool {
        !matches!(
            self.byte(at),
            b' ' | b'\n'
                | b'-'
                | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        )
    }

    /// The plain scalar `at..end`, when it is one this reader takes: no character that could
    /// start a flow collection, a comment, an anchor or a quote, and no `: ` or `: ` at its end.
    fn plain(&self, at: usize, end: usize) -> Option<Node> {
        let text = &self.text[at..end];
        let ok = self.plain_start(at)
            && !text.ends_with(':')
            && !text.contains(": ")
            && !text.bytes().any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'\'' | b'"' | b'`'));
        ok.then(|| Node { value: Value::Scalar(Scalar::new(text.to_owned(), true, None)), span: Span::new(at, end) })
    }

    /// A scalar value starting at `at`: quoted (without escapes), or plain to its line's end or
    /// a comment. Returns it and where it ends.
    fn scalar(&self, at: usize) -> Option<(Node, usize)> {
        let line_end = self.line_end(at);
        match self.byte(at) {
            quote @ (b'"' | b'\'') => {
                let close = (at + 1..line_end).find(|&i| self.bytes[i] == quote)?;
                let inner = &self.text[at + 1..close];
                // saphyr's span of a quoted scalar runs on over blanks and a comment after it:
                // this reader takes only a quote that ends its line.
                if inner.contains('\\') || self.byte(close + 1) != b'\n' {
                    return None;
                }
                let node = Node {
                    value: Value::Scalar(Scalar::new(inner.to_owned(), false, None)),
                    span: Span::new(at, close + 1),
                };
                Some((node, close + 1))
            }
            _ => {
                let comment = (at + 1..line_end).find(|&i| self.bytes[i] == b'#' && self.bytes[i - 1] == b' ');
                let mut end = comment.unwrap_or(line_end);
                while end > at && self.bytes[end - 1] == b' ' {
                    end -= 1;
                }
                Some((self.plain(at, end)?, end))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::with_saphyr;
    use super::parse;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Every text this reader takes, it reads as saphyr and the builder do.
    fn agrees(text: &str) -> bool {
        match parse(text) {
            Some(fast) => {
                assert_eq!(fast, with_saphyr(text), "the fast reader differs from saphyr on:\n{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn takes_the_configs_people_write() {
        let typical = include_str!("../../../tests/vectors/render/image-stores.yaml");
        assert!(agrees(typical));
        let many = "# lead\n---\napiVersion: v1\nkind: K # note\nmetadata:\n  name: a\nspec:\n  list:\n  - path: /a\n    x: 'q'\n  - path: \"/b\"\n  nested:\n    - 1\n    - x2\n# tail\n---\nk: v\n\n";
        assert!(agrees(many));
    }

    #[test]
    fn leaves_the_rest_to_saphyr() {
        for text in [
            "",
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: b\n  c\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a:\tb\n",
            "a: b\u{2028}\n",
            "a:\n",
            "---\n---\na: b\n",
            "a: b: c\n",
            "a: b\n- c\n",
            "- a\n  b\n",
            "%YAML 1.2\n---\na: b\n",
            "a: 1\n...\n",
            "? a\n: b\n",
            " a: b\n",
            "a: b#c\n",
            "\"a\": b\n",
            "a : b\n",
            "-\n  a: b\n",
            "- - a\n",
            "--- a\n",
            "a: - b\n",
        ] {
            assert!(!agrees(text), "{text:?}");
        }
    }
}
