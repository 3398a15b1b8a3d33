//! Terraform's HCL as it is typed: blocks (`action {`) and object values (`parameters = {`) nest,
//! `name = value` lines are entries, `[...]` holds items; heredocs, comments and function calls
//! are passed over.

use super::{Quoted, quoted_word};
use crate::assist::outline::{MAX_DEPTH, Outline, Role, Site};
use crate::source::Span;

#[derive(Debug)]
enum Kind {
    /// A block's body (or the file's): `pending` is a name read at the start of a line, not yet
    /// known to be an attribute or a block; `value_of` an attribute whose value comes next.
    Body {
        pending: Option<Span>,
        value_of: Option<usize>,
    },
    /// An object expression: the key read, and whether its `=` or `:` was.
    Object {
        key: Option<usize>,
        expect_value: bool,
    },
    Array,
    /// A function call's arguments (or any bracket inside one): nothing in it is recorded.
    Opaque,
}

#[derive(Debug)]
struct Frame {
    entry: Option<usize>,
    kind: Kind,
}

enum Token {
    Open(u8),
    Close(u8),
    Assign,
    Separator,
    Newline,
    Quoted(Quoted),
    Word(Span),
    /// A comment or heredoc: no site inside it.
    Skipped,
}

pub(super) fn scan(text: &str, offset: usize) -> (Outline<'_>, Option<Site>) {
    let bytes = text.as_bytes();
    let mut outline = Outline::new(text);
    let mut frames = vec![Frame {
        entry: None,
        kind: Kind::Body {
            pending: None,
            value_of: None,
        },
    }];
    let mut overflow = 0usize;
    let mut site: Option<Option<Site>> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        let start = i;
        let (token, end) = lex(bytes, i);
        let before = match token {
            Token::Quoted(_) | Token::Word(_) => offset < start,
            _ => offset <= start,
        };
        if site.is_none() && before {
            site = Some(gap_site(&frames, overflow, offset));
        }
        if site.is_none() && matches!(token, Token::Skipped) && offset < end {
            site = Some(None);
        }
        match token {
            Token::Open(b) => open(b, &mut frames, &mut overflow, &mut outline),
            Token::Close(b) => close(b, &mut frames, &mut overflow),
            Token::Assign => assign(&mut frames, &mut outline),
            Token::Separator | Token::Newline => {
                separate(&mut frames, matches!(token, Token::Newline))
            }
            Token::Quoted(q) => {
                let role = word(q.content, true, &mut frames, overflow, &mut outline);
                if site.is_none() && offset <= end {
                    let (word, quote) = quoted_word(&q, start, offset, b'"');
                    site = Some(role.map(|role| Site {
                        ancestors: ancestors(&frames),
                        role,
                        word,
                        quote,
                    }));
                }
            }
            Token::Word(span) => {
                let role = word(span, false, &mut frames, overflow, &mut outline);
                if site.is_none() && offset <= end {
                    site = Some(role.map(|role| Site {
                        ancestors: ancestors(&frames),
                        role,
                        word: span,
                        quote: None,
                    }));
                }
            }
            Token::Skipped => {}
        }
        i = end.max(start + 1);
    }
    let site = site.unwrap_or_else(|| gap_site(&frames, overflow, offset));
    (outline, site)
}

fn lex(bytes: &[u8], i: usize) -> (Token, usize) {
    let rest = &bytes[i..];
    match rest[0] {
        b'{' | b'[' | b'(' => (Token::Open(rest[0]), i + 1),
        b'}' | b']' | b')' => (Token::Close(rest[0]), i + 1),
        b'=' if rest.get(1) != Some(&b'=') => (Token::Assign, i + 1),
        b':' => (Token::Assign, i + 1),
        b',' => (Token::Separator, i + 1),
        b'\n' => (Token::Newline, i + 1),
        b'#' => (Token::Skipped, line_end(bytes, i)),
        b'/' if rest.get(1) == Some(&b'/') => (Token::Skipped, line_end(bytes, i)),
        b'/' if rest.get(1) == Some(&b'*') => {
            let end = memchr::memmem::find(&rest[2..], b"*/").map_or(bytes.len(), |n| i + 4 + n);
            (Token::Skipped, end)
        }
        b'<' if rest.starts_with(b"<<") => (Token::Skipped, heredoc_end(bytes, i)),
        b'"' => {
            let q = template_string(bytes, i);
            let end = q.end;
            (Token::Quoted(q), end)
        }
        _ => {
            let end = rest
                .iter()
                .position(|c| b" \t\r\n{}[]()=:,\"#".contains(c))
                .map_or(bytes.len(), |n| i + n.max(1));
            (Token::Word(Span::new(i, end)), end)
        }
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |n| from + n)
}

