use serde_json::Value;

use super::unknown_ssm_document::{document_arns, text_or_sub_template};
use super::{Context, KnownAction, Rule, RuleMeta, declare_rule};
use crate::catalog::{Confidence, SsmDocument, SsmParameter, Suggestion};
use crate::diagnostic::{Applicability, Diagnostic, Fix, quoted};
use crate::duration::Duration;
use crate::template::{Field, Form, Located, placeholder};
use crate::wording::lowercase_first;

declare_rule! {
    /// ## What it does
    /// Checks the `documentParameters` of an `aws:ssm:send-command` action against the FIS
    /// document it runs (`AWSFIS-Run-CPU-Stress`, …). The value must be a JSON object encoded in
    /// a string, whose names are the document's (case-sensitive), which gives every required
    /// parameter, and whose values are strings (or arrays of strings) within the allowed values:
    /// whole numbers for seconds, milliseconds, counts and ports, 0 to 100 for percentages. It
    /// warns when the document's `DurationSeconds` is longer than the action's `duration`.
    ///
    /// ## Why is this bad?
    /// FIS hands the parameters to Systems Manager only when the action starts: a guessed name
    /// (`duration` for `DurationSeconds`) or a missing required parameter fails the command then,
    /// after earlier actions have already run. A value outside the document's allowed values is
    /// rejected the same way. The action's `duration` and the document's `DurationSeconds` are
    /// independent: when the action's is shorter, FIS marks the action completed and stops
    /// watching while the fault keeps running on the instances.
    ///
    /// Facts the User Guide leaves uncertain give warnings: the `InstallDependencies` values, and
    /// the parameters of the `-ECS` documents (which FIS fills in itself). A document pinned with
    /// `documentVersion` may take other parameters than the current one, so its findings are
    /// warnings too. A string that is not JSON at all is reported by `invalid-parameter-value`;
    /// documents of your own are not checked.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   CpuStress:
    ///     ActionId: aws:ssm:send-command
    ///     Parameters:
    ///       documentArn: !Sub arn:aws:ssm:${AWS::Region}::document/AWSFIS-Run-CPU-Stress
    ///       documentParameters: '{"duration": "60", "cpuLoad": "80"}'
    ///       duration: PT2M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///       documentParameters: '{"DurationSeconds": "60", "LoadPercent": "80"}'
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: in a literal `documentParameters` string, an unknown parameter written once is
    /// renamed to the nearest one the document takes, safely when it differs only in case or is the
    /// only name within two edits and the document's parameter list is certain. Values need a
    /// person.
    ///
    /// ## References
    /// - [Use Systems Manager SSM documents with AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/actions-ssm-agent.html)
    /// - [aws:ssm:send-command](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ssm-actions-reference)
    pub struct InvalidSsmDocumentParameters {
        code: "FIS024",
        name: "invalid-ssm-document-parameters",
        severity: Error,
    }
}

/// Larger values are not parsed: FIS takes at most 1,024 characters per parameter value, and the
/// schema rule reports longer ones.
const MAX_PARAMETERS_BYTES: usize = 16 * 1024;

const DOCUMENT_PARAMETERS: &str = "documentParameters";

impl Rule for InvalidSsmDocumentParameters {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for (known, arn) in document_arns(ctx, &["aws:ssm:send-command"]) {
            let Some(document) = ctx.catalog.ssm_document(arn.name) else {
                continue;
            };
            let pinned = given(&known, "documentVersion").is_some();
            let mut check = Check {
                ctx,
                known: &known,
                document,
                pinned,
            };
            check.run();
        }
    }
}

/// One action's document parameters.
struct Check<'c, 'a> {
    ctx: &'c mut Context<'a>,
    known: &'c KnownAction<'a>,
    document: &'static SsmDocument,
    /// `documentVersion` is given: the facts describe the current version only.
    pinned: bool,
}

impl Check<'_, '_> {
    fn run(&mut self) {
        let Some(value) = given(self.known, DOCUMENT_PARAMETERS) else {
            self.report_missing(&[]);
            return;
        };
        // Template variables (`${Duration}`) sit in values; the names stay literal.
        let Some(text) = text_or_sub_template(&value) else {
            if !value.is_deferred() && value.text().is_none() {
                self.report_not_a_string(&value);
            }
            return;
        };
        if text.len() > MAX_PARAMETERS_BYTES {
            return;
        }
        // Not JSON, or JSON that only a template variable's value would complete:
        // invalid-parameter-value reports literal text that is not a JSON object.
        let Ok(Value::Object(given)) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let names: Vec<&str> = given.keys().map(String::as_str).collect();
        for (name, given_value) in &given {
            if name.contains("${") {
                continue;
            }
            match self.document.parameter(name) {
                None => self.report_unknown(&value, name, &names),
                Some(parameter) => self.check_value(&value, parameter, given_value),
            }
        }
        if !names.iter().any(|n| n.contains("${")) {
            self.report_missing(&names);
        }
        self.check_duration(&value, &given);
    }

