//! Byte offsets to LSP positions and back, in the encoding the client and server agreed on.
//!
//! LSP counts lines at `\n`, `\r\n` and a lone `\r`, and characters in UTF-16 code units unless
//! UTF-8 was negotiated. A character past the end of its line means the line's end; a line past
//! the end of the text means the text's end; a position inside a character (half a surrogate
//! pair) means that character's start.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::Span;

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else LSP's default, UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Where each line of one text starts, built once per version of a document.
#[derive(Debug, Clone)]
pub struct LineMap {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    len: usize,
    /// For text that is not all ASCII: the UTF-16 units before every `STRIDE`-th byte, so a
    /// column costs at most one stride of counting, even on a megabyte-long minified line.
    utf16_before: Vec<usize>,
}

/// Bytes between UTF-16 checkpoints.
const STRIDE: usize = 1024;

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one break, counted at its `\n`.
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(at + 1);
        }
        let mut utf16_before = Vec::new();
        if !text.is_ascii() {
            let (mut counted, mut from) = (0, 0);
            for stride in 0..=text.len() / STRIDE {
                let to = floor_boundary(text, stride * STRIDE);
                counted += text[from..to].encode_utf16().count();
                from = to;
                utf16_before.push(counted);
            }
        }
        LineMap {
            starts,
            len: text.len(),
            utf16_before,
        }
    }

    /// UTF-16 units before a byte offset on a character boundary.
    fn utf16_units(&self, text: &str, offset: usize) -> usize {
        match self.utf16_before.get(offset / STRIDE) {
            Some(&before) => {
                let from = floor_boundary(text, offset / STRIDE * STRIDE);
                before + text[from..offset].encode_utf16().count()
            }
            None => offset,
        }
    }

    /// The byte range of a 0-based line without its line break.
    fn line(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// The position of a byte offset (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_boundary(text, offset.min(self.len));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let (start, end) = self.line(text, line);
        // An offset inside a `\r\n` break stands for the line's end.
        let offset = offset.min(end);
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.utf16_units(text, offset) - self.utf16_units(text, start),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, text: &str, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start(), encoding),
            self.position(text, span.end(), encoding),
        )
    }

    /// The byte offset of a position, clamped as the module's doc says.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, end) = self.line(text, line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in text[start..end].char_indices() {
            let next = counted + encoding.width(c);
            if next > wanted {
                return start + at;
            }
            counted = next;
        }
        end
    }

    /// The byte span of a range.
    pub fn span(&self, text: &str, range: Range, encoding: Encoding) -> Span {
        let start = self.offset(text, range.start, encoding);
        let end = self.offset(text, range.end, encoding);
        Span::new(start.min(end), end.max(start))
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding) {
        let map = LineMap::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = map.position(text, offset, encoding);
            let back = map.offset(text, position, encoding);
            let at_break = text[..offset].ends_with('\r') && text[offset..].starts_with('\n');
            if !at_break {
                assert_eq!(back, offset, "{text:?} at {offset}: {position:?}");
            }
        }
    }

    #[test]
    fn non_ascii_text_counts_utf16_units_or_bytes() {
        // `é` is one UTF-16 unit and two bytes; the rocket is two units (a surrogate pair) and
        // four bytes.
        let text = "Description: \"Chaos é 🚀 test\", ActionId: aws:ec2:nope\n";
        let map = LineMap::new(text);
        let value = text.find("aws:ec2").unwrap();
        let utf16 = map.position(text, value, Encoding::Utf16);
        let utf8 = map.position(text, value, Encoding::Utf8);
        let chars = text[..value].chars().count();
        assert_eq!(utf16, Position::new(0, (chars + 1) as u32));
        assert_eq!(utf8, Position::new(0, value as u32));
        assert_eq!(map.offset(text, utf16, Encoding::Utf16), value);
        assert_eq!(map.offset(text, utf8, Encoding::Utf8), value);
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn astral_characters_are_two_utf16_units() {
        let text = "🚀x";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 4, Encoding::Utf16), Position::new(0, 2));
        // Half a surrogate pair, or the middle of a UTF-8 sequence, is the character's start.
        assert_eq!(map.offset(text, Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(map.offset(text, Position::new(0, 2), Encoding::Utf8), 0);
        assert_eq!(map.position(text, 2, Encoding::Utf16), Position::new(0, 0));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a: 1\r\nb: é\rc: 3\n";
        let map = LineMap::new(text);
        let c = text.find('c').unwrap();
        assert_eq!(map.position(text, c, Encoding::Utf16), Position::new(2, 0));
        let e = text.find('é').unwrap();
        assert_eq!(map.position(text, e, Encoding::Utf16), Position::new(1, 3));
        // The `\r` of `\r\n` and the `\n` after it are both the end of line 0.
        assert_eq!(map.position(text, 4, Encoding::Utf16), Position::new(0, 4));
        assert_eq!(map.position(text, 5, Encoding::Utf16), Position::new(0, 4));
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn positions_past_the_line_or_the_text_are_clamped() {
        let text = "ab\r\ncd";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(map.offset(text, Position::new(1, 99), Encoding::Utf8), 6);
        assert_eq!(map.offset(text, Position::new(7, 0), Encoding::Utf16), 6);
        assert_eq!(
            map.position(text, 999, Encoding::Utf16),
            Position::new(1, 2)
        );
        let span = map.span(
            text,
            Range::new(Position::new(1, 1), Position::new(0, 1)),
            Encoding::Utf16,
        );
        assert_eq!((span.start(), span.end()), (1, 5));
    }

    #[test]
    fn a_trailing_break_opens_an_empty_last_line() {
        let text = "a\n";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 2, Encoding::Utf16), Position::new(1, 0));
        assert_eq!(map.offset(text, Position::new(1, 0), Encoding::Utf16), 2);
        let empty = LineMap::new("");
        assert_eq!(empty.position("", 0, Encoding::Utf8), Position::new(0, 0));
    }

    #[test]
    fn long_lines_count_across_checkpoints() {
        let text = format!("{}x", "é🚀a".repeat(3 * STRIDE));
        let map = LineMap::new(&text);
        let x = text.len() - 1;
        let expected = text[..x].encode_utf16().count();
        assert_eq!(
            map.position(&text, x, Encoding::Utf16),
            Position::new(0, expected as u32)
        );
        let second = format!("a\n{text}");
        let map = LineMap::new(&second);
        let x = second.len() - 1;
        assert_eq!(
            map.position(&second, x, Encoding::Utf16),
            Position::new(1, expected as u32)
        );
        round_trip(&second[..4 * STRIDE], Encoding::Utf16);
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        let only_utf32 = [PositionEncodingKind::UTF32];
        assert_eq!(Encoding::negotiate(Some(&only_utf32)), Encoding::Utf16);
    }
}
