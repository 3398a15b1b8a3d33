//! An open document: its text at the client's latest version, and where that text lives on disk.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, LineMap};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Syntax};

pub struct Document {
    pub uri: Uri,
    /// The file's path for `file:` URIs: where configuration is looked for, and what
    /// per-file ignores match.
    pub path: Option<PathBuf>,
    /// The name the linter sees (the path, else the URI), which also picks the syntax.
    pub name: String,
    pub version: i32,
    pub text: String,
    pub lines: LineMap,
    /// The findings of the last lint, and the version they are for (`None`: not linted since
    /// the last change).
    pub linted: Option<(i32, Vec<Diagnostic>)>,
}

impl Document {
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let path = file_path(uri.as_str());
        let name = match &path {
            Some(path) => path.display().to_string(),
            None => uri.as_str().to_owned(),
        };
        Document {
            uri,
            path,
            name,
            version,
            lines: LineMap::new(&text),
            text,
            linted: None,
        }
    }

    pub fn syntax(&self) -> Syntax {
        Syntax::detect(Some(&self.name), &self.text)
    }

    /// Applies a `didChange`'s edits in order (a change without a range replaces the text).
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.lines.span(&self.text, range, encoding);
                    self.text
                        .replace_range(span.start()..span.end(), &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = LineMap::new(&self.text);
        }
        self.version = version;
        self.linted = None;
    }

    pub fn span(&self, range: lsp_types::Range, encoding: Encoding) -> Span {
        self.lines.span(&self.text, range, encoding)
    }

    pub fn range(&self, span: Span, encoding: Encoding) -> lsp_types::Range {
        self.lines.range(&self.text, span, encoding)
    }

    pub fn offset(&self, position: lsp_types::Position, encoding: Encoding) -> usize {
        self.lines.offset(&self.text, position, encoding)
    }
}

/// The local path a `file:` URI names, percent-decoded; `None` for other schemes (`untitled:`)
/// and for a path that does not decode to UTF-8.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///path` (empty authority) or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `/C:/dir/file` on Windows.
    let decoded = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => {
            decoded[1..].to_owned()
        }
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_path("file:///home/me/a%20b/t%C3%A9.yaml"),
            Some(PathBuf::from("/home/me/a b/té.yaml"))
        );
        assert_eq!(
            file_path("file://localhost/x.json"),
            Some(PathBuf::from("/x.json"))
        );
        assert_eq!(file_path("untitled:Untitled-1"), None);
        assert_eq!(file_path("file:///bad%zz"), None);
        assert_eq!(file_path("file:///bad%"), None);
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let uri: Uri = "file:///t.yaml".parse().unwrap();
        let mut document = Document::new(uri, 1, "a: 🚀b\nc: d\n".into());
        let change =
            |range: Option<((u32, u32), (u32, u32))>, text: &str| TextDocumentContentChangeEvent {
                range: range.map(|(s, e)| {
                    lsp_types::Range::new(
                        lsp_types::Position::new(s.0, s.1),
                        lsp_types::Position::new(e.0, e.1),
                    )
                }),
                range_length: None,
                text: text.into(),
            };
        // UTF-16: the rocket is columns 3 and 4, `b` column 5.
        document.apply(
            2,
            vec![
                change(Some(((0, 5), (0, 6))), "B"),
                change(Some(((1, 3), (1, 4))), "e\nf: g"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(document.text, "a: 🚀B\nc: e\nf: g\n");
        assert_eq!(document.version, 2);
        document.apply(3, vec![change(None, "whole")], Encoding::Utf16);
        assert_eq!(document.text, "whole");
    }
}
