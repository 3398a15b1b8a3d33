//! One file's text to its diagnostics: parse, find the experiments, run the enabled rules.

use std::collections::HashSet;

use crate::catalog::{Catalog, Suggester};
use crate::config::RuleSet;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Editor;
use crate::report::FileReport;
use crate::rules::{Context, DuplicateKey, InvalidSyntax, SchemaViolation};
use crate::source::marker::syntax_error_worth_reporting;
use crate::source::{Lookup, Node, Pointer, SourceFile, duplicate_keys};
use crate::template::{self, Experiment};
use crate::walk::FileOrigin;

/// What linting needs besides the text.
pub struct Settings<'a> {
    pub catalog: &'a Catalog,
    pub rules: RuleSet,
}

/// Lints one file. `None` means it is not a FIS template and was not asked for by name.
pub fn lint_file(
    source: SourceFile,
    settings: &Settings<'_>,
    origin: FileOrigin,
) -> Option<FileReport> {
    let diagnostics;
    let templates;
    let mut holds_no_template = false;
    let off_here = settings.rules.ignored_in(&source.name);
    match template::read(&source) {
        Ok(root) => {
            let experiments = template::experiments(&root);
            if experiments.is_empty() && origin == FileOrigin::Discovered {
                return None;
            }
            templates = experiments.len();
            holds_no_template = experiments.is_empty();
            let editor = Editor::new(&source.text, source.syntax());
            diagnostics = lint_document(&root, &experiments, settings, editor, &off_here);
        }
        Err(error) => {
            if origin == FileOrigin::Discovered
                && !syntax_error_worth_reporting(source.text.as_bytes())
            {
                return None;
            }
            templates = 0;
            diagnostics = if off_here.contains(&InvalidSyntax::CODE) {
                Vec::new()
            } else {
                syntax_findings(&error, settings)
            };
        }
    }
    Some(FileReport {
        source,
        diagnostics,
        templates,
        holds_no_template,
    })
}

/// The FIS000 finding for a text that does not parse (none when the rule is disabled).
pub fn syntax_findings(
    error: &crate::source::ParseError,
    settings: &Settings<'_>,
) -> Vec<Diagnostic> {
    match settings.rules.severity_of(InvalidSyntax::CODE) {
        Some(severity) => vec![Diagnostic {
            severity,
            ..InvalidSyntax::diagnostic(error)
        }],
        None => Vec::new(),
    }
}

