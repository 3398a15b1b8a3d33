//! Block YAML as it is typed, line by line: indentation nests keys, `- ` opens sequence items,
//! a one-line `[a, b]` holds items; block scalars and flow mappings are skipped.

use super::{Quoted, double_quoted, quoted_word};
use crate::assist::outline::{MAX_DEPTH, Outline, Role, Site};
use crate::source::Span;

/// An open key or sequence item, at the column it starts in.
#[derive(Debug, Clone, Copy)]
struct Open {
    column: usize,
    entry: usize,
    item: bool,
}

pub(super) fn scan(text: &str, offset: usize) -> (Outline<'_>, Option<Site>) {
    let mut outline = Outline::new(text);
    let mut stack: Vec<Open> = Vec::new();
    // The column of the key that opened a block scalar: more indented lines are its text.
    let mut block_scalar: Option<usize> = None;
    let mut site = None;
    let mut line_start = 0;
    for raw in text.split('\n') {
        let start = line_start;
        line_start += raw.len() + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let holds_cursor = (start..=start + line.len()).contains(&offset);
        let reader = Line {
            text: line,
            start,
            offset: holds_cursor.then_some(offset),
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let blank = rest.trim().is_empty() || rest.starts_with('#');
        if let Some(owner) = block_scalar {
            if blank || indent > owner {
                continue;
            }
            block_scalar = None;
        }
        if blank {
            if holds_cursor && !rest.starts_with('#') {
                site = key_site(&stack, offset - start, offset);
            }
            continue;
        }
        if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
            stack.clear();
            continue;
        }
        let parsed = reader.read(indent, &mut stack, &mut outline, &mut block_scalar);
        if holds_cursor {
            site = parsed;
        }
    }
    (outline, site)
}

struct Line<'l> {
    text: &'l str,
    /// The line's offset in the whole text.
    start: usize,
    /// The cursor, when it is on this line.
    offset: Option<usize>,
}