    /// The finding at this confidence: a warning when the fact is uncertain or the version pinned.
    fn report(&mut self, diagnostic: Diagnostic, confidence: Confidence) {
        let uncertain = confidence < Confidence::High || self.pinned;
        self.ctx.report(diagnostic.tentative_if(uncertain));
    }

    fn diagnostic(&self, value: &Located<'_>, message: String, label: &str) -> Diagnostic {
        Diagnostic::new(
            &InvalidSsmDocumentParameters::META,
            message,
            value.span(),
            value.pointer.clone(),
        )
        .with_label(label)
    }

    fn report_not_a_string(&mut self, value: &Located<'_>) {
        let diagnostic = self
            .diagnostic(
                value,
                format!(
                    "{} for {} is {}, not a JSON object in a string",
                    quoted(DOCUMENT_PARAMETERS),
                    quoted(&self.document.name),
                    match value.node.type_name() {
                        kind @ ("object" | "array") => format!("an {kind}"),
                        kind => format!("a {kind}"),
                    }
                ),
                "not a string",
            )
            .with_help(format!(
                "write the parameters as JSON text in one string: '{}'",
                as_json_text(value).unwrap_or_else(|| example(self.document))
            ));
        self.report(diagnostic, Confidence::High);
    }

    fn report_unknown(&mut self, value: &Located<'_>, name: &str, given: &[&str]) {
        let names = self.document.parameters.iter().map(|p| p.name.as_str());
        let suggestion = self
            .ctx
            .suggest(name, names.clone())
            .or_else(|| {
                sharing_a_word(name, names).map(|name| Suggestion {
                    name,
                    certain: false,
                })
            })
            // The document's parameter list may be incomplete, or the version pinned.
            .map(|s| Suggestion {
                certain: s.certain && self.document.confidence == Confidence::High && !self.pinned,
                ..s
            });
        let close = suggestion.map(|s| s.name);
        let takes = format!(
            "{} takes {}",
            quoted(&self.document.name),
            parameter_list(self.document)
        );
        let help = match close {
            Some(close) => format!("did you mean {}? {takes}", quoted(close)),
            None => takes,
        };
        let diagnostic = self
            .diagnostic(
                value,
                format!(
                    "{} has no parameter {}",
                    quoted(&self.document.name),
                    quoted(name)
                ),
                "unknown document parameter",
            )
            .with_help(help)
            .with_fix(suggestion.and_then(|meant| self.rename_in_json(value, name, meant, given)));
        // The parameter list is as complete as the document's facts are sure.
        self.report(diagnostic, self.document.confidence);
    }

