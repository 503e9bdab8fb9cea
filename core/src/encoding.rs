//! A file's bytes → text, read the way `kubectl apply -f` reads it.
//!
//! kubectl (cli-runtime's `FileVisitor.Visit`, kubernetes/kubernetes
//! `staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go` at 046d201c) wraps every file and
//! stdin in `unicode.BOMOverride(unicode.UTF8.NewDecoder())` from golang.org/x/text:
//! - a UTF-16 byte order mark (`FF FE` little-endian, `FE FF` big-endian) makes the whole file
//!   UTF-16, so files saved as "Unicode" by Windows tools read correctly;
//! - a UTF-8 byte order mark is dropped (ctrcfg keeps it as U+FEFF at offset 0, which the parser
//!   skips, so that byte offsets stay those of the file);
//! - anything else is UTF-8, and each invalid sequence becomes U+FFFD, the replacement
//!   character (golang/text `encoding/unicode/unicode.go` `utf8Decoder`, maximal subparts, as
//!   `String::from_utf8_lossy` replaces them too).
//!
//! So kubectl does not refuse a file that is not UTF-8: it sends the replacement characters to
//! the API server. ctrcfg reads it the same way and says where they are (validation's
//! `stream` checks), instead of letting them pass unremarked.

use std::borrow::Cow;

/// The text kubectl would read from `bytes`.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(utf16(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(utf16(rest, u16::from_be_bytes)),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// UTF-16 code units → text, with U+FFFD for a lone surrogate and for an odd last byte, as
/// x/text's `utf16Decoder` gives them. The byte order mark is kept as U+FEFF, like UTF-8's.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = std::iter::once(Ok('\u{FEFF}'))
        .chain(char::decode_utf16(units))
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn utf8_is_borrowed_and_invalid_bytes_become_replacement_characters() {
        assert!(matches!(decode(b"kind: List\n"), std::borrow::Cow::Borrowed("kind: List\n")));
        // Maximal subparts: `E2 82` is one truncated sequence, `FF` another.
        assert_eq!(decode(b"a\xE2\x82b\xFFc"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(decode(b"\xEF\xBB\xBFkind: x"), "\u{FEFF}kind: x");
    }

    #[test]
    fn a_utf16_byte_order_mark_makes_the_file_utf16() {
        let text = "kind: Liste \u{1F980}\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&le), format!("\u{FEFF}{text}"));
        assert_eq!(decode(&be), format!("\u{FEFF}{text}"));
        // A lone surrogate and an odd trailing byte.
        assert_eq!(decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x42]), "\u{FEFF}\u{FFFD}A\u{FFFD}");
    }
}
