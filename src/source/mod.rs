//! Bytes to one spanned tree: JSON, YAML and Terraform's HCL parse into the same [`Node`], with
//! byte spans into the original text, so nothing downstream knows which syntax it came from.

mod duplicates;
mod hcl;
mod json;
mod lookup;
mod pointer;
mod span;
mod tree;
mod yaml;

use std::sync::OnceLock;

pub use duplicates::{DuplicateKey, duplicate_keys};
pub use hcl::COMMENT_KEY;
pub use lookup::Lookup;
pub use pointer::Pointer;
pub use span::{LineCol, LineIndex, Span};
pub use tree::{Member, Node, Value, is_intrinsic_name};

/// No real template nests anywhere near this deep; the bound keeps every recursive walk safe.
pub const MAX_DEPTH: usize = 128;

/// Flow-collection openers and separators (`[`, `{`, `,`) a JSON text may hold: each value
/// costs a few hundred bytes while parsing, so this bounds memory whatever the shape. A template
/// with 100,000 actions holds about 400,000.
pub const MAX_JSON_FLOW_ENTRIES: usize = 600_000;

/// The same for YAML, lower: saphyr buffers a flow collection nested in another until it closes
/// (it might yet be a mapping key), at up to a kilobyte an entry. Block style is not counted.
pub const MAX_YAML_FLOW_ENTRIES: usize = 200_000;

/// Which grammar a text is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
    /// Terraform's native syntax (`.tf`).
    Hcl,
}

impl Syntax {
    /// `.json` (Terraform's `.tf.json` too) is JSON, `.yaml`/`.yml` are YAML and `.tf` is HCL;
    /// anything else (`.template`, agent input) is
    /// JSON when it starts like JSON, else YAML.
    pub fn detect(path: Option<&str>, text: &str) -> Syntax {
        let extension = path
            .and_then(|p| p.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        match extension.as_deref() {
            Some("json") => Syntax::Json,
            Some("yaml" | "yml") => Syntax::Yaml,
            Some("tf") => Syntax::Hcl,
            _ => {
                let first = text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .chars()
                    .next();
                if matches!(first, Some('{' | '[')) {
                    Syntax::Json
                } else if declares_terraform_resource(text) {
                    Syntax::Hcl
                } else {
                    Syntax::Yaml
                }
            }
        }
    }
}

/// Whether a line opens a Terraform block (`resource "type" "name" {`): no YAML or JSON document
/// has one, so text an agent sends without a file name is read as HCL.
fn declares_terraform_resource(text: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix("resource")
            .is_some_and(|rest| {
                rest.trim_start().starts_with('"') && line.trim_end().ends_with('{')
            })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    Json,
    Yaml,
    Hcl,
    /// Not UTF-8 text, or a binary file.
    Encoding,
    /// Within the grammar but beyond what fislint accepts: nesting depth, alias expansion.
    Limit,
}

/// Why a text could not become a tree, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub span: Span,
}

impl ParseError {
    pub fn new(kind: ParseErrorKind, message: String, span: Span) -> ParseError {
        ParseError {
            kind,
            message,
            span,
        }
    }

    fn too_deep(span: Span) -> ParseError {
        ParseError::new(
            ParseErrorKind::Limit,
            format!("values nest deeper than {MAX_DEPTH} levels"),
            span,
        )
    }
}

/// One file's text, named as the user gave it, with its line index built on first use.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    /// The whole text; empty once [`SourceFile::keep_only_lines_of`] has let it go.
    pub text: String,
    decode_error: Option<ParseError>,
    lines: OnceLock<LineIndex>,
    /// The lines kept when the text was let go, in line order.
    excerpt: Option<Vec<KeptLine>>,
}

/// One line kept when the text was let go.
#[derive(Debug)]
struct KeptLine {
    /// 0-based.
    line: usize,
    /// Without the newline.
    text: String,
    /// Whether columns are byte offsets here: checked once, not per finding on a long line.
    ascii: bool,
}

