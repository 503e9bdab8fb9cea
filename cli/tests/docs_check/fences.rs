//! A small reader of Markdown's fenced code blocks: enough of CommonMark for the guide's pages
//! (backtick and tilde fences of three or more, indented inside list items, an info string of
//! words and `key=value` / `key="quoted value"` attributes), and nothing else, so the docs test
//! needs no Markdown library.

use std::ops::Range;

/// One fenced code block of a page.
#[derive(Debug)]
pub struct Fence {
    /// The 1-based line of the opening fence, for messages.
    pub line: usize,
    pub info: Info,
    /// The content, with the opening fence's indentation taken off each line.
    pub text: String,
    /// Where the content lines are in the page, so that blessing can replace them.
    pub body: Range<usize>,
    /// The opening fence's indentation, put back on each line when the content is replaced.
    pub indent: usize,
    /// Whether only blank lines stand between the previous fence's end and this one.
    pub adjacent: bool,
}

/// A fence's info string: its language (the first word) and its attributes.
#[derive(Debug, Default, PartialEq)]
pub struct Info {
    pub lang: String,
    /// In the order written; a bare word (`output`) has no value.
    pub attrs: Vec<(String, Option<String>)>,
}

impl Info {
    /// The value of `key`, when the attribute is there with a value.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_deref())
    }

    /// Whether the attribute `key` is there, with or without a value.
    pub fn has(&self, key: &str) -> bool {
        self.attrs.iter().any(|(k, _)| k == key)
    }

    /// Reads `lang word key=value key="a value"`; a quote left open is an error.
    pub fn read(info: &str) -> Result<Info, String> {
        let mut words = Vec::new();
        let mut rest = info.trim();
        while !rest.is_empty() {
            let end = rest.find(|c: char| c == '"' || c.is_whitespace()).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            let (word, after) = match after.strip_prefix('"') {
                Some(quoted) => {
                    let close = quoted.find('"').ok_or_else(|| format!("the quote in `{info}` is never closed"))?;
                    (format!("{word}{}", &quoted[..close]), &quoted[close + 1..])
                }
                None => (word.to_owned(), after),
            };
            words.push(word);
            rest = after.trim_start();
        }
        let mut words = words.into_iter();
        let lang = words.next().unwrap_or_default();
        let attrs = words
            .map(|w| match w.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (w, None),
            })
            .collect();
        Ok(Info { lang, attrs })
    }
}

/// The fence a line opens: its indentation, character, length and info string.
fn opener(line: &str) -> Option<(usize, char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(ch).len();
    let info = rest[len..].trim();
    // A backtick fence's info string cannot hold a backtick (that is inline code).
    (len >= 3 && !(ch == '`' && info.contains('`'))).then_some((indent, ch, len, info))
}

/// Whether `line` closes a fence of `len` or more `ch`.
fn closes(line: &str, ch: char, len: usize) -> bool {
    let rest = line.trim();
    rest.len() >= len && rest.chars().all(|c| c == ch)
}

/// Every fenced block of `page`, in order; a fence never closed is an error naming its line.
pub fn scan(page: &str) -> Result<Vec<Fence>, String> {
    let mut fences = Vec::new();
    let mut lines = lines_with_offsets(page).peekable();
    let mut blank_since_last = false;
    while let Some((number, start, line)) = lines.next() {
        let Some((indent, ch, len, info)) = opener(line) else {
            blank_since_last &= line.trim().is_empty();
            continue;
        };
        let info = Info::read(info).map_err(|e| format!("line {number}: {e}"))?;
        let body_start = start + line.len() + usize::from(page[start + line.len()..].starts_with('\n'));
        let mut text = String::new();
        let mut body_end = None;
        for (_, at, content) in lines.by_ref() {
            if closes(content, ch, len) {
                body_end = Some(at);
                break;
            }
            let strip = content.len() - content.trim_start_matches(' ').len();
            text.push_str(&content[strip.min(indent)..]);
            text.push('\n');
        }
        let body_end = body_end.ok_or_else(|| format!("line {number}: the fence opened here is never closed"))?;
        fences.push(Fence { line: number, info, text, body: body_start..body_end, indent, adjacent: blank_since_last });
        blank_since_last = true;
    }
    Ok(fences)
}

/// Each line of `text` (without its `\n`) with its 1-based number and its byte offset.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, line)| {
        let start = at;
        at += line.len();
        (i + 1, start, line.strip_suffix('\n').unwrap_or(line))
    })
}

/// `text` as the content lines of a fence indented by `indent` spaces (blank lines stay empty).
pub fn indented(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    text.split_inclusive('\n').map(|l| if l.trim().is_empty() { l.to_owned() } else { format!("{pad}{l}") }).collect()
}
