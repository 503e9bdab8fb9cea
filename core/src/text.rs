//! Positions in the user's text.
//!
//! Internally every position is a byte offset into the original source ([`Span`]). Only at the
//! edge is it turned into what a person or an editor wants: a 1-based line and a 1-based column,
//! counted in Unicode scalar values for terminals and in UTF-16 code units for browser editors
//! (a `<textarea>` and CodeMirror both count UTF-16).

use std::cell::OnceCell;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at one offset, for problems that sit between characters (a missing key).
    pub const fn at(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }
}

/// A human position: 1-based line, 1-based column in characters and in UTF-16 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
}

/// Line starts of one text, so that byte offsets convert to positions in `O(log lines)` plus
/// the length of the one line. The UTF-16 offsets of the line starts are counted once, on the
/// first UTF-16 conversion, so that converting every diagnostic and source link of a large text
/// (the playground does, on each run) does not count from the start of the text each time.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    utf16_starts: OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        // A plain byte scan: lines are short, so searching for each newline costs more than it saves.
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts, utf16_starts: OnceCell::new() }
    }

    /// The UTF-16 offset of each line start.
    fn utf16_starts(&self) -> &[usize] {
        self.utf16_starts.get_or_init(|| {
            let mut units = 0;
            let mut starts = Vec::with_capacity(self.line_starts.len());
            starts.push(0);
            for pair in self.line_starts.windows(2) {
                units += self.text[pair[0]..pair[1]].encode_utf16().count();
                starts.push(units);
            }
            starts
        })
    }

    /// The line (0-based) that holds byte `offset`, a character boundary.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).max(1) - 1
    }

    /// The position of a byte offset. Offsets past the end clamp to the end, and offsets inside a
    /// multi-byte character round down to its start, so any `usize` is safe to pass.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let before = &self.text[self.line_starts[line]..offset];
        Position { line: line + 1, column: before.chars().count() + 1, column_utf16: before.encode_utf16().count() + 1 }
    }

    /// The offset of a byte offset in UTF-16 code units from the start of the text, which is
    /// what `HTMLTextAreaElement.setSelectionRange` takes.
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        self.utf16_starts()[line] + self.text[self.line_starts[line]..offset].encode_utf16().count()
    }

    /// The byte offset of an offset in UTF-16 code units (what browser editors report), the
    /// inverse of [`LineIndex::utf16_offset`]. An offset inside a surrogate pair rounds up to
    /// the character's end; past the end clamps to the text's length.
    pub fn offset_of_utf16(&self, utf16: usize) -> usize {
        let starts = self.utf16_starts();
        let line = starts.partition_point(|&start| start <= utf16).max(1) - 1;
        let mut units = starts[line];
        let from = self.line_starts[line];
        for (i, c) in self.text[from..].char_indices() {
            if units >= utf16 {
                return from + i;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }

    /// The byte offset of a 1-based line and a 0-based column counted in characters, the way the
    /// YAML scanner reports its markers. Out-of-range input clamps to the nearest valid offset.
    pub fn offset_of_line_char(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].char_indices().nth(char_col).map_or(end, |(i, _)| start + i)
    }
}

/// A 0-based line and a 0-based column in UTF-16 code units: a position as the Language Server
/// Protocol (and VS Code, and CodeMirror) counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Utf16Position {
    pub line: usize,
    pub column: usize,
}

