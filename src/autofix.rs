//! Fixing a whole text as `check --fix` does: lint, apply the fixes that do not overlap, lint the
//! new text, and repeat until nothing applies; a pass that would make the text parse worse is
//! thrown away. The CLI, the language server and the MCP tools share it.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::fix;
use crate::lint::{Settings, lint_file};
use crate::report::FileReport;
use crate::source::SourceFile;
use crate::walk::FileOrigin;

/// Passes before a text that keeps changing is reported as not converging (ruff gives up too).
pub const MAX_PASSES: usize = 10;

/// How well a text parsed, ordered from worst to best: `None` when it does not parse, else how
/// many experiment templates it holds.
pub type Parsed = Option<usize>;

/// One lint of a text, as the iteration needs it.
pub trait Linted {
    fn diagnostics(&self) -> &[Diagnostic];
    fn parsed(&self) -> Parsed;
}

impl Linted for FileReport {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn parsed(&self) -> Parsed {
        (self.templates > 0 || self.holds_no_template).then_some(self.templates)
    }
}

/// A lint's findings and how its text parsed, for a caller without a [`FileReport`].
#[derive(Debug, Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    pub parsed: Parsed,
}

impl Linted for Findings {
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn parsed(&self) -> Parsed {
        self.parsed
    }
}

/// How the iteration ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// No fix is left to apply (or none applies any more).
    Stable,
    /// Fixes were still applying after [`MAX_PASSES`] passes; the text is the last pass's.
    NotConverged,
    /// Pass `pass` (1-based) made the text parse worse: it was thrown away, and the text is the
    /// one before it.
    ParsedWorse { pass: usize },
}

/// The text after fixing, and its lint.
#[derive(Debug)]
pub struct Outcome<L> {
    pub text: String,
    /// The lint of `text`: the findings that remain.
    pub linted: L,
    /// Findings whose fixes went in, over every pass kept.
    pub fixed: usize,
    pub ending: Ending,
}

impl<L> Outcome<L> {
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Applies the fixes `allowed` until the text is stable. `lint` lints a text; `first` is its
/// lint of `text`, which the caller usually has already.
pub fn fix_until_stable<L: Linted>(
    text: String,
    first: L,
    allowed: Applicability,
    mut lint: impl FnMut(&str) -> L,
) -> Outcome<L> {
    let mut outcome = Outcome {
        text,
        linted: first,
        fixed: 0,
        ending: Ending::Stable,
    };
    for pass in 1..=MAX_PASSES + 1 {
        let fixes: Vec<&Fix> = outcome
            .linted
            .diagnostics()
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|fix| fix.applies_at(allowed))
            .collect();
        if fixes.is_empty() {
            return outcome;
        }
        let applied = fix::apply(&outcome.text, fixes);
        if applied.applied.is_empty() || applied.text == outcome.text {
            return outcome;
        }
        if pass > MAX_PASSES {
            outcome.ending = Ending::NotConverged;
            return outcome;
        }
        let linted = lint(&applied.text);
        if linted.parsed() < outcome.linted.parsed() {
            outcome.ending = Ending::ParsedWorse { pass };
            return outcome;
        }
        outcome.fixed += applied.applied.len();
        outcome.text = applied.text;
        outcome.linted = linted;
    }
    outcome
}

/// Lints one file and fixes it: `None` when `lint_file` would not report the file at all.
/// The outcome's report holds the fixed text and the findings that remain.
pub fn fix_file(
    source: SourceFile,
    settings: &Settings<'_>,
    origin: FileOrigin,
    allowed: Applicability,
) -> Option<Outcome<FileReport>> {
    let name = source.name.clone();
    let text = source.text.clone();
    let first = lint_file(source, settings, origin)?;
    Some(fix_until_stable(text, first, allowed, |text| {
        // Named: a text that stops being a template is still reported, and judged worse.
        lint_file(
            SourceFile::new(name.clone(), text),
            settings,
            FileOrigin::Named,
        )
        .unwrap_or_else(|| unparsed(&name, text))
    }))
}

