//! Control characters shown as `\u{1b}` escapes, so printed text cannot steer the reader's
//! terminal or CI log.

use std::borrow::Cow;

/// Messages, help and labels longer than this many characters are cut for people: a value of
/// megabytes is quoted in full only in JSON and SARIF.
pub const MAX_TEXT_CHARS: usize = 1000;

const ELLIPSIS: char = '…';

/// Characters a terminal may act on rather than show: C0 and C1 controls and DEL (but tab,
/// which is only whitespace), and the bidirectional overrides and isolates that reorder what
/// a reader sees ("Trojan Source", CVE-2021-42574).
pub fn is_hazard(c: char) -> bool {
    (c < ' ' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every hazard written as Rust writes a Unicode escape (`\u{1b}`).
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends one character, escaped if it is a hazard.
pub fn push_escaped(out: &mut String, c: char) {
    if is_hazard(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// The bytes [`push_escaped`] appends for `c`.
pub fn escaped_len(c: char) -> usize {
    if is_hazard(c) {
        // `\u{` + hex digits + `}`
        let digits = (32 - u32::from(c).leading_zeros()).div_ceil(4).max(1) as usize;
        4 + digits
    } else {
        c.len_utf8()
    }
}

/// Text for people: escaped, and cut at [`MAX_TEXT_CHARS`] with an ellipsis.
pub fn shown(text: &str) -> String {
    let cut = text.char_indices().nth(MAX_TEXT_CHARS).map(|(at, _)| at);
    let kept = cut.map_or(text, |at| &text[..at]);
    let mut out = escaped(kept).into_owned();
    if cut.is_some() {
        out.push(ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped_but_tab_and_text_are_not() {
        assert_eq!(
            escaped("\u{1b}]0;pwned\u{7}\ta\u{202e}b\u{85}\u{7f}\n"),
            "\\u{1b}]0;pwned\\u{7}\ta\\u{202e}b\\u{85}\\u{7f}\\u{a}"
        );
        assert!(matches!(escaped("plain é ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn escaped_len_matches_what_is_pushed() {
        for c in ['\0', '\u{1b}', '\u{9f}', '\u{2069}', 'a', 'é', '\t', '✓'] {
            let mut out = String::new();
            push_escaped(&mut out, c);
            assert_eq!(escaped_len(c), out.len(), "{c:?}");
        }
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "x".repeat(MAX_TEXT_CHARS * 3);
        let cut = shown(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(shown("short"), "short");
    }
}