/// Lines as an editor counts them, which is not how [`LineIndex`] counts: `\n`, `\r\n` and a
/// lone `\r` each end a line (VS Code and the LSP specification do; a file saved with old Mac
/// line ends would otherwise be one long line, and every position past its first `\r` wrong).
/// Converts byte offsets to [`Utf16Position`]s and back, both clamped, so a language server can
/// take any position a client sends.
#[derive(Clone, Debug)]
pub struct EditorLines<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> EditorLines<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        EditorLines { text, starts }
    }

    /// The bytes of line `line` without its line end.
    fn content(&self, line: usize) -> (usize, &'a str) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&next| {
            let ending = &self.text[start..next];
            next - if ending.ends_with("\r\n") { 2 } else { 1 }
        });
        (start, &self.text[start..end])
    }

    /// The position of byte `offset`. Past the end clamps to the end; inside a character rounds
    /// down to its start; inside a line end (between `\r` and `\n`) is the end of that line.
    pub fn position(&self, offset: usize) -> Utf16Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let (start, content) = self.content(line);
        let within = (offset - start).min(content.len());
        Utf16Position { line, column: content[..within].encode_utf16().count() }
    }

    /// The byte offset of a position, the inverse of [`EditorLines::position`]. A line past the
    /// last is the end of the text; a column past the line's end is the line's end (before its
    /// line end), as the LSP specification says; a column inside a surrogate pair rounds up to
    /// the character's end, as [`LineIndex::offset_of_utf16`] does.
    pub fn offset(&self, at: Utf16Position) -> usize {
        if at.line >= self.starts.len() {
            return self.text.len();
        }
        let (start, content) = self.content(at.line);
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units >= at.column {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn positions_count_characters_and_utf16_units() {
        // "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 UTF-16 units.
        let text = "a: 1\nb: é𝄞x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1, column_utf16: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position { line: 2, column: 6, column_utf16: 7 });
        // Past the end and inside a character are clamped, never a panic.
        assert_eq!(index.position(usize::MAX).line, 3);
        let inside_e = text.find('é').unwrap() + 1;
        assert_eq!(index.position(inside_e).column, 4);
        assert_eq!(index.utf16_offset(x), 5 + 6);
        // And back: every character start round-trips; past the end clamps.
        for (i, _) in text.char_indices() {
            assert_eq!(index.offset_of_utf16(index.utf16_offset(i)), i);
        }
        assert_eq!(index.offset_of_utf16(usize::MAX), text.len());
        assert_eq!(index.utf16_offset(usize::MAX), text.encode_utf16().count());
    }

    #[test]
    fn utf16_offsets_from_line_starts_agree_with_counting_from_the_start() {
        let text = "é: 1\n\n𝄞 x: ü\nplain\r\nend é";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let boundary = (0..=offset.min(text.len())).rev().find(|&o| text.is_char_boundary(o)).unwrap();
            let counted = text[..boundary].encode_utf16().count();
            assert_eq!(index.utf16_offset(offset), counted, "byte {offset}");
        }
        for units in 0..=text.encode_utf16().count() + 2 {
            let expected = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .find(|&i| text[..i].encode_utf16().count() >= units)
                .unwrap_or(text.len());
            assert_eq!(index.offset_of_utf16(units), expected, "unit {units}");
        }
    }

    #[test]
    fn scanner_markers_convert_to_byte_offsets() {
        let text = "é: ü\nkey: v\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset_of_line_char(1, 3), text.find('ü').unwrap());
        assert_eq!(index.offset_of_line_char(2, 5), text.find('v').unwrap());
        assert_eq!(index.offset_of_line_char(9, 0), text.len());
        assert_eq!(index.offset_of_line_char(1, 99), text.find('\n').unwrap() + 1);
    }

    #[test]
    fn editor_lines_end_at_lf_crlf_and_a_lone_cr() {
        let text = "a: 1\r\nb: é\rc: 😀x\nd";
        let lines = EditorLines::new(text);
        let at = |line, column| Utf16Position { line, column };
        assert_eq!(lines.position(0), at(0, 0));
        assert_eq!(lines.position(text.find('b').unwrap()), at(1, 0));
        assert_eq!(lines.position(text.find('c').unwrap()), at(2, 0));
        // "😀" is 2 UTF-16 units: the x after it is column 5.
        assert_eq!(lines.position(text.find('x').unwrap()), at(2, 5));
        assert_eq!(lines.position(text.find('d').unwrap()), at(3, 0));
        // Between \r and \n: the end of line 0; past the end: the end.
        assert_eq!(lines.position(text.find('\n').unwrap()), at(0, 4));
        assert_eq!(lines.position(usize::MAX), at(3, 1));
        // Inside "é" rounds down to its start.
        assert_eq!(lines.position(text.find('é').unwrap() + 1), at(1, 3));
    }

    #[test]
    fn editor_positions_map_back_to_byte_offsets_clamped() {
        let text = "a: 1\r\nb: é\rc: 😀x\nd";
        let lines = EditorLines::new(text);
        let at = |line, column| Utf16Position { line, column };
        assert_eq!(lines.offset(at(2, 5)), text.find('x').unwrap());
        assert_eq!(lines.offset(at(1, 3)), text.find('é').unwrap());
        // Inside the surrogate pair of "😀" rounds up to its end.
        assert_eq!(lines.offset(at(2, 4)), text.find('x').unwrap());
        // Past a line's end: the line's end, before its \r\n or \r.
        assert_eq!(lines.offset(at(0, 99)), text.find('\r').unwrap());
        assert_eq!(lines.offset(at(1, 99)), text.find('c').unwrap() - 1);
        // Past the last line: the end of the text.
        assert_eq!(lines.offset(at(9, 0)), text.len());
        assert_eq!(lines.offset(at(3, 99)), text.len());
        // Every character start round-trips.
        for (i, _) in text.char_indices().filter(|(i, _)| !text[..*i].ends_with('\r') || !text[*i..].starts_with('\n'))
        {
            assert_eq!(lines.offset(lines.position(i)), i, "byte {i}");
        }
        assert_eq!(EditorLines::new("").offset(at(0, 3)), 0);
        assert_eq!(EditorLines::new("\r").position(1), at(1, 0));
    }
}
