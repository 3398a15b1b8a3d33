//! JSON as it is typed: objects and arrays by their brackets, keys and values by their place;
//! a missing comma, colon or closing bracket does not end the scan.

use super::{Quoted, double_quoted, quoted_word};
use crate::assist::outline::{MAX_DEPTH, Outline, Role, Site};
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    /// A value was read: a comma, or a key whose comma is missing.
    Comma,
}

#[derive(Debug)]
enum Kind {
    /// The key being read or last read.
    Object(Expect, Option<usize>),
    Array,
}

#[derive(Debug)]
struct Frame {
    /// The entry whose value this container is (`None` for the outermost).
    entry: Option<usize>,
    kind: Kind,
}

enum Token {
    Punct(u8),
    Quoted(Quoted),
    Bare(Span),
}

pub(super) fn scan(text: &str, offset: usize) -> (Outline<'_>, Option<Site>) {
    let bytes = text.as_bytes();
    let mut outline = Outline::new(text);
    let mut frames: Vec<Frame> = Vec::new();
    // Brackets opened beyond MAX_DEPTH, counted only.
    let mut overflow = 0usize;
    let mut site: Option<Option<Site>> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*')) {
            let end = comment_end(bytes, i);
            if site.is_none() && offset > i && offset < end {
                site = Some(None);
            }
            i = end;
            continue;
        }
        let start = i;
        let token = match b {
            b'{' | b'}' | b'[' | b']' | b':' | b',' => Token::Punct(b),
            b'"' => Token::Quoted(double_quoted(bytes, i)),
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || b"{}[]:,\"/".contains(c))
                    .map_or(bytes.len(), |n| i + n.max(1));
                Token::Bare(Span::new(i, end))
            }
        };
        let end = match &token {
            Token::Punct(_) => i + 1,
            Token::Quoted(q) => q.end.max(i + 1),
            Token::Bare(span) => span.end(),
        };
        let before = match token {
            Token::Punct(_) => offset <= start,
            _ => offset < start,
        };
        if site.is_none() && before {
            site = Some(gap_site(&frames, overflow, offset));
        }
        match token {
            Token::Punct(p) => punct(p, &mut frames, &mut overflow, &mut outline),
            Token::Quoted(q) => {
                let role = word(q.content, &mut frames, overflow, &mut outline);
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
            Token::Bare(span) => {
                let role = word(span, &mut frames, overflow, &mut outline);
                if site.is_none() && offset <= end {
                    site = Some(role.map(|role| Site {
                        ancestors: ancestors(&frames),
                        role,
                        word: span,
                        quote: None,
                    }));
                }
            }
        }
        i = end;
    }
    let site = site.unwrap_or_else(|| gap_site(&frames, overflow, offset));
    (outline, site)
}

fn comment_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start + 2..).unwrap_or_default();
    if bytes.get(start + 1) == Some(&b'/') {
        memchr::memchr(b'\n', rest).map_or(bytes.len(), |n| start + 2 + n)
    } else {
        memchr::memmem::find(rest, b"*/").map_or(bytes.len(), |n| start + 4 + n)
    }
}

fn ancestors(frames: &[Frame]) -> Vec<usize> {
    frames.iter().filter_map(|f| f.entry).collect()
}

/// The site of a cursor between tokens: what the innermost container expects next.
fn gap_site(frames: &[Frame], overflow: usize, offset: usize) -> Option<Site> {
    if overflow > 0 {
        return None;
    }
    let role = match &frames.last()?.kind {
        Kind::Object(Expect::Key | Expect::Comma, _) => Role::Key,
        Kind::Object(Expect::Value, Some(key)) => Role::Value(*key),
        Kind::Object(..) => return None,
        Kind::Array => Role::Item,
    };
    Some(Site {
        ancestors: ancestors(frames),
        role,
        word: Span::empty_at(offset),
        quote: None,
    })
}