/// `<<EOF` or `<<-EOF` to the line that holds only the marker (or the end of the text).
fn heredoc_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 2;
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    let marker_len = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let marker = &bytes[at..at + marker_len];
    if marker.is_empty() {
        return start + 2;
    }
    let mut line = line_end(bytes, at);
    while line < bytes.len() {
        let next = line_end(bytes, line + 1);
        if bytes[line + 1..next].trim_ascii() == marker {
            return next;
        }
        line = next;
    }
    bytes.len()
}

/// A quoted template: `${...}` and `%{...}` may hold strings of their own; an unterminated one
/// ends at the line's end.
fn template_string(bytes: &[u8], start: usize) -> Quoted {
    let mut i = start + 1;
    let mut depth = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 1,
            b'\n' | b'\r' => break,
            b'"' if depth == 0 => {
                return Quoted {
                    content: Span::new(start + 1, i),
                    closed: true,
                    end: i + 1,
                };
            }
            b'"' => {
                // A string inside an interpolation.
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'"' || c == b'\n' {
                        break;
                    }
                    i += if c == b'\\' { 2 } else { 1 };
                }
            }
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    let i = i.min(bytes.len());
    Quoted {
        content: Span::new(start + 1, i),
        closed: false,
        end: i,
    }
}

fn ancestors(frames: &[Frame]) -> Vec<usize> {
    frames.iter().filter_map(|f| f.entry).collect()
}

fn gap_site(frames: &[Frame], overflow: usize, offset: usize) -> Option<Site> {
    if overflow > 0 {
        return None;
    }
    let role = match &frames.last()?.kind {
        Kind::Body {
            value_of: Some(entry),
            ..
        } => Role::Value(*entry),
        Kind::Body { pending: None, .. } => Role::Key,
        Kind::Object {
            expect_value: true,
            key: Some(key),
        } => Role::Value(*key),
        Kind::Object {
            expect_value: false,
            ..
        } => Role::Key,
        Kind::Array => Role::Item,
        _ => return None,
    };
    Some(Site {
        ancestors: ancestors(frames),
        role,
        word: Span::empty_at(offset),
        quote: None,
    })
}

fn open(b: u8, frames: &mut Vec<Frame>, overflow: &mut usize, outline: &mut Outline<'_>) {
    if *overflow > 0 || frames.len() >= MAX_DEPTH {
        *overflow += 1;
        return;
    }
    let depth = frames.len() - 1;
    let (entry, kind) = match (b, frames.last_mut().map(|f| &mut f.kind)) {
        (b'(', _) | (_, Some(Kind::Opaque) | None) => (None, Kind::Opaque),
        (b'{', Some(Kind::Body { pending, value_of })) => match (value_of.take(), pending.take()) {
            (Some(attribute), _) => (Some(attribute), object()),
            (None, Some(name)) => (Some(outline.push(depth, Some(name), None)), body()),
            (None, None) => (None, Kind::Opaque),
        },
        (b'[', Some(Kind::Body { value_of, pending })) => {
            *pending = None;
            match value_of.take() {
                Some(attribute) => (Some(attribute), Kind::Array),
                None => (None, Kind::Opaque),
            }
        }
        (_, Some(Kind::Object { key, expect_value })) => {
            let holder = if *expect_value { key.take() } else { None };
            *expect_value = false;
            (holder, if b == b'{' { object() } else { Kind::Array })
        }
        (_, Some(Kind::Array)) => {
            let item = outline.push(depth, None, None);
            (Some(item), if b == b'{' { object() } else { Kind::Array })
        }
        (_, Some(Kind::Body { .. })) => (None, Kind::Opaque),
    };
    frames.push(Frame { entry, kind });
}

fn body() -> Kind {
    Kind::Body {
        pending: None,
        value_of: None,
    }
}

fn object() -> Kind {
    Kind::Object {
        key: None,
        expect_value: false,
    }
}

