//! Tolerant scans, one per syntax, that outline a text as it is being typed (unterminated
//! strings, missing values, commas and closing brackets) in one pass, and place the cursor.

mod hcl;
mod json;
mod yaml;

use super::outline::{Outline, Site};
use crate::source::{Span, Syntax};

/// The outline of a whole text and the cursor's place in it (`None` where nothing can be typed
/// that assist knows: inside a comment, a block scalar, past the depth limit).
pub(super) fn scan(text: &str, syntax: Syntax, offset: usize) -> (Outline<'_>, Option<Site>) {
    match syntax {
        Syntax::Json => json::scan(text, offset),
        Syntax::Yaml => yaml::scan(text, offset),
        Syntax::Hcl => hcl::scan(text, offset),
    }
}

/// A quoted token: its content span, whether it closed, and the byte after it.
#[derive(Debug, Clone, Copy)]
struct Quoted {
    content: Span,
    closed: bool,
    end: usize,
}

/// Reads a double-quoted string starting at `start` (the quote), with backslash escapes; an
/// unterminated one ends at the line's end, as a string being typed does.
fn double_quoted(bytes: &[u8], start: usize) -> Quoted {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => {
                return Quoted {
                    content: Span::new(start + 1, i),
                    closed: true,
                    end: i + 1,
                };
            }
            b'\n' | b'\r' => break,
            _ => i += 1,
        }
    }
    let i = i.min(bytes.len());
    Quoted {
        content: Span::new(start + 1, i),
        closed: false,
        end: i,
    }
}

/// The site of a quoted token under the cursor: the content when the cursor is between the
/// quotes, else the whole token (a replacement then writes its own quotes).
fn quoted_word(token: &Quoted, start: usize, offset: usize, quote: u8) -> (Span, Option<u8>) {
    let inside = offset > start && (offset < token.end || !token.closed);
    if inside {
        (token.content, Some(quote))
    } else {
        (Span::new(start, token.end), None)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Scans `text` with the cursor at its `|` (removed): the text, the cursor's place, and the
    /// keys above it, outermost first.
    pub fn at(text: &str, syntax: Syntax) -> (String, Option<Site>, Vec<String>) {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let (outline, site) = scan(&text, syntax, offset);
        let keys = site
            .iter()
            .flat_map(|s| s.ancestors.iter())
            .filter_map(|&a| outline.key(a).map(str::to_owned))
            .collect();
        (text, site, keys)
    }
}
