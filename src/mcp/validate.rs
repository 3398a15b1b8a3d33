//! `validate_fis_template`: the original's result fields, computed by the full rule set, plus the
//! same diagnostics `fislint check --format json` prints.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::choice::{CatalogUsed, choose};
use super::input::{TemplateText, template_schema};
use super::session::SessionNotes;
use crate::autofix::{Findings, fix_until_stable};
use crate::cache::{Store, now_timestamp};
use crate::config::RuleSet;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::emit::{JsonDiagnostic, JsonFix};
use crate::fix::Editor;
use crate::lint::{Settings, lint_experiments, syntax_findings};
use crate::rules::{UnknownActionId, UnknownResourceType};
use crate::source::{Node, SourceFile};
use crate::template::experiments_or_api;

/// The sentence the original server's clients look for. fislint's catalog lists keep exactly
/// that scope; the warning says truthfully what the rest of the result adds.
const SCOPE_WARNING: &str = "About invalid_actions and invalid_resource_types (the original \
    server's checks): \"Validation covers only action IDs and resource types. IAM permissions, \
    ARNs, and business logic are not validated.\" fislint's `valid`, `errors` and `diagnostics` \
    also apply every fislint rule (target keys, target types, references, parameters, stop \
    conditions) and, for a role defined in the same CloudFormation template, its IAM \
    permissions (FIS023); IAM permissions of a role defined elsewhere, and whether the target \
    resources exist, are not validated. generate_fis_iam_policy gives the policy the role needs.";

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ValidateArgs {
    /// The experiment template: a JSON object (a `create-experiment-template` body or a
    /// CloudFormation template with `AWS::FIS::ExperimentTemplate` resources; diagnostics locate
    /// findings by JSON Pointer), or the same as JSON or YAML text, or Terraform HCL text with
    /// `aws_fis_experiment_template` resources, in which case diagnostics also carry the text's
    /// line and column.
    #[schemars(schema_with = "template_schema")]
    pub template: Value,
    /// Region whose cached catalog to validate against (e.g. us-east-1). Default: the first
    /// fresh cache of us-east-1, us-west-2, eu-west-1, else fislint's built-in catalog.
    #[serde(default)]
    pub region: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ValidateResult {
    /// False exactly when some rule reports an error-level finding.
    pub valid: bool,
    /// Every error-level finding, as a sentence.
    pub errors: Vec<String>,
    /// Warning-level findings, and notes about the catalog used and the scope of the checks
    /// (each standing note once per session).
    pub warnings: Vec<String>,
    /// Action ids the catalog does not know, each once.
    pub invalid_actions: Vec<String>,
    /// Resource types the catalog does not know, each once.
    pub invalid_resource_types: Vec<String>,
    /// When the validation ran (RFC 3339, UTC).
    pub validation_timestamp: String,
    /// The findings as `fislint check --format json` reports them. For a template sent as an
    /// object they carry no line and column (the object has no text): fix each at its pointer.
    pub diagnostics: Vec<JsonDiagnostic>,
    pub catalog: CatalogUsed,
    /// How `diagnostics` locate findings: `pointer` (the template was sent as an object) or
    /// `pointer_and_text` (sent as text: lines and columns are the text's own).
    pub positions: String,
    /// For a template sent as text: the whole text with every safe fix applied (as
    /// `fislint check --fix` would write it; formatting and comments kept), to use instead of
    /// rewriting the template. Absent when no safe fix applies, and for an object (apply each
    /// diagnostic's `fix` at its pointers instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub fixed_template: Option<String>,
}

/// Validates as the first call of a session: every standing note is given.
pub fn validate(store: Option<&Store>, args: ValidateArgs) -> Result<ValidateResult, String> {
    validate_in_session(store, args, &SessionNotes::default())
}

/// Validates within a session: the scope note and the notes about the catalog in use are given
/// the first time they apply, not on every result.
pub fn validate_in_session(
    store: Option<&Store>,
    args: ValidateArgs,
    notes: &SessionNotes,
) -> Result<ValidateResult, String> {
    let TemplateText { text, from_text } = TemplateText::from_argument(args.template)?;
    let mut chosen = choose(store, &args.region)?;
    chosen.notices.retain(|note| notes.first_time(note));
    let settings = Settings {
        catalog: &chosen.catalog,
        rules: RuleSet::default(),
    };
    let source = SourceFile::new(NAME, text);
    let (root, diagnostics) = match crate::template::read(&source) {
        Ok(root) => {
            let experiments = experiments_or_api(&root);
            if experiments.is_empty() {
                return Err(format!(
                    "the template text is not a JSON or YAML object (it reads as {}); send the \
                     template object or its JSON or YAML text",
                    root.type_name()
                ));
            }
            let editor = Editor::new(&source.text, source.syntax());
            let diagnostics = lint_experiments(&root, &experiments, &settings, editor);
            (Some(root), diagnostics)
        }
        Err(error) => (None, syntax_findings(&error, &settings)),
    };
    let fixed_template = if from_text {
        fixed_text(&source.text, &diagnostics, &settings)
    } else {
        None
    };
    let used = CatalogUsed::of(&chosen.catalog, &args.region);
    let mut result = ValidateResult {
        valid: !diagnostics.iter().any(|d| d.severity == Severity::Error),
        errors: Vec::new(),
        warnings: chosen.notices,
        invalid_actions: Vec::new(),
        invalid_resource_types: Vec::new(),
        validation_timestamp: now_timestamp(),
        diagnostics: diagnostics
            .iter()
            .map(|d| match &root {
                _ if from_text => JsonDiagnostic::new(d, &source),
                Some(root) => JsonDiagnostic {
                    fix: d
                        .fix
                        .as_ref()
                        .and_then(|fix| JsonFix::at_pointers(fix, root)),
                    ..JsonDiagnostic::at_pointer(d, &source.name)
                },
                None => JsonDiagnostic::at_pointer(d, &source.name),
            })
            .collect(),
        catalog: used,
        positions: if from_text {
            "pointer_and_text"
        } else {
            "pointer"
        }
        .to_owned(),
        fixed_template,
    };
    for diagnostic in &diagnostics {
        let value = root
            .as_ref()
            .and_then(|root| root.find(diagnostic.pointer.as_str()))
            .and_then(Node::as_str);
        let sentence = sentence(diagnostic, value, &result, &source, from_text);
        let catalog_list = match (diagnostic.code, value) {
            (UnknownActionId::CODE, Some(id)) => Some((&mut result.invalid_actions, id)),
            (UnknownResourceType::CODE, Some(id)) => Some((&mut result.invalid_resource_types, id)),
            _ => None,
        };
        if let Some((list, id)) = catalog_list {
            if list.iter().any(|known| known == id) {
                continue;
            }
            list.push(id.to_owned());
        }
        match diagnostic.severity {
            Severity::Error => result.errors.push(sentence),
            Severity::Warning => result.warnings.push(sentence),
        }
    }
    if notes.first_time(SCOPE_WARNING) {
        result.warnings.push(SCOPE_WARNING.to_owned());
    }
    Ok(result)
}

/// The name findings are reported under.
const NAME: &str = "<template>";

/// `text` with every safe fix applied until it is stable, or `None` when nothing changes.
fn fixed_text(text: &str, diagnostics: &[Diagnostic], settings: &Settings<'_>) -> Option<String> {
    let has_safe_fix = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .any(|fix| fix.applies_at(Applicability::Safe));
    if !has_safe_fix {
        return None;
    }
    let lint = |text: &str| {
        let source = SourceFile::new(NAME, text);
        let Ok(root) = crate::template::read(&source) else {
            return Findings::default();
        };
        let experiments = experiments_or_api(&root);
        let editor = Editor::new(&source.text, source.syntax());
        Findings {
            diagnostics: lint_experiments(&root, &experiments, settings, editor),
            parsed: Some(experiments.len()),
        }
    };
    let first = lint(text);
    let outcome = fix_until_stable(text.to_owned(), first, Applicability::Safe, lint);
    outcome.changed(text).then_some(outcome.text)
}

/// One finding as a sentence: the original's wording for the catalog checks, else the rule's
/// code, name, message and help with where it is.
fn sentence(
    diagnostic: &Diagnostic,
    value: Option<&str>,
    result: &ValidateResult,
    source: &SourceFile,
    from_text: bool,
) -> String {
    let help = diagnostic
        .help
        .as_deref()
        .map(|help| {
            let stop = if help.ends_with(['.', '?', '!']) {
                ""
            } else {
                "."
            };
            format!(" Help: {help}{stop}")
        })
        .unwrap_or_default();
    let catalog = result.catalog.describe();
    match (diagnostic.code, value) {
        (UnknownActionId::CODE, Some(id)) => format!(
            "Invalid action ID: '{id}'. This action is not available in the current AWS FIS \
             capabilities ({catalog}).{help}"
        ),
        (UnknownResourceType::CODE, Some(id)) => format!(
            "Invalid resource type: '{id}'. This resource type is not supported by AWS FIS \
             ({catalog}).{help}"
        ),
        _ => {
            let at = if from_text {
                let start = source.line_col(diagnostic.span.start());
                format!("line {}, column {}", start.line, start.column)
            } else {
                let pointer = diagnostic.pointer.as_str();
                if pointer.is_empty() {
                    "the template's root".to_owned()
                } else {
                    pointer.to_owned()
                }
            };
            format!(
                "{} {} at {at}: {}.{help}",
                diagnostic.code, diagnostic.name, diagnostic.message
            )
        }
    }
}