/// A report that says the text does not parse, for a lint that gave none.
fn unparsed(name: &str, text: &str) -> FileReport {
    FileReport {
        source: SourceFile::new(name, text),
        diagnostics: Vec::new(),
        templates: 0,
        holds_no_template: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::config::RuleSet;
    use crate::diagnostic::{Edit, RuleMeta, Severity};
    use crate::rules::UnknownActionId;
    use crate::source::{Pointer, Span};

    const RULE: RuleMeta = RuleMeta {
        code: "TEST",
        name: "test",
        severity: Severity::Error,
        raw_docs: "",
    };

    /// A lint by hand: a finding with a fix at every `x`, and the text "parses" while it holds
    /// no `!`, with as many templates as it has `{`, less one for each `-`.
    struct Toy {
        diagnostics: Vec<Diagnostic>,
        parsed: Parsed,
    }

    impl Linted for Toy {
        fn diagnostics(&self) -> &[Diagnostic] {
            &self.diagnostics
        }
        fn parsed(&self) -> Parsed {
            self.parsed
        }
    }

    fn toy(text: &str, replacement: &str, applicability: Applicability) -> Toy {
        let diagnostics = text
            .match_indices('x')
            .map(|(at, _)| {
                let span = Span::new(at, at + 1);
                let fix = Fix::new(
                    applicability,
                    "replace x",
                    vec![Edit {
                        span,
                        content: replacement.to_owned(),
                    }],
                );
                Diagnostic::new(&RULE, "x", span, Pointer::root()).with_fix(Some(fix))
            })
            .collect();
        let parsed = (!text.contains('!')).then(|| {
            text.matches('{')
                .count()
                .saturating_sub(text.matches('-').count())
        });
        Toy {
            diagnostics,
            parsed,
        }
    }

    #[test]
    fn fixes_apply_until_nothing_is_left() {
        let text = "{x x}".to_owned();
        let lint = |t: &str| toy(t, "y", Applicability::Safe);
        let outcome = fix_until_stable(text.clone(), lint(&text), Applicability::Safe, lint);
        assert_eq!(outcome.text, "{y y}");
        assert_eq!(outcome.fixed, 2);
        assert_eq!(outcome.ending, Ending::Stable);
        assert!(outcome.linted.diagnostics.is_empty());
    }

    #[test]
    fn unsafe_fixes_wait_for_permission() {
        let text = "x".to_owned();
        let lint = |t: &str| toy(t, "y", Applicability::Unsafe);
        let safe_only = fix_until_stable(text.clone(), lint(&text), Applicability::Safe, lint);
        assert_eq!(safe_only.text, "x");
        assert_eq!(safe_only.fixed, 0);
        let both = fix_until_stable(text.clone(), lint(&text), Applicability::Unsafe, lint);
        assert_eq!(both.text, "y");
    }

    #[test]
    fn a_pass_that_breaks_the_parse_is_thrown_away() {
        let text = "{x}".to_owned();
        // A deliberately bad fix: it writes what the toy grammar cannot parse.
        let lint = |t: &str| toy(t, "!", Applicability::Safe);
        let outcome = fix_until_stable(text.clone(), lint(&text), Applicability::Safe, lint);
        assert_eq!(outcome.text, "{x}", "the original is kept");
        assert_eq!(outcome.ending, Ending::ParsedWorse { pass: 1 });
        assert_eq!(outcome.fixed, 0);
        assert_eq!(outcome.linted.diagnostics.len(), 1, "the finding remains");

        // Losing a template counts as worse too.
        let lint = |t: &str| toy(t, "-", Applicability::Safe);
        let text = "{x{".to_owned();
        let fewer = fix_until_stable(text.clone(), lint(&text), Applicability::Safe, lint);
        assert_eq!(fewer.text, "{x{");
        assert_eq!(fewer.ending, Ending::ParsedWorse { pass: 1 });
    }

    #[test]
    fn a_bad_fix_to_a_real_template_is_thrown_away() {
        let settings = Settings {
            catalog: Catalog::builtin(),
            rules: RuleSet::default(),
        };
        let text = r#"{"actions": {"a": {"actionId": "aws:ec2:stop-instance"}}}"#;
        // The rule's own fix, spoilt: it also deletes the closing brace.
        let lint = |t: &str| {
            let mut report =
                lint_file(SourceFile::new("t.json", t), &settings, FileOrigin::Named).unwrap();
            for fix in report.diagnostics.iter_mut().filter_map(|d| d.fix.as_mut()) {
                fix.edits.push(Edit {
                    span: Span::new(t.len() - 1, t.len()),
                    content: String::new(),
                });
            }
            report
        };
        let first = lint(text);
        assert_eq!(first.parsed(), Some(1));
        let outcome = fix_until_stable(text.to_owned(), first, Applicability::Safe, lint);
        assert_eq!(outcome.ending, Ending::ParsedWorse { pass: 1 });
        assert_eq!(outcome.text, text);
        assert!(
            outcome
                .linted
                .diagnostics
                .iter()
                .any(|d| d.code == UnknownActionId::CODE),
            "the finding is still reported"
        );
    }

    #[test]
    fn a_fix_that_never_settles_stops_after_the_last_pass() {
        // Every pass writes a new `x` after the one it replaces.
        let lint = |t: &str| toy(t, "ax", Applicability::Safe);
        let text = "x".to_owned();
        let outcome = fix_until_stable(text.clone(), lint(&text), Applicability::Safe, lint);
        assert_eq!(outcome.ending, Ending::NotConverged);
        assert_eq!(outcome.fixed, MAX_PASSES);
        assert_eq!(outcome.text, format!("{}x", "a".repeat(MAX_PASSES)));
    }

    #[test]
    fn a_file_is_fixed_and_its_remaining_findings_reported() {
        let settings = Settings {
            catalog: Catalog::builtin(),
            rules: RuleSet::default(),
        };
        let text = r#"{"actions": {"a": {"actionId": "aws:ec2:stop-instance"}}}"#;
        let source = SourceFile::new("t.json", text);
        let outcome = fix_file(source, &settings, FileOrigin::Named, Applicability::Safe).unwrap();
        assert_eq!(
            outcome.text,
            text.replace("stop-instance", "stop-instances")
        );
        assert_eq!(outcome.fixed, 1);
        assert_eq!(outcome.linted.source.text, outcome.text);
        assert!(
            outcome
                .linted
                .diagnostics
                .iter()
                .all(|d| d.code != UnknownActionId::CODE)
        );
        assert!(
            !outcome.linted.diagnostics.is_empty(),
            "other findings remain"
        );
    }
}