    /// A fix renaming one key inside the JSON text of a literal `documentParameters` string,
    /// when the key is written once, plainly, and the new name is not already given.
    fn rename_in_json(
        &self,
        value: &Located<'_>,
        name: &str,
        meant: Suggestion<'_>,
        given: &[&str],
    ) -> Option<Fix> {
        let text = value.text()?;
        let (written, replacement) = (
            serde_json::to_string(name).ok()?,
            serde_json::to_string(meant.name).ok()?,
        );
        if given.contains(&meant.name) || text.matches(&written).count() != 1 {
            return None;
        }
        let applicability = if meant.certain {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        self.ctx.replace(
            value.span(),
            &text.replacen(&written, &replacement, 1),
            applicability,
            format!("rename {} to {}", quoted(name), quoted(meant.name)),
        )
    }

    /// Required parameters not among `names`; none are known when `names` is empty because the
    /// property is absent.
    fn report_missing(&mut self, names: &[&str]) {
        let missing: Vec<&SsmParameter> = self
            .document
            .parameters
            .iter()
            .filter(|p| p.required == Some(true) && !names.contains(&p.name.as_str()))
            .collect();
        for parameter in missing {
            let (span, pointer) = match given(self.known, DOCUMENT_PARAMETERS) {
                Some(value) => (value.span(), value.pointer),
                None => (
                    self.known
                        .action
                        .parameters_field()
                        // Terraform's `parameter` blocks have no one place a missing one belongs.
                        .filter(|_| self.ctx.experiment.form != Form::Terraform)
                        .map_or(self.known.action.0.name_span, |f| f.key_or_value_span()),
                    self.known
                        .action
                        .located()
                        .pointer
                        .child(self.ctx.experiment.form.key(Field::Parameters))
                        .child(DOCUMENT_PARAMETERS),
                ),
            };
            let diagnostic = Diagnostic::new(
                &InvalidSsmDocumentParameters::META,
                format!(
                    "{} lacks required parameter {} of {}",
                    quoted(DOCUMENT_PARAMETERS),
                    quoted(&parameter.name),
                    quoted(&self.document.name)
                ),
                span,
                pointer,
            )
            .with_label("required document parameter missing")
            .with_help(format!(
                "add {}: {}",
                quoted(&parameter.name),
                lowercase_first(parameter.description.trim_end_matches('.'))
            ));
            self.report(diagnostic, parameter.confidence);
        }
    }

    fn check_value(&mut self, value: &Located<'_>, parameter: &SsmParameter, given: &Value) {
        let texts: Vec<&str> = match given {
            Value::String(text) => vec![text],
            Value::Array(items) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(Value::as_str).collect()
            }
            other => {
                let diagnostic = self
                    .diagnostic(
                        value,
                        format!(
                            "{} of {} is {}, not a string",
                            quoted(&parameter.name),
                            quoted(&self.document.name),
                            quoted(other)
                        ),
                        "document parameter values are strings",
                    )
                    .with_help(format!(
                        "quote the value: \"{}\": \"{other}\"",
                        parameter.name
                    ));
                // The User Guide asks for strings, yet AWS's own samples pass bare numbers, so
                // FIS may well turn a number or boolean into text; an object or null it cannot.
                let scalar = matches!(other, Value::Number(_) | Value::Bool(_));
                let confidence = if scalar {
                    Confidence::Medium
                } else {
                    Confidence::High
                };
                self.report(diagnostic, confidence);
                return;
            }
        };
        for text in texts {
            if text.contains("${") || placeholder(text).is_some() {
                continue;
            }
            if let Some((problem, help, confidence)) = value_problem(parameter, text) {
                let diagnostic = self
                    .diagnostic(
                        value,
                        format!(
                            "{} for {} of {} {problem}",
                            quoted(text),
                            quoted(&parameter.name),
                            quoted(&self.document.name)
                        ),
                        "invalid document parameter value",
                    )
                    .with_help(help);
                self.report(diagnostic, confidence);
            }
        }
    }

    /// Warns when the document runs longer than FIS watches the action (facts `durationRelation`).
    fn check_duration(&mut self, value: &Located<'_>, given: &serde_json::Map<String, Value>) {
        let Some(seconds) = given
            .get("DurationSeconds")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
        else {
            return;
        };
        let Some(action_duration) = given_text(self.known, "duration") else {
            return;
        };
        let Some(limit) = Duration::parse(action_duration) else {
            return;
        };
        if seconds.saturating_mul(1000) <= limit.millis {
            return;
        }
        let diagnostic = self
            .diagnostic(
                value,
                format!(
                    "{} of {} runs for {seconds} s, longer than the action's `duration` {}",
                    quoted("DurationSeconds"),
                    quoted(&self.document.name),
                    quoted(action_duration)
                ),
                "the fault outlasts the action",
            )
            .with_help(
                "FIS marks the action completed when its `duration` ends and stops watching while \
                 the document keeps running; make `duration` at least `DurationSeconds`, with room \
                 for installing dependencies",
            );
        // Not a malformed template: a warning whatever the facts' confidence.
        self.ctx.report(diagnostic.tentative());
    }
}

/// The last `name` among the action's parameters.
fn given<'a>(known: &KnownAction<'a>, name: &str) -> Option<Located<'a>> {
    known
        .action
        .parameters()
        .known()
        .iter()
        .rev()
        .find(|p| p.name == name)
        .map(|p| p.value.clone())
}

fn given_text<'a>(known: &KnownAction<'a>, name: &str) -> Option<&'a str> {
    given(known, name)?.literal_text()
}

