//! Byte ranges into a file's text, and their conversion to lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        // Files are capped far below 4 GiB before parsing, so offsets always fit.
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    pub fn empty_at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start() + by, self.end() + by)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start().into(), span.len())
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line start offsets of one text, built once per file for every output that needs lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// `u32` like spans: files are capped far below 4 GiB, and a report keeps one index per file.
    line_starts: Vec<u32>,
    /// For text that is not all ASCII: the characters before every `CHAR_STRIDE`-th byte, so a
    /// column costs at most one stride of counting even on a megabyte-long line. Empty for ASCII.
    chars_before: Vec<u32>,
}

/// Bytes between character-count checkpoints.
const CHAR_STRIDE: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        let mut chars_before = Vec::new();
        if !text.is_ascii() {
            let mut counted = 0;
            let mut from = 0;
            for stride in 0..=text.len() / CHAR_STRIDE {
                let to = floor_char_boundary(text, stride * CHAR_STRIDE);
                counted += text[from..to].chars().count();
                from = to;
                chars_before.push(u32::try_from(counted).unwrap_or(u32::MAX));
            }
        }
        LineIndex {
            line_starts,
            chars_before,
        }
    }

    /// Characters before a byte offset on a character boundary.
    fn char_index(&self, text: &str, offset: usize) -> usize {
        let stride = offset / CHAR_STRIDE;
        match self.chars_before.get(stride) {
            Some(&before) => {
                let from = floor_char_boundary(text, stride * CHAR_STRIDE);
                before as usize + text[from..offset].chars().count()
            }
            None => offset,
        }
    }

    /// Line and column of a byte offset; offsets past the end or inside a character are clamped.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset)
            - 1;
        let line_start = self.line_starts[line] as usize;
        let column = self.char_index(text, offset) - self.char_index(text, line_start) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The 0-based line holding a byte offset, and the offset that line starts at.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1);
        (line, self.line_starts.get(line).map_or(0, |&s| s as usize))
    }

    /// Start and end positions of a span (the end is exclusive, as in SARIF and LSP).
    pub fn range(&self, text: &str, span: Span) -> (LineCol, LineCol) {
        (
            self.line_col(text, span.start()),
            self.line_col(text, span.end()),
        )
    }

    /// The offset a 0-based line starts at (the last line's for a line past the end).
    pub fn line_start(&self, line: usize) -> usize {
        let line = line.min(self.line_starts.len().saturating_sub(1));
        self.line_starts.get(line).map_or(0, |&s| s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a: \"é\"\nbé: x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 5 });
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn columns_on_long_wide_lines_match_a_plain_count() {
        let text = format!("{}\n{}", "é".repeat(3_000), "aé€😀".repeat(2_000));
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(97) {
            let offset = floor_char_boundary(&text, offset);
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset).column, expected, "{offset}");
        }
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "ab";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 99), LineCol { line: 1, column: 3 });
    }
}