fn close(b: u8, frames: &mut Vec<Frame>, overflow: &mut usize) {
    if *overflow > 0 {
        *overflow -= 1;
        return;
    }
    // The file's body is never closed; a stray closer is ignored.
    let closes = match frames.last().map(|f| &f.kind) {
        Some(Kind::Opaque) => true,
        Some(Kind::Array) => b == b']',
        Some(Kind::Body { .. } | Kind::Object { .. }) => b == b'}',
        None => false,
    };
    if closes && frames.len() > 1 {
        frames.pop();
    }
}

fn assign(frames: &mut [Frame], outline: &mut Outline<'_>) {
    let depth = frames.len().saturating_sub(1);
    match frames.last_mut().map(|f| &mut f.kind) {
        Some(Kind::Body { pending, value_of }) => {
            if let Some(name) = pending.take() {
                *value_of = Some(outline.push(depth, Some(name), None));
            }
        }
        Some(Kind::Object { expect_value, .. }) => *expect_value = true,
        _ => {}
    }
}

fn separate(frames: &mut [Frame], newline: bool) {
    match frames.last_mut().map(|f| &mut f.kind) {
        Some(Kind::Body { pending, value_of }) if newline => {
            *pending = None;
            *value_of = None;
        }
        Some(Kind::Object { key, expect_value }) => {
            if *expect_value || !newline {
                *key = None;
            }
            *expect_value = false;
        }
        _ => {}
    }
}

/// Records a string or word where the innermost frame has it, and says what it was.
fn word(
    span: Span,
    quoted: bool,
    frames: &mut [Frame],
    overflow: usize,
    outline: &mut Outline<'_>,
) -> Option<Role> {
    if overflow > 0 {
        return None;
    }
    let depth = frames.len().saturating_sub(1);
    match &mut frames.last_mut()?.kind {
        Kind::Body { pending, value_of } => {
            if let Some(entry) = value_of.take() {
                if quoted {
                    outline.set_value(entry, span);
                }
                return Some(Role::Value(entry));
            }
            if pending.is_none() && !quoted {
                *pending = Some(span);
                return Some(Role::Key);
            }
            // A block's label.
            None
        }
        Kind::Object { key, expect_value } => {
            if *expect_value {
                *expect_value = false;
                let entry = (*key)?;
                if quoted {
                    outline.set_value(entry, span);
                }
                Some(Role::Value(entry))
            } else {
                *key = Some(outline.push(depth, Some(span), None));
                Some(Role::Key)
            }
        }
        Kind::Array => {
            outline.push(depth, None, quoted.then_some(span));
            Some(Role::Item)
        }
        Kind::Opaque => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, Option<Site>, Vec<String>) {
        super::super::tests::at(text, crate::source::Syntax::Hcl)
    }

    const RESOURCE: &str = "resource \"aws_fis_experiment_template\" \"x\" {\n";

    #[test]
    fn attributes_in_nested_blocks() {
        let (text, site, keys) = at(&format!(
            "{RESOURCE}  action {{\n    action_id = \"aws:ec2:|\n  }}\n}}\n"
        ));
        let site = site.unwrap();
        assert_eq!(keys, ["resource", "action"]);
        assert!(matches!(site.role, Role::Value(_)));
        assert_eq!(&text[site.word.start()..site.word.end()], "aws:ec2:");
        let (_, site, keys) = at(&format!(
            "{RESOURCE}  action {{\n    target {{\n      key = |\n"
        ));
        assert!(matches!(site.unwrap().role, Role::Value(_)));
        assert_eq!(keys, ["resource", "action", "target"]);
    }

    #[test]
    fn arrays_objects_heredocs_and_calls() {
        let (_, site, keys) = at(&format!(
            "{RESOURCE}  action {{\n    start_after = [\"a\", \"|\"]\n"
        ));
        assert_eq!(site.unwrap().role, Role::Item);
        assert_eq!(keys, ["resource", "action", "start_after"]);
        let (_, site, keys) = at(&format!(
            "{RESOURCE}  target {{\n    parameters = {{\n      clu|\n"
        ));
        assert_eq!(site.unwrap().role, Role::Key);
        assert_eq!(keys, ["resource", "target", "parameters"]);
        let heredoc = format!("{RESOURCE}  description = <<EOF\n  te|xt\nEOF\n}}\n");
        assert!(at(&heredoc).1.is_none());
        let (_, site, _) = at(&format!("{RESOURCE}  x = f(\"|\")\n"));
        assert!(site.is_none());
    }
}