/// What is wrong with one value, the help, and how sure the facts are.
fn value_problem(parameter: &SsmParameter, text: &str) -> Option<(String, String, Confidence)> {
    if let Some(allowed) = &parameter.allowed_values
        && !allowed.iter().any(|a| a == text)
    {
        let list = allowed.iter().map(quoted).collect::<Vec<_>>().join(" or ");
        let close = allowed.iter().find(|a| a.eq_ignore_ascii_case(text));
        let help = match close {
            Some(close) => format!("values are case-sensitive: use {}", quoted(close)),
            None => format!("use {list}"),
        };
        return Some((format!("is not {list}"), help, parameter.confidence));
    }
    let range = parameter.integer_range()?;
    let number = text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u64>().ok())
        .flatten();
    match number {
        Some(n) if (range.min..=range.max).contains(&n) => None,
        Some(_) => Some((
            format!("is outside {} to {}", range.min, range.max),
            format!("give a whole number from {} to {}", range.min, range.max),
            parameter.confidence,
        )),
        None => Some((
            "is not a whole number".to_owned(),
            format!(
                "give {} as decimal digits only{}",
                quoted(&parameter.name),
                if parameter.name.ends_with("Seconds") {
                    ", in seconds (`300`, not `5m` or `PT5M`)"
                } else {
                    ""
                }
            ),
            parameter.confidence,
        )),
    }
}

/// The document parameter that shares a word with an unknown name (`duration` and
/// `DurationSeconds`), when exactly one shares the most.
fn sharing_a_word<'a>(unknown: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = words(unknown);
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    for name in names {
        let shared = words(name).iter().filter(|w| wanted.contains(w)).count();
        match best {
            _ if shared == 0 => {}
            Some((most, _)) if shared < most => {}
            Some((most, _)) if shared == most => tied = true,
            _ => {
                best = Some((shared, name));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, name)| name)
}

/// Lowercase words of a camelCase, PascalCase or separated name: `cpuLoad` → `cpu`, `load`.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            previous_lower = false;
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `` `DurationSeconds` (required), `CPU`, … ``
fn parameter_list(document: &SsmDocument) -> String {
    document
        .parameters
        .iter()
        .map(|p| match p.required {
            Some(true) => format!("{} (required)", quoted(&p.name)),
            _ => quoted(&p.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A mapping of scalars (or lists of them) written as the JSON text FIS expects, values as
/// strings since CloudFormation reads every scalar as one; `None` for anything else or long text.
fn as_json_text(value: &Located<'_>) -> Option<String> {
    let Value::Object(members) = value.node.to_json() else {
        return None;
    };
    let text_of = |v: &Value| match v {
        Value::String(s) => Some(Value::String(s.clone())),
        Value::Number(_) | Value::Bool(_) => Some(Value::String(v.to_string())),
        _ => None,
    };
    let mut object = serde_json::Map::new();
    for (name, v) in members {
        let v = match &v {
            Value::Array(items) => Value::Array(items.iter().map(text_of).collect::<Option<_>>()?),
            other => text_of(other)?,
        };
        object.insert(name, v);
    }
    let text = Value::Object(object).to_string();
    (text.len() <= 256).then_some(text)
}

/// `{"DurationSeconds": "…"}` with the document's required parameters.
fn example(document: &SsmDocument) -> String {
    let members: Vec<String> = document
        .parameters
        .iter()
        .filter(|p| p.required == Some(true))
        .map(|p| {
            let value = p
                .allowed_values
                .as_ref()
                .and_then(|v| v.first().cloned())
                .unwrap_or_else(|| "…".to_owned());
            format!("\"{}\": \"{value}\"", p.name)
        })
        .collect();
    format!("{{{}}}", members.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_camel_case_and_acronyms() {
        assert_eq!(words("cpuLoad"), ["cpu", "load"]);
        assert_eq!(words("DurationSeconds"), ["duration", "seconds"]);
        assert_eq!(words("CPU"), ["cpu"]);
        assert_eq!(words("traffic_type"), ["traffic", "type"]);
    }

    #[test]
    fn a_shared_word_suggests_only_when_unambiguous() {
        let names = [
            "DurationSeconds",
            "CPU",
            "LoadPercent",
            "InstallDependencies",
        ];
        assert_eq!(
            sharing_a_word("duration", names.into_iter()),
            Some("DurationSeconds")
        );
        assert_eq!(sharing_a_word("cpuLoad", names.into_iter()), None);
        assert_eq!(sharing_a_word("memory", names.into_iter()), None);
    }
}