fn punct(p: u8, frames: &mut Vec<Frame>, overflow: &mut usize, outline: &mut Outline<'_>) {
    match p {
        b'{' | b'[' => {
            if *overflow > 0 || frames.len() >= MAX_DEPTH {
                *overflow += 1;
                return;
            }
            let depth = frames.len().saturating_sub(1);
            let entry = match frames.last_mut() {
                Some(Frame {
                    kind: Kind::Object(expect, key),
                    ..
                }) => {
                    let holder = match expect {
                        Expect::Value | Expect::Colon => *key,
                        _ => None,
                    };
                    *expect = Expect::Comma;
                    holder
                }
                Some(Frame {
                    kind: Kind::Array, ..
                }) => Some(outline.push(depth, None, None)),
                None => None,
            };
            let kind = if p == b'{' {
                Kind::Object(Expect::Key, None)
            } else {
                Kind::Array
            };
            frames.push(Frame { entry, kind });
        }
        b'}' | b']' => {
            if *overflow > 0 {
                *overflow -= 1;
            } else {
                frames.pop();
            }
        }
        b':' => {
            if let Some(Frame {
                kind: Kind::Object(expect, _),
                ..
            }) = frames.last_mut()
            {
                *expect = Expect::Value;
            }
        }
        _ => {
            if let Some(Frame {
                kind: Kind::Object(expect, _),
                ..
            }) = frames.last_mut()
            {
                *expect = Expect::Key;
            }
        }
    }
}

/// Records a string or bare word where the innermost container has it, and says what it was.
fn word(
    span: Span,
    frames: &mut [Frame],
    overflow: usize,
    outline: &mut Outline<'_>,
) -> Option<Role> {
    if overflow > 0 {
        return None;
    }
    let depth = frames.len().saturating_sub(1);
    match &mut frames.last_mut()?.kind {
        Kind::Object(expect, key) => match expect {
            Expect::Key | Expect::Comma => {
                let entry = outline.push(depth, Some(span), None);
                *key = Some(entry);
                *expect = Expect::Colon;
                Some(Role::Key)
            }
            Expect::Value | Expect::Colon => {
                *expect = Expect::Comma;
                let entry = (*key)?;
                outline.set_value(entry, span);
                Some(Role::Value(entry))
            }
        },
        Kind::Array => {
            outline.push(depth, None, Some(span));
            Some(Role::Item)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, Option<Site>, Vec<String>) {
        super::super::tests::at(text, crate::source::Syntax::Json)
    }

    #[test]
    fn an_unterminated_value_is_the_word_inside_its_quotes() {
        let (text, site, keys) = at(r#"{"actions": {"a": {"actionId": "aws:ec2:|"#);
        let site = site.unwrap();
        assert_eq!(keys, ["actions", "a"]);
        assert!(matches!(site.role, Role::Value(_)));
        assert_eq!(&text[site.word.start()..site.word.end()], "aws:ec2:");
        assert_eq!(site.quote, Some(b'"'));
    }

    #[test]
    fn a_gap_after_a_colon_is_a_value_and_after_a_comma_a_key() {
        let (_, site, _) = at(r#"{"actionId": |}"#);
        assert!(matches!(site.unwrap().role, Role::Value(0)));
        let (_, site, _) = at(r#"{"actionId": "x", |}"#);
        let site = site.unwrap();
        assert_eq!(site.role, Role::Key);
        assert_eq!(site.quote, None);
    }

    #[test]
    fn array_items_and_nested_objects_keep_their_path() {
        let (_, site, keys) = at(r#"{"actions": {"b": {"startAfter": ["a", "|"]}}, "x": 1}"#);
        assert_eq!(site.unwrap().role, Role::Item);
        assert_eq!(keys, ["actions", "b", "startAfter"]);
    }

    #[test]
    fn a_comment_holds_no_site_and_deep_nesting_is_counted_not_kept() {
        let (_, site, _) = at("{// a |comment\n}");
        assert!(site.is_none());
        let deep = format!("{}|{}", "[".repeat(100_000), "]".repeat(100_000));
        let (_, site, _) = at(&deep);
        assert!(site.is_none());
    }
}