fn kept_line(excerpt: &[KeptLine], line: usize) -> Option<&KeptLine> {
    let at = excerpt.binary_search_by_key(&line, |kept| kept.line).ok()?;
    excerpt.get(at)
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            decode_error: None,
            lines: OnceLock::new(),
            excerpt: None,
        }
    }

    /// Decodes raw bytes. Binary or non-UTF-8 content keeps a lossy text for display and
    /// reports an encoding error, at the first bad byte, whenever the file is parsed.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> SourceFile {
        // A NUL byte marks a binary file (git's test); report that rather than a decoding error.
        let nul = memchr::memchr(0, &bytes);
        let (text, decode_error) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let error = ParseError::new(
                    ParseErrorKind::Encoding,
                    format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                    Span::empty_at(at),
                );
                (text, Some(error))
            }
        };
        let binary = nul
            .and_then(|_| memchr::memchr(0, text.as_bytes()))
            .map(|at| {
                ParseError::new(
                    ParseErrorKind::Encoding,
                    "the file is binary (it contains a NUL byte), not JSON or YAML text".into(),
                    Span::empty_at(at),
                )
            });
        SourceFile {
            name: name.into(),
            text,
            decode_error: binary.or(decode_error),
            lines: OnceLock::new(),
            excerpt: None,
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let Some(excerpt) = &self.excerpt else {
            return self.lines().line_col(&self.text, offset);
        };
        let (line, start) = self.lines().line_of(offset);
        let within = offset.saturating_sub(start);
        let column = match kept_line(excerpt, line) {
            Some(kept) if kept.ascii => within.min(kept.text.len()),
            Some(KeptLine { text, .. }) => {
                let mut end = within.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].chars().count()
            }
            None => within,
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Start and end positions of a span (the end is exclusive, as in SARIF and LSP).
    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start()), self.line_col(span.end()))
    }

    /// The text of the line holding `offset`, without its newline (empty if it was let go).
    pub fn line_text(&self, offset: usize) -> &str {
        let (line, start) = self.lines().line_of(offset);
        if let Some(excerpt) = &self.excerpt {
            return kept_line(excerpt, line).map_or("", |kept| kept.text.as_str());
        }
        let rest = self.text.get(start..).unwrap_or_default();
        rest.split('\n').next().unwrap_or_default()
    }

    /// Lets go of the text but for the lines the spans start and end on: a report that is not
    /// rendered as snippets needs only those, for positions and fingerprints.
    pub fn keep_only_lines_of(&mut self, spans: impl IntoIterator<Item = Span>) {
        let mut wanted: Vec<usize> = spans
            .into_iter()
            .flat_map(|span| [span.start(), span.end()])
            .map(|offset| self.lines().line_of(offset).0)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let excerpt = wanted
            .into_iter()
            .map(|line| {
                let start = self.lines().line_start(line);
                let text = self.text.get(start..).unwrap_or_default();
                let text = text.split('\n').next().unwrap_or_default().to_owned();
                let ascii = text.is_ascii();
                KeptLine { line, text, ascii }
            })
            .collect();
        self.excerpt = Some(excerpt);
        self.text = String::new();
    }

    pub fn syntax(&self) -> Syntax {
        Syntax::detect(Some(&self.name), &self.text)
    }

    pub fn parse(&self) -> Result<Node, ParseError> {
        if let Some(error) = &self.decode_error {
            return Err(error.clone());
        }
        parse(&self.text, self.syntax())
    }
}

/// Parses a whole text; a leading byte-order mark is skipped but spans stay true to the text.
pub fn parse(text: &str, syntax: Syntax) -> Result<Node, ParseError> {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    if body.trim().is_empty() {
        return Err(ParseError::new(
            match syntax {
                Syntax::Json => ParseErrorKind::Json,
                Syntax::Yaml => ParseErrorKind::Yaml,
                Syntax::Hcl => ParseErrorKind::Hcl,
            },
            "the file is empty".into(),
            Span::empty_at(base),
        ));
    }
    check_flow_entries(body, base, syntax)?;
    match syntax {
        Syntax::Json => json::parse(body, base),
        Syntax::Yaml => yaml::parse(body, base),
        Syntax::Hcl => hcl::parse(body, base),
    }
}

