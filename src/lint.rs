//! One file's text to its diagnostics: parse, find the experiments, run the enabled rules.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::catalog::{Catalog, Suggester};
use crate::config::PerFileIgnores;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{ALL, Context, DuplicateKey, InvalidSyntax, Rule, SchemaViolation};
use crate::source::{Lookup, Node, Pointer, SourceFile, duplicate_keys};
use crate::template::{self, Experiment};

/// The rules a run applies, each at the severity it reports with.
#[derive(Clone)]
pub struct RuleSet {
    enabled: Vec<(&'static dyn Rule, Severity)>,
    per_file: PerFileIgnores,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::new(
            ALL.iter()
                .map(|&rule| (rule, rule.meta().severity))
                .collect(),
        )
    }
}

impl RuleSet {
    pub fn new(enabled: Vec<(&'static dyn Rule, Severity)>) -> RuleSet {
        RuleSet {
            enabled,
            per_file: PerFileIgnores::default(),
        }
    }

    /// Also turns rules off in the files the configuration's globs match.
    pub fn with_per_file_ignores(mut self, per_file: PerFileIgnores) -> RuleSet {
        self.per_file = per_file;
        self
    }

    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.enabled
            .iter()
            .find(|(rule, _)| rule.meta().code == code)
            .map(|&(_, severity)| severity)
    }

    pub fn rules(&self) -> impl Iterator<Item = (&'static dyn Rule, Severity)> + '_ {
        self.enabled.iter().copied()
    }
}

/// What linting needs besides the text.
pub struct Settings<'a> {
    pub catalog: &'a Catalog,
    pub rules: RuleSet,
}

/// Whether the user asked for this file by name or fislint found it by walking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Named,
    Discovered,
}

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// Experiment templates found in the file.
    pub templates: usize,
    /// The file parsed but holds no experiment template (reported only for a named file).
    pub holds_no_template: bool,
}