/// Runs every enabled rule over each experiment of a parsed document, then applies the
/// document's suppressions; in source order. `editor` holds the text `root` was parsed from.
pub fn lint_experiments(
    root: &Node,
    experiments: &[Experiment<'_>],
    settings: &Settings<'_>,
    editor: Editor<'_>,
) -> Vec<Diagnostic> {
    lint_document(root, experiments, settings, editor, &[])
}

/// [`lint_experiments`] with the codes the configuration turns off for this file.
fn lint_document(
    root: &Node,
    experiments: &[Experiment<'_>],
    settings: &Settings<'_>,
    editor: Editor<'_>,
    off_here: &[&str],
) -> Vec<Diagnostic> {
    let severity_of = |code: &str| {
        settings
            .rules
            .severity_of(code)
            .filter(|_| !off_here.contains(&code))
    };
    let run = |catalog: &Catalog| {
        run_rules(
            root,
            experiments,
            catalog,
            &settings.rules,
            editor,
            off_here,
        )
    };
    let mut diagnostics = run(settings.catalog);
    // Only findings need a second opinion, so a clean file is linted once.
    if !diagnostics.is_empty() && crate::cache::provenance::is_cache(settings.catalog) {
        // A finding the built-in catalog would not make was decided by the region's cache.
        crate::cache::provenance::mark(
            &mut diagnostics,
            &run(Catalog::builtin()),
            settings.catalog,
        );
    }
    if !experiments.is_empty()
        && let Some(severity) = severity_of(DuplicateKey::CODE)
    {
        diagnostics.extend(duplicate_keys(root).iter().map(|repeat| Diagnostic {
            severity,
            ..DuplicateKey::diagnostic(repeat)
        }));
    }
    let mut about_suppressions =
        crate::suppress::apply(root, experiments, &mut diagnostics, &|code| {
            severity_of(code).is_some()
        });
    // Findings about suppressions come from the rules at FIS100 and up, configured like any other.
    about_suppressions.retain_mut(|d| match severity_of(d.code) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    diagnostics.append(&mut about_suppressions);
    diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    diagnostics
}

/// Every enabled rule over each experiment, against one catalog; a generic finding at a
/// pointer some specific rule reported is dropped.
fn run_rules(
    root: &Node,
    experiments: &[Experiment<'_>],
    catalog: &Catalog,
    rules: &RuleSet,
    editor: Editor<'_>,
    off_here: &[&str],
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let suggester = Suggester::default();
    let lookup = Lookup::new(root);
    for experiment in experiments {
        let mut generic = Vec::new();
        // `Properties: []` holds nothing to read, and `Properties: !If [...]` nothing known before
        // deployment: every field would be "missing".
        let body = experiment.body.node;
        let readable = body.as_object().is_some() && body.intrinsic().is_none();
        for (rule, severity) in rules.rules() {
            if off_here.contains(&rule.meta().code)
                || (!readable && rule.meta().code != SchemaViolation::CODE)
            {
                continue;
            }
            let mut ctx = Context::new(experiment, catalog, &lookup, &suggester, editor);
            rule.check(&mut ctx);
            let found = ctx.into_diagnostics().into_iter().map(|d| {
                let severity = if d.tentative {
                    severity.min(Severity::Warning)
                } else {
                    severity
                };
                Diagnostic { severity, ..d }
            });
            if rule.yields_to_specific_rules() {
                generic.extend(found);
            } else {
                diagnostics.extend(found);
            }
        }
        let specific: HashSet<&Pointer> = diagnostics.iter().map(|d| &d.pointer).collect();
        generic.retain(|g| !specific.contains(&g.pointer));
        diagnostics.append(&mut generic);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings<'static> {
        Settings {
            catalog: Catalog::builtin(),
            rules: RuleSet::default(),
        }
    }

    #[test]
    fn unrelated_discovered_files_are_skipped() {
        let source = SourceFile::new("package.json", r#"{"name": "x"}"#);
        assert!(lint_file(source, &settings(), FileOrigin::Discovered).is_none());
        let broken = SourceFile::new("broken.json", r#"{"name": "#);
        assert!(lint_file(broken, &settings(), FileOrigin::Discovered).is_none());
    }

    #[test]
    fn broken_templates_and_named_files_report_syntax_errors() {
        let broken = SourceFile::new("t.json", r#"{"actions": {"a": {"actionId": "#);
        let report = lint_file(broken, &settings(), FileOrigin::Discovered).unwrap();
        assert_eq!(report.diagnostics[0].code, InvalidSyntax::CODE);
        let named = SourceFile::new("x.json", "{");
        let report = lint_file(named, &settings(), FileOrigin::Named).unwrap();
        assert_eq!(report.diagnostics.len(), 1);
    }

    #[test]
    fn misspelt_resource_types_are_read_as_templates() {
        let source = SourceFile::new(
            "t.yaml",
            "Resources:\n  E:\n    Type: AWS::FIS::ExperimentTemplates\n    Properties: {}\n",
        );
        let report = lint_file(source, &settings(), FileOrigin::Discovered).unwrap();
        assert_eq!(report.templates, 1);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == SchemaViolation::CODE
                    && d.pointer.as_str() == "/Resources/E/Type")
        );
    }

    #[test]
    fn a_disabled_rule_reports_nothing() {
        let rules = RuleSet::new(Vec::new());
        let settings = Settings {
            catalog: Catalog::builtin(),
            rules,
        };
        let source = SourceFile::new(
            "t.json",
            r#"{"actions": {"a": {"actionId": "aws:nope:x"}}}"#,
        );
        let report = lint_file(source, &settings, FileOrigin::Discovered).unwrap();
        assert!(report.diagnostics.is_empty());
        assert_eq!(report.templates, 1);
    }
}
