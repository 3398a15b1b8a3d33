//! The lines a snippet shows, made safe and small to print: control characters escaped, long
//! lines cut to a window around the spans, binary content replaced by a note. Spans are mapped
//! onto the result, so miette renders it as if it were the file, at a cost bounded per finding.

use std::collections::BTreeMap;

use miette::{MietteError, MietteSpanContents, SourceSpan, SpanContents};

use crate::escape::{escaped_len, push_escaped};
use crate::source::{SourceFile, Span};

/// A line longer than this many characters is shown as a window of this many.
const MAX_LINE_CHARS: usize = 200;
/// How much of a cut line is shown before the first span on it.
const LEAD_CHARS: usize = 40;
/// A span over more lines than this is underlined on its first line only.
const MAX_SPAN_LINES: usize = 12;
/// Lines between two snippets that are shown to join them into one, as miette does for
/// nearby labels; farther apart, each label gets its own snippet.
const JOIN_GAP: usize = 16;
/// Lines miette asks for around each label (its default, which the handler keeps).
const CONTEXT_LINES: usize = 1;
const ELLIPSIS: &str = "…";
const BINARY_NOTE: &str = "(binary content not shown)";

/// One diagnostic's view of its file.
pub struct Excerpt<'a> {
    source: &'a SourceFile,
    binary: bool,
    text: String,
    segments: Vec<Segment>,
    /// The original column (0-based, in characters) of each mapped span's start, by its view
    /// offset: the snippet header names the primary span's position in the file.
    columns: Vec<(usize, usize)>,
}