impl Line<'_> {
    /// Reads one non-blank line into the outline, and returns the cursor's site if it is here.
    fn read(
        &self,
        indent: usize,
        stack: &mut Vec<Open>,
        outline: &mut Outline<'_>,
        block_scalar: &mut Option<usize>,
    ) -> Option<Site> {
        let bytes = self.text.as_bytes();
        let mut column = indent;
        // The sequence items this line opens, innermost last.
        let mut item = None;
        while bytes.get(column) == Some(&b'-')
            && matches!(bytes.get(column + 1), None | Some(b' ' | b'\t'))
        {
            if self.cursor().is_some_and(|cursor| cursor <= column) {
                return None;
            }
            pop_for_item(stack, column);
            let entry = open(stack, outline, column, None, true)?;
            item = Some(entry);
            column += 1;
            column += spaces(&bytes[column..]);
        }
        let rest = &self.text[column..];
        if rest.is_empty() || rest.starts_with('#') {
            // `- ` with nothing yet: an item being typed.
            return match (self.cursor(), item) {
                (Some(cursor), Some(_)) if cursor >= column && !rest.starts_with('#') => {
                    Some(self.item_site(stack, Span::empty_at(self.start + cursor), None))
                }
                _ => None,
            };
        }
        let Some(key) = split_key(rest) else {
            let value = self.scalar(column);
            if let Some(entry) = item {
                if let Some((span, _)) = value {
                    outline.set_value(entry, span);
                }
                return self.value_site(value, |word, quote| self.item_site(stack, word, quote));
            }
            // A word with no colon yet is a key being typed (or a continued plain scalar).
            let cursor = self.cursor()?;
            let offset = self.start + cursor;
            if cursor < column {
                // In the indentation: a new key there, before the word.
                return key_site(stack, cursor, offset);
            }
            let word = match value {
                Some((span, _)) if (span.start()..=span.end()).contains(&offset) => span,
                Some((span, _)) if offset > span.end() => return None,
                _ => Span::empty_at(offset),
            };
            return key_site(stack, column, offset).map(|site| Site { word, ..site });
        };
        let key_span = Span::new(
            self.start + column + key.content.0,
            self.start + column + key.content.1,
        );
        pop_for_key(stack, column);
        let depth = stack.len();
        let entry = open(stack, outline, column, Some(key_span), false);
        let value_column = column + key.colon + 1;
        let value_column = value_column + spaces(&bytes[value_column.min(bytes.len())..]);
        let value_rest = self.text.get(value_column..).unwrap_or_default();
        if value_rest.starts_with('|') || value_rest.starts_with('>') {
            *block_scalar = Some(column);
        }
        let value = if value_rest.starts_with(['|', '>', '{', '!', '&', '*']) {
            None
        } else if value_rest.starts_with('[') {
            entry?;
            return self.flow_items(value_column, depth + 1, stack, outline);
        } else {
            self.scalar(value_column)
        };
        if let (Some(entry), Some((span, _))) = (entry, &value) {
            let span = *span;
            outline.set_value(entry, span);
        }
        let cursor = self.cursor()?;
        let entry = entry?;
        if cursor <= column + key.end {
            if cursor < column {
                return None;
            }
            let quote = (key.quote.is_some() && cursor > column && cursor < column + key.end)
                .then_some(key.quote)
                .flatten();
            let word = if key.quote.is_some() && quote.is_none() {
                Span::new(self.start + column, self.start + column + key.end)
            } else {
                key_span
            };
            let ancestors = ancestors_of(stack, 1);
            return Some(Site {
                ancestors,
                role: Role::Key,
                word,
                quote,
            });
        }
        if cursor <= column + key.colon {
            return None;
        }
        let ancestors = ancestors_of(stack, 1);
        // After a tag, a block scalar's indicator, a flow mapping or a comment.
        if value.is_none() && !value_rest.is_empty() && cursor >= value_column {
            return None;
        }
        self.value_site(value, |word, quote| Site {
            ancestors: ancestors.clone(),
            role: Role::Value(entry),
            word,
            quote,
        })
    }

    /// The cursor's column on this line.
    fn cursor(&self) -> Option<usize> {
        self.offset.map(|o| o - self.start)
    }

    /// The site of a scalar the cursor is in or after (`None` past its end, in a comment).
    fn value_site(
        &self,
        value: Option<(Span, Option<Quoted>)>,
        site: impl Fn(Span, Option<u8>) -> Site,
    ) -> Option<Site> {
        let offset = self.offset?;
        match value {
            None => Some(site(Span::empty_at(offset), None)),
            Some((span, None)) if offset <= span.end() => {
                let word = if offset < span.start() {
                    Span::empty_at(offset)
                } else {
                    span
                };
                Some(site(word, None))
            }
            Some((_, Some(q))) => {
                let start = q.content.start() - 1;
                if offset < start {
                    return Some(site(Span::empty_at(offset), None));
                }
                if offset > q.end {
                    return None;
                }
                let quote = self.text.as_bytes().get(start - self.start).copied()?;
                let (word, quote) = quoted_word(&q, start, offset, quote);
                Some(site(word, quote))
            }
            Some(_) => None,
        }
    }

    fn item_site(&self, stack: &[Open], word: Span, quote: Option<u8>) -> Site {
        Site {
            ancestors: ancestors_of(stack, 1),
            role: Role::Item,
            word,
            quote,
        }
    }

    /// A scalar starting at `column`: quoted (to its closing quote) or plain (to a comment or
    /// the line's end), with its quoted token when it has quotes.
    fn scalar(&self, column: usize) -> Option<(Span, Option<Quoted>)> {
        let bytes = self.text.as_bytes();
        let absolute = |span: Span| Span::new(self.start + span.start(), self.start + span.end());
        match bytes.get(column)? {
            b'"' => {
                let q = double_quoted(bytes, column);
                Some((absolute(q.content), Some(shift(q, self.start))))
            }
            b'\'' => {
                let q = single_quoted(bytes, column);
                Some((absolute(q.content), Some(shift(q, self.start))))
            }
            b'#' => None,
            _ => {
                let rest = &self.text[column..];
                let end = rest.find(" #").unwrap_or(rest.len());
                let end = column + rest[..end].trim_end().len();
                Some((Span::new(self.start + column, self.start + end), None))
            }
        }
    }

    /// `[a, b]` on one line: each item an entry under the key opened last.
    fn flow_items(
        &self,
        column: usize,
        depth: usize,
        stack: &[Open],
        outline: &mut Outline<'_>,
    ) -> Option<Site> {
        let bytes = self.text.as_bytes();
        let close = bytes[column..]
            .iter()
            .position(|&b| b == b']')
            .map_or(bytes.len(), |n| column + n);
        let mut site = None;
        let mut item_start = column + 1;
        while item_start <= close {
            let item_end = bytes[item_start..close]
                .iter()
                .position(|&b| b == b',')
                .map_or(close, |n| item_start + n);
            let lead = spaces(&bytes[item_start..item_end]);
            let value = if item_start + lead < item_end {
                let piece = Line {
                    text: &self.text[..item_end],
                    start: self.start,
                    offset: None,
                };
                piece.scalar(item_start + lead)
            } else {
                None
            };
            if let Some((span, _)) = value {
                outline.push(depth, None, Some(span));
            }
            if let Some(cursor) = self.cursor()
                && site.is_none()
                && cursor >= item_start
                && cursor <= item_end
            {
                let word = match value {
                    Some((span, _))
                        if (span.start()..=span.end()).contains(&(self.start + cursor)) =>
                    {
                        span
                    }
                    _ => Span::empty_at(self.start + cursor),
                };
                site = Some(Site {
                    // The owner is the innermost open entry.
                    ancestors: ancestors_of(stack, 0),
                    role: Role::Item,
                    word,
                    quote: None,
                });
            }
            item_start = item_end + 1;
        }
        site
    }
}