/// Lints one file. `None` means it is not a FIS template and was not asked for by name.
pub fn lint_file(
    source: SourceFile,
    settings: &Settings<'_>,
    origin: Origin,
) -> Option<FileReport> {
    let diagnostics;
    let templates;
    let mut holds_no_template = false;
    let off_here = settings.rules.per_file.ignored_in(&source.name);
    match template::read(&source) {
        Ok(root) => {
            let experiments = template::experiments(&root);
            if experiments.is_empty() && origin == Origin::Discovered {
                return None;
            }
            templates = experiments.len();
            holds_no_template = experiments.is_empty();
            diagnostics = lint_document(&root, &experiments, settings, &off_here);
        }
        Err(error) => {
            if origin == Origin::Discovered && !mentions_fis(source.text.as_bytes()) {
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
/// document's suppressions; in source order.
pub fn lint_experiments(
    root: &Node,
    experiments: &[Experiment<'_>],
    settings: &Settings<'_>,
) -> Vec<Diagnostic> {
    lint_document(root, experiments, settings, &[])
}

/// [`lint_experiments`] with the codes the configuration turns off for this file.
fn lint_document(
    root: &Node,
    experiments: &[Experiment<'_>],
    settings: &Settings<'_>,
    off_here: &[&str],
) -> Vec<Diagnostic> {
    let severity_of = |code: &str| {
        settings
            .rules
            .severity_of(code)
            .filter(|_| !off_here.contains(&code))
    };
    let run = |catalog: &Catalog| run_rules(root, experiments, catalog, &settings.rules, off_here);
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
            let mut ctx = Context::new(experiment, catalog, &lookup, &suggester);
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

/// The markers of a template, few and with uncommon bytes, so the scan stays as fast as a plain
/// search: a misspelt resource `Type` (FIS020 says "did you mean") still passes it when it keeps
/// the `AWS::FIS::` prefix or the `xperimentTemplat` stem. Terraform names its resource type.
const MARKERS: [&str; 6] = [
    "actionId",
    "ActionId",
    "resourceType",
    "AWS::FIS::",
    "xperimentTemplat",
    "aws_fis_experiment_template",
];
/// Markers whose presence makes a parse failure worth reporting.
const ACTION_ID_MARKERS: [usize; 3] = [0, 1, 5];
const FIS_PREFIX_MARKER: usize = 3;
/// What must follow `AWS::FIS::` for a parse failure to be worth reporting.
const TEMPLATE_TYPE_NAME: &[u8] = b"ExperimentTemplate";

fn markers() -> &'static AhoCorasick {
    static MARKERS_AC: OnceLock<AhoCorasick> = OnceLock::new();
    MARKERS_AC.get_or_init(|| {
        // Six fixed ASCII literals always build; this is not input-dependent.
        AhoCorasick::new(MARKERS).unwrap_or_else(|e| panic!("marker automaton: {e}"))
    })
}

/// Whether a file mentions FIS template syntax at all: a cheap test before parsing, so unrelated
/// JSON and YAML files cost one scan.
pub fn might_hold_template(bytes: &[u8]) -> bool {
    markers().is_match(bytes)
}

/// Whether an unparsable file looks like a FIS template (it names `AWS::FIS::ExperimentTemplate`,
/// `aws_fis_experiment_template`, `actionId` or `ActionId`), so its syntax error is worth
/// reporting.
pub fn mentions_fis(bytes: &[u8]) -> bool {
    markers().find_iter(bytes).any(|m| {
        let pattern = m.pattern().as_usize();
        ACTION_ID_MARKERS.contains(&pattern)
            || (pattern == FIS_PREFIX_MARKER
                && bytes
                    .get(m.end()..)
                    .is_some_and(|rest| rest.starts_with(TEMPLATE_TYPE_NAME)))
    })
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
        assert!(lint_file(source, &settings(), Origin::Discovered).is_none());
        let broken = SourceFile::new("broken.json", r#"{"name": "#);
        assert!(lint_file(broken, &settings(), Origin::Discovered).is_none());
    }

    #[test]
    fn broken_templates_and_named_files_report_syntax_errors() {
        let broken = SourceFile::new("t.json", r#"{"actions": {"a": {"actionId": "#);
        let report = lint_file(broken, &settings(), Origin::Discovered).unwrap();
        assert_eq!(report.diagnostics[0].code, InvalidSyntax::CODE);
        let named = SourceFile::new("x.json", "{");
        let report = lint_file(named, &settings(), Origin::Named).unwrap();
        assert_eq!(report.diagnostics.len(), 1);
    }

    #[test]
    fn markers_distinguish_syntax_relevance() {
        assert!(might_hold_template(b"{\"resourceType\": 1}"));
        assert!(!mentions_fis(b"{\"resourceType\": 1}"));
        assert!(mentions_fis(b"Type: AWS::FIS::ExperimentTemplate"));
        assert!(!might_hold_template(b"apiVersion: v1\nkind: Pod"));
    }

    #[test]
    fn misspelt_resource_types_pass_the_marker_scan() {
        for typo in [
            "Type: AWS::FIS::ExperimentTempalte",
            "Type: AWS::FIS::experimenttemplate",
            "Type: AWS:FIS::ExperimentTemplate",
            "Type: Aws::Fis::ExperimentTemplate",
        ] {
            assert!(might_hold_template(typo.as_bytes()), "{typo}");
            // A file that does not parse must name the real type to be reported.
            assert!(!mentions_fis(typo.as_bytes()), "{typo}");
        }
        assert!(mentions_fis(
            b"{\"Type\": \"AWS::FIS::ExperimentTemplate\"}"
        ));
        assert!(!mentions_fis(
            b"{\"Type\": \"AWS::FIS::TargetAccountConfiguration\"}"
        ));
        let source = SourceFile::new(
            "t.yaml",
            "Resources:\n  E:\n    Type: AWS::FIS::ExperimentTemplates\n    Properties: {}\n",
        );
        let report = lint_file(source, &settings(), Origin::Discovered).unwrap();
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
        let report = lint_file(source, &settings, Origin::Discovered).unwrap();
        assert!(report.diagnostics.is_empty());
        assert_eq!(report.templates, 1);
    }
}