/// Refuses, before parsing, a text with more flow entries than its syntax allows. Counting
/// bytes (quoted ones too) over-counts, never under-counts, so no shape slips past it.
fn check_flow_entries(body: &str, base: usize, syntax: Syntax) -> Result<(), ParseError> {
    let limit = match syntax {
        Syntax::Json | Syntax::Hcl => MAX_JSON_FLOW_ENTRIES,
        Syntax::Yaml => MAX_YAML_FLOW_ENTRIES,
    };
    match memchr::memchr3_iter(b'[', b'{', b',', body.as_bytes()).nth(limit) {
        None => Ok(()),
        Some(at) => Err(ParseError::new(
            ParseErrorKind::Limit,
            format!(
                "the file holds more than {limit} flow-collection entries (`[`, `{{` and `,`); \
                 fislint reads no further, to bound its memory"
            ),
            Span::empty_at(base + at),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_entries_beyond_the_limit_are_refused_before_parsing() {
        let within = format!("[{}]", "1,".repeat(MAX_JSON_FLOW_ENTRIES - 2) + "1");
        assert!(parse(&within, Syntax::Json).is_ok());
        let beyond = format!("[{}]", "1,".repeat(MAX_JSON_FLOW_ENTRIES) + "1");
        assert_eq!(
            parse(&beyond, Syntax::Json).unwrap_err().kind,
            ParseErrorKind::Limit
        );
        let within = format!("r: [[{}]]", "x,".repeat(MAX_YAML_FLOW_ENTRIES - 3) + "x");
        assert!(parse(&within, Syntax::Yaml).is_ok());
        let beyond = format!("r: [[{}]]", "x,".repeat(MAX_YAML_FLOW_ENTRIES) + "x");
        let err = parse(&beyond, Syntax::Yaml).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        // The position is where the limit was crossed, inside the text.
        assert_eq!(&beyond[err.span.start()..=err.span.start()], ",");
    }

    #[test]
    fn byte_order_mark_is_skipped_and_spans_stay_true() {
        let text = "\u{feff}{\"a\": 1}";
        let tree = parse(text, Syntax::Json).unwrap();
        let a = tree.member("a").unwrap();
        assert_eq!(&text[a.key_span.start()..a.key_span.end()], "\"a\"");
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert!(parse("  \n", Syntax::Yaml).is_err());
        assert!(parse("", Syntax::Json).is_err());
        let binary = SourceFile::from_bytes("x.json", vec![b'{', 0, b'}']);
        assert_eq!(binary.parse().unwrap_err().kind, ParseErrorKind::Encoding);
        let latin1 = SourceFile::from_bytes("x.json", vec![b'{', 0xff, b'}']);
        let err = latin1.parse().unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Encoding);
        assert_eq!(err.span.start(), 1);
        assert_eq!(latin1.text, "{\u{fffd}}");
    }

    #[test]
    fn letting_go_of_the_text_keeps_positions_and_finding_lines() {
        let text = "{\n  \"é\": 1,\n  \"key\": \"value\"\n}\n";
        let span = Span::new(text.find("value").unwrap(), text.find("value").unwrap() + 5);
        let mut source = SourceFile::new("t.json", text);
        let before = source.range(span);
        let line = source.line_text(span.start()).to_owned();
        source.keep_only_lines_of([span]);
        assert!(source.text.is_empty());
        assert_eq!(source.range(span), before);
        assert_eq!(source.line_text(span.start()), line);
        assert_eq!(
            before.0,
            LineCol {
                line: 3,
                column: 11
            }
        );
    }

    #[test]
    fn syntax_follows_extension_then_content() {
        assert_eq!(Syntax::detect(Some("a.JSON"), "x: 1"), Syntax::Json);
        assert_eq!(
            Syntax::detect(Some("a.template"), "  {\"a\":1}"),
            Syntax::Json
        );
        assert_eq!(
            Syntax::detect(Some("a.template"), "Resources: {}"),
            Syntax::Yaml
        );
        assert_eq!(Syntax::detect(None, "[1]"), Syntax::Json);
    }
}