/// The entries of the open containers, leaving out the innermost `skip` (the line's own).
fn ancestors_of(stack: &[Open], skip: usize) -> Vec<usize> {
    let keep = stack.len().saturating_sub(skip);
    stack[..keep].iter().map(|o| o.entry).collect()
}

/// The site of a key being typed at `column` on an otherwise empty line.
fn key_site(stack: &[Open], column: usize, offset: usize) -> Option<Site> {
    let open = stack.iter().take_while(|o| o.column < column).count();
    if open >= MAX_DEPTH {
        return None;
    }
    Some(Site {
        ancestors: stack[..open].iter().map(|o| o.entry).collect(),
        role: Role::Key,
        word: Span::empty_at(offset),
        quote: None,
    })
}

fn pop_for_key(stack: &mut Vec<Open>, column: usize) {
    while stack.last().is_some_and(|o| o.column >= column) {
        stack.pop();
    }
}

/// A `-` at the column of the key above it belongs to that key (`Key:\n- a`).
fn pop_for_item(stack: &mut Vec<Open>, column: usize) {
    while stack
        .last()
        .is_some_and(|o| o.column > column || (o.column == column && o.item))
    {
        stack.pop();
    }
}

/// Records an entry and opens it, unless the nesting is too deep to keep.
fn open(
    stack: &mut Vec<Open>,
    outline: &mut Outline<'_>,
    column: usize,
    key: Option<Span>,
    item: bool,
) -> Option<usize> {
    if stack.len() >= MAX_DEPTH {
        return None;
    }
    let entry = outline.push(stack.len(), key, None);
    stack.push(Open {
        column,
        entry,
        item,
    });
    Some(entry)
}

fn spaces(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

fn shift(q: Quoted, by: usize) -> Quoted {
    Quoted {
        content: Span::new(q.content.start() + by, q.content.end() + by),
        closed: q.closed,
        end: q.end + by,
    }
}

/// `'...'`, where `''` is a quote.
fn single_quoted(bytes: &[u8], start: usize) -> Quoted {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Quoted {
                content: Span::new(start + 1, i),
                closed: true,
                end: i + 1,
            };
        }
        i += 1;
    }
    Quoted {
        content: Span::new(start + 1, bytes.len()),
        closed: false,
        end: bytes.len(),
    }
}

/// A mapping key at the start of `rest`: its content (quotes excluded) and end, relative to
/// `rest`, and the position of its colon.
struct Key {
    content: (usize, usize),
    end: usize,
    colon: usize,
    quote: Option<u8>,
}