/// One original line, or a window of it, in the excerpt's text.
struct Segment {
    /// 0-based line in the file.
    line: usize,
    /// Offsets in the excerpt: start, end of content (ellipses included), end of terminator.
    view: usize,
    view_content_end: usize,
    view_end: usize,
    /// The shown window of the line's content, as original byte offsets.
    window_start: usize,
    window_end: usize,
    /// Bytes of the leading ellipsis (0 when the window starts the line).
    lead: usize,
    /// Original offset where the line's content ends (before `\n` or `\r\n`).
    content_end: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt showing `spans` of `source`; `binary` shows a note instead of content.
    pub fn new(source: &'a SourceFile, spans: &[Span], binary: bool) -> Excerpt<'a> {
        let mut excerpt = Excerpt {
            source,
            binary,
            text: String::new(),
            segments: Vec::new(),
            columns: Vec::new(),
        };
        let last_line = source.lines().line_count().saturating_sub(1);
        // Each wanted line, with the earliest offset a span starts or ends at on it: a cut
        // line's window is placed there.
        let mut wanted: BTreeMap<usize, Option<usize>> = BTreeMap::new();
        for &span in spans {
            let span = excerpt.clipped(span);
            let first = excerpt.line_of(span.start());
            let last_byte = if span.is_empty() {
                span.start()
            } else {
                span.end() - 1
            };
            let last = excerpt.line_of(last_byte).max(excerpt.line_of(span.end()));
            for line in first.saturating_sub(CONTEXT_LINES)..=(last + CONTEXT_LINES).min(last_line)
            {
                wanted.entry(line).or_insert(None);
            }
            for (line, at) in [
                (first, span.start()),
                (excerpt.line_of(span.end()), span.end()),
            ] {
                let anchor = wanted.entry(line).or_insert(None);
                *anchor = Some(anchor.map_or(at, |a| a.min(at)));
            }
        }
        let lines: Vec<(usize, Option<usize>)> = wanted.into_iter().collect();
        let mut previous: Option<usize> = None;
        for &(line, anchor) in &lines {
            if let Some(previous) = previous
                && line > previous + 1
                && line - previous - 1 <= JOIN_GAP
            {
                for gap in previous + 1..line {
                    excerpt.push_line(gap, None);
                }
            }
            excerpt.push_line(line, anchor);
            previous = Some(line);
        }
        excerpt
    }

    /// A span in the excerpt's offsets; its original start column is kept for the header.
    pub fn span(&mut self, span: Span) -> SourceSpan {
        let span = self.clipped(span);
        let start = self.map(span.start());
        let end = self.map(span.end()).max(start);
        let column = self.source.line_col(span.start()).column.saturating_sub(1);
        self.columns.push((start, column));
        SourceSpan::new(start.into(), end - start)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.source.lines().line_of(offset).0
    }

    /// A span over too many lines is cut to the end of its first line.
    fn clipped(&self, span: Span) -> Span {
        let first = self.line_of(span.start());
        if self.line_of(span.end()) - first <= MAX_SPAN_LINES {
            return span;
        }
        Span::new(span.start(), self.content_end(first).max(span.start()))
    }

    fn content_end(&self, line: usize) -> usize {
        let text = self.source.text.as_bytes();
        let lines = self.source.lines();
        let next = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            text.len()
        };
        let mut end = next;
        if end > 0 && text.get(end - 1) == Some(&b'\n') {
            end -= 1;
            if end > 0 && text.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        end.max(lines.line_start(line))
    }

    fn push_line(&mut self, line: usize, anchor: Option<usize>) {
        let text = self.source.text.as_str();
        let start = self.source.lines().line_start(line);
        let content_end = self.content_end(line);
        let terminator_end = if line + 1 < self.source.lines().line_count() {
            self.source.lines().line_start(line + 1)
        } else {
            text.len()
        };
        let view = self.text.len();
        if self.binary {
            self.text.push_str(BINARY_NOTE);
            let view_content_end = self.text.len();
            self.text.push('\n');
            self.segments.push(Segment {
                line,
                view,
                view_content_end,
                view_end: self.text.len(),
                window_start: start,
                window_end: start,
                lead: 0,
                content_end: start,
            });
            return;
        }
        let (window_start, window_end) = window(text, start, content_end, anchor);
        let lead = if window_start > start {
            self.text.push_str(ELLIPSIS);
            ELLIPSIS.len()
        } else {
            0
        };
        for c in text[window_start..window_end].chars() {
            push_escaped(&mut self.text, c);
        }
        if window_end < content_end {
            self.text.push_str(ELLIPSIS);
        }
        let view_content_end = self.text.len();
        self.text
            .push_str(text.get(content_end..terminator_end).unwrap_or_default());
        self.segments.push(Segment {
            line,
            view,
            view_content_end,
            view_end: self.text.len(),
            window_start,
            window_end,
            lead,
            content_end,
        });
    }

    /// An original offset in the excerpt: before a window, at its start; past it, at its end.
    fn map(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        let Ok(index) = self.segments.binary_search_by_key(&line, |s| s.line) else {
            return 0;
        };
        let segment = &self.segments[index];
        if self.binary || offset < segment.window_start {
            return segment.view;
        }
        if offset >= segment.content_end {
            let past = offset - segment.content_end;
            return (segment.view_content_end + past).min(segment.view_end);
        }
        if offset >= segment.window_end {
            return segment.view_content_end;
        }
        let text = self.source.text.as_str();
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let shown: usize = text[segment.window_start..end]
            .chars()
            .map(escaped_len)
            .sum();
        segment.view + segment.lead + shown
    }

    fn segment_at(&self, offset: usize) -> usize {
        self.segments
            .partition_point(|s| s.view <= offset)
            .saturating_sub(1)
    }

    /// [`miette::SourceCode::read_span`] over the excerpt: whole segments, extended by
    /// context only across lines that are adjacent in the file.
    pub fn read_span(
        &self,
        name: &str,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'_> + '_>, MietteError> {
        if self.segments.is_empty() || span.offset() + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let mut first = self.segment_at(span.offset());
        let mut last = self.segment_at(span.offset() + span.len().saturating_sub(1));
        for _ in 0..before {
            if first == 0 || self.segments[first - 1].line + 1 != self.segments[first].line {
                break;
            }
            first -= 1;
        }
        for _ in 0..after {
            if last + 1 >= self.segments.len()
                || self.segments[last].line + 1 != self.segments[last + 1].line
            {
                break;
            }
            last += 1;
        }
        let (start, end) = (self.segments[first].view, self.segments[last].view_end);
        let column = if before == 0 {
            self.columns
                .iter()
                .find(|(at, _)| *at == span.offset())
                .map_or(0, |(_, column)| *column)
        } else {
            0
        };
        // miette joins two labels' snippets when `line + line_count` reaches the second's
        // first line. Its own sources count lines from the top of the file, so nearby labels
        // join the further down they are; that is kept for small gaps (the output stays as it
        // was), but never across more than the gap filled in above.
        let (first_line, last_line) = (self.segments[first].line, self.segments[last].line);
        let line_count = (last_line + 1).min(last_line - first_line + 1 + JOIN_GAP);
        Ok(Box::new(MietteSpanContents::new_named(
            name.to_owned(),
            &self.text.as_bytes()[start..end],
            SourceSpan::new(start.into(), end - start),
            self.segments[first].line,
            column,
            line_count,
        )))
    }
}

/// The part of a line's content to show: all of it when short, else [`MAX_LINE_CHARS`]
/// characters starting a little before `anchor`.
fn window(text: &str, start: usize, content_end: usize, anchor: Option<usize>) -> (usize, usize) {
    if content_end - start <= MAX_LINE_CHARS {
        return (start, content_end);
    }
    let mut anchor = anchor.unwrap_or(start).clamp(start, content_end);
    while !text.is_char_boundary(anchor) {
        anchor -= 1;
    }
    let window_start = text[start..anchor]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS.saturating_sub(1))
        .map_or(start, |(at, _)| start + at);
    let window_end = text[window_start..content_end]
        .char_indices()
        .nth(MAX_LINE_CHARS)
        .map_or(content_end, |(at, _)| window_start + at);
    (window_start, window_end)
}
