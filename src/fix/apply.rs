//! Applying fixes to a text: every edit of a fix or none, and no two fixes touching the same
//! bytes in one pass (the later one waits for the next pass, after the text is linted again).

use crate::diagnostic::{Edit, Fix};

/// The text after one pass, and which of the fixes offered went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// Indexes, into the fixes offered, of those applied.
    pub applied: Vec<usize>,
}

/// Applies as many of `fixes` as do not overlap, earliest first; the rest are left for another
/// pass. A fix whose span is not within the text (or not on character boundaries) is never applied.
pub fn apply<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> Applied {
    let mut offered: Vec<(usize, &Fix)> = fixes
        .into_iter()
        .enumerate()
        .filter(|(_, fix)| !fix.edits.is_empty() && fix.edits.iter().all(|e| fits(text, e)))
        .collect();
    offered.sort_by_key(|(index, fix)| (fix.edits[0].span.start, *index));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    for (index, fix) in offered {
        let clashes = fix
            .edits
            .iter()
            .any(|edit| taken.iter().any(|other| overlaps(edit, other)));
        // Two fixes that make the same edit (two findings about one value) are one change.
        let same = fix.edits.iter().all(|edit| taken.contains(&edit));
        if same {
            applied.push(index);
            continue;
        }
        if clashes || has_inner_overlap(fix) {
            continue;
        }
        taken.extend(&fix.edits);
        applied.push(index);
    }
    taken.sort_by_key(|edit| edit.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start()]);
        out.push_str(&edit.content);
        at = edit.span.end();
    }
    out.push_str(&text[at..]);
    applied.sort_unstable();
    Applied { text: out, applied }
}

fn fits(text: &str, edit: &Edit) -> bool {
    edit.span.end() <= text.len()
        && text.is_char_boundary(edit.span.start())
        && text.is_char_boundary(edit.span.end())
}

/// Whether two edits touch: insertions at one point clash too, as their order would be a guess.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start() < b.span.end() && b.span.start() < a.span.end()
        || a.span.start() == b.span.start()
}

fn has_inner_overlap(fix: &Fix) -> bool {
    fix.edits
        .windows(2)
        .any(|pair| overlaps(&pair[0], &pair[1]) || pair[1].span.start < pair[0].span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::source::Span;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix::new(
            Applicability::Safe,
            "t",
            edits
                .iter()
                .map(|&(start, end, content)| Edit {
                    span: Span::new(start, end),
                    content: content.to_owned(),
                })
                .collect(),
        )
    }

    #[test]
    fn edits_replace_only_their_spans() {
        let fixes = [fix(&[(4, 5, "B")]), fix(&[(0, 1, "A"), (7, 8, "C")])];
        let out = apply("a = b; c", &fixes);
        assert_eq!(out.text, "A = B; C");
        assert_eq!(out.applied, vec![0, 1]);
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let fixes = [
            fix(&[(0, 3, "xyz")]),
            fix(&[(2, 4, "q")]),
            fix(&[(0, 3, "xyz")]),
        ];
        let out = apply("abcdef", &fixes);
        assert_eq!(out.text, "xyzdef");
        assert_eq!(
            out.applied,
            vec![0, 2],
            "the identical fix counts as applied"
        );
    }

    #[test]
    fn out_of_range_or_mid_character_spans_are_refused() {
        let fixes = [fix(&[(0, 99, "x")]), fix(&[(1, 2, "x")])];
        let out = apply("é", &fixes);
        assert_eq!(out.text, "é");
        assert!(out.applied.is_empty());
    }
}