fn split_key(rest: &str) -> Option<Key> {
    let bytes = rest.as_bytes();
    let colon_at = |from: usize| {
        let after = spaces(&bytes[from..]);
        let colon = from + after;
        (bytes.get(colon) == Some(&b':')
            && matches!(bytes.get(colon + 1), None | Some(b' ' | b'\t')))
        .then_some(colon)
    };
    match bytes.first()? {
        quote @ (b'"' | b'\'') => {
            let q = if *quote == b'"' {
                double_quoted(bytes, 0)
            } else {
                single_quoted(bytes, 0)
            };
            let colon = colon_at(q.end)?;
            Some(Key {
                content: (q.content.start(), q.content.end()),
                end: q.end,
                colon,
                quote: Some(*quote),
            })
        }
        b'[' | b'{' | b'!' | b'&' | b'*' | b'|' | b'>' | b'%' | b'@' | b'`' | b'#' => None,
        _ => {
            let comment = rest.find(" #").unwrap_or(rest.len());
            let colon = bytes[..comment]
                .windows(2)
                .position(|w| w[0] == b':' && (w[1] == b' ' || w[1] == b'\t'))
                .or_else(|| {
                    rest[..comment]
                        .trim_end()
                        .ends_with(':')
                        .then(|| rest[..comment].trim_end().len() - 1)
                })?;
            let key = rest[..colon].trim_end();
            Some(Key {
                content: (0, key.len()),
                end: key.len(),
                colon,
                quote: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, Option<Site>, Vec<String>) {
        super::super::tests::at(text, crate::source::Syntax::Yaml)
    }

    fn word(text: &str, site: &Site) -> String {
        text[site.word.start()..site.word.end()].to_owned()
    }

    #[test]
    fn a_value_ending_in_a_colon_is_still_the_value_being_typed() {
        let (text, site, keys) = at(
            "Resources:\n  E:\n    Properties:\n      Actions:\n        A:\n          ActionId: aws:ec2:|\n",
        );
        let site = site.unwrap();
        assert_eq!(keys, ["Resources", "E", "Properties", "Actions", "A"]);
        assert!(matches!(site.role, Role::Value(_)));
        assert_eq!(word(&text, &site), "aws:ec2:");
    }

    #[test]
    fn an_empty_value_and_an_empty_line_are_value_and_key() {
        let (text, site, _) = at("A:\n  ActionId: |");
        let site = site.unwrap();
        assert!(matches!(site.role, Role::Value(_)));
        assert_eq!(word(&text, &site), "");
        let (_, site, keys) = at("A:\n  Targets:\n    |\n  Other: 1\n");
        assert_eq!(site.unwrap().role, Role::Key);
        assert_eq!(keys, ["A", "Targets"]);
    }

    #[test]
    fn a_key_being_typed_has_no_colon_yet() {
        let (text, site, keys) = at("A:\n  Parameters:\n    dur|\n");
        let site = site.unwrap();
        assert_eq!(site.role, Role::Key);
        assert_eq!(keys, ["A", "Parameters"]);
        assert_eq!(word(&text, &site), "dur");
    }

    #[test]
    fn sequence_items_block_and_flow() {
        let (_, site, keys) = at("B:\n  StartAfter:\n    - a\n    - |\n");
        assert_eq!(site.unwrap().role, Role::Item);
        assert_eq!(keys, ["B", "StartAfter"]);
        let (text, site, keys) = at("B:\n  StartAfter: [a, b|]\n");
        let site = site.unwrap();
        assert_eq!(site.role, Role::Item);
        assert_eq!(keys, ["B", "StartAfter"]);
        assert_eq!(word(&text, &site), "b");
        let (_, site, _) = at("B:\n  StartAfter: [a |, b]\n");
        assert_eq!(site.unwrap().word, Span::empty_at(20));
        let (_, site, keys) = at("S:\n- Source: |\n");
        assert!(matches!(site.unwrap().role, Role::Value(_)));
        assert_eq!(keys, ["S"]);
    }

    #[test]
    fn quoted_values_and_keys_place_the_cursor_inside_or_outside() {
        let (text, site, _) = at("K: \"aws:|ec2\"\n");
        let site = site.unwrap();
        assert_eq!(site.quote, Some(b'"'));
        assert_eq!(word(&text, &site), "aws:ec2");
        let (text, site, _) = at("'Key|': 1\n");
        let site = site.unwrap();
        assert_eq!(site.role, Role::Key);
        assert_eq!(word(&text, &site), "Key");
    }

    #[test]
    fn a_cursor_before_or_after_a_word_that_is_no_key_yet_stays_in_its_span() {
        let (_, site, _) = at("A:\n  |  &  \"Version\": 1\n");
        let site = site.unwrap();
        assert_eq!((site.role, site.word), (Role::Key, Span::empty_at(5)));
        assert!(at("A:\n  word # a |comment\n").1.is_none());
        let (_, site, _) = at("A:\n  |\"unterminated  key: v\n");
        assert_eq!(site.unwrap().word, Span::empty_at(5));
    }

    #[test]
    fn block_scalars_and_comments_hold_no_site() {
        let text = "D: >\n  text here\nK: 1\n";
        assert!(scan(text, text.find("here").unwrap()).1.is_none());
        assert!(scan(text, text.find('1').unwrap()).1.is_some());
        assert!(at("K: v # a |comment\n").1.is_none());
    }
}
