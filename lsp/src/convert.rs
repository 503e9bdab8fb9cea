//! Byte spans of core ↔ LSP ranges, in UTF-16 with every line end an editor counts
//! (core's [`EditorLines`]).

use ctrcfg_core::text::{EditorLines, Span, Utf16Position};
use gen_lsp_types::{Position, Range};

/// LSP positions are `u32`; a text past 4 G units saturates rather than wraps.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn position(lines: &EditorLines<'_>, offset: usize) -> Position {
    let at = lines.position(offset);
    Position { line: narrow(at.line), character: narrow(at.column) }
}

pub fn range(lines: &EditorLines<'_>, span: Span) -> Range {
    Range { start: position(lines, span.start), end: position(lines, span.end) }
}

/// The byte offset of a client's position, clamped to the text.
pub fn offset(lines: &EditorLines<'_>, at: Position) -> usize {
    lines.offset(Utf16Position { line: at.line as usize, column: at.character as usize })
}

pub fn span(lines: &EditorLines<'_>, range: Range) -> Span {
    let (start, end) = (offset(lines, range.start), offset(lines, range.end));
    Span::new(start.min(end), start.max(end))
}
