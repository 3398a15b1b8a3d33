mod fix;

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::source::Span;
use crate::template::schema::{Violation, ViolationKind, violations};
use crate::template::{CFN_RESOURCE_TYPE, Field, Form};

declare_rule! {
    /// ## What it does
    /// Checks the template's structure against the schema its form defines: the CloudFormation
    /// resource schema of `AWS::FIS::ExperimentTemplate` for CloudFormation templates, and a
    /// schema derived from the FIS API model for raw templates. It reports unknown or misspelled
    /// properties (with the nearest valid name), wrong types, missing required properties, length
    /// limits and enumerations such as `experimentOptions`.
    ///
    /// ## Why is this bad?
    /// FIS and CloudFormation reject templates that break their schema, and CloudFormation only
    /// finds out during deployment. A camelCase API key inside CloudFormation (`roleArn` instead
    /// of `RoleArn`) and a number where the API wants a string are the usual causes. Where a more
    /// specific rule already reports the same value (a missing role, a stop condition that is not
    /// an alarm ARN, too many ARNs), this rule stays quiet. In CloudFormation, scalars of another
    /// scalar type are accepted, since CloudFormation converts them; values given by intrinsic
    /// functions are not checked.
    ///
    /// A template without `stopConditions` (`StopConditions` in CloudFormation) is reported here:
    /// the API and the CloudFormation resource schema both require the list, even when it holds
    /// only `{"source": "none"}`. So are `Properties` that is not an object, and a resource whose
    /// `Type` misspells `AWS::FIS::ExperimentTemplate` (`AWS::FIS::ExperimentTemplates`, a slip
    /// of case), which CloudFormation rejects as an unknown type; that resource is still checked
    /// as the experiment it was meant to be.
    ///
    /// ## Example
    /// ```yaml
    /// Type: AWS::FIS::ExperimentTemplate
    /// Properties:
    ///   Description: Stop web servers
    ///   roleArn: !GetAtt FisRole.Arn
    ///   ExperimentOptions:
    ///     EmptyTargetResolutionMode: ignore
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Type: AWS::FIS::ExperimentTemplate
    /// Properties:
    ///   Description: Stop web servers
    ///   RoleArn: !GetAtt FisRole.Arn
    ///   ExperimentOptions:
    ///     EmptyTargetResolutionMode: skip
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: a property in another form's spelling (`roleArn` in CloudFormation, `RoleArn` in
    /// the API, a `stopCondition` block in Terraform) is safely renamed, as is a misspelt
    /// `AWS::FIS::ExperimentTemplate` type, a number where the API wants the same text as a string,
    /// and one string where a list belongs; a property or enumerated value near a known one is
    /// replaced, safely when it is the only one within two edits. No rename makes a duplicate key.
    ///
    /// ## References
    /// - [AWS::FIS::ExperimentTemplate](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-fis-experimenttemplate.html)
    /// - [CreateExperimentTemplate](https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html)
    pub struct SchemaViolation {
        code: "FIS020",
        name: "schema-violation",
        severity: Error,
    }
}

impl Rule for SchemaViolation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn yields_to_specific_rules(&self) -> bool {
        true
    }

    fn check(&self, ctx: &mut Context<'_>) {
        if let Some(resource) = &ctx.experiment.resource
            && let Some(written) = resource.misspelled_type
        {
            let diagnostic = Diagnostic::new(
                &Self::META,
                format!(
                    "unknown resource type {}",
                    quoted(written.as_str().unwrap_or_default())
                ),
                written.span,
                resource.pointer.child("Type"),
            )
            .with_label("not a CloudFormation resource type")
            .with_help(format!("did you mean {}?", quoted(CFN_RESOURCE_TYPE)))
            .with_fix(fix::for_resource_type(ctx, written));
            ctx.report(diagnostic);
        }
        for violation in violations(ctx.experiment) {
            let diagnostic =
                describe(ctx, &violation).with_fix(fix::for_violation(ctx, &violation));
            ctx.report(diagnostic);
        }
    }
}

fn describe(ctx: &Context<'_>, violation: &Violation) -> Diagnostic {
    let pointer = violation.pointer.as_str();
    let (parent, leaf) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let leaf = leaf.replace("~1", "/").replace("~0", "~");
    let form = ctx.experiment.form;
    let leaf = form.written_key(&leaf).to_owned();
    let value_span = ctx.locate(pointer);
    let key_span = ctx.locate_key(pointer);
    let value_text = || {
        ctx.node_at(pointer)
            .and_then(|n| n.scalar_text().map(str::to_owned))
    };
    let shown = |limit: usize| {
        value_text().map(|v| {
            let short: String = v.chars().take(limit).collect();
            if short.len() < v.len() {
                format!("{short}…")
            } else {
                short
            }
        })
    };
    let at = |span: Option<Span>| span.unwrap_or(ctx.experiment.anchor);
    let (message, span, label, help) = match &violation.kind {
        ViolationKind::UnknownProperty { name, allowed } => {
            let allowed: Vec<&str> = allowed.iter().map(|a| form.written_key(a)).collect();
            let help = match ctx.nearest(name, allowed.iter().copied()) {
                Some(close) => format!("did you mean {}?", quoted(close)),
                None if allowed.is_empty() => "remove it".to_owned(),
                None => format!(
                    "properties allowed here: {}",
                    allowed.iter().map(quoted).collect::<Vec<_>>().join(", ")
                ),
            };
            (
                format!("unknown property {}", quoted(name)),
                at(key_span),
                "not in the schema".to_owned(),
                help,
            )
        }
        ViolationKind::MissingProperty { name } => {
            let experiment = ctx.experiment;
            let is_stop_conditions = name == form.key(Field::StopConditions);
            let name = form.written_key(name);
            // A raw template's body is the document: underlining it would cover the whole file.
            let container =
                if experiment.resource.is_none() && parent == experiment.body.pointer.as_str() {
                    experiment.anchor
                } else {
                    at(ctx.locate_key(parent).or_else(|| ctx.locate(parent)))
                };
            let help = if is_stop_conditions {
                stop_conditions_help(experiment.form)
            } else {
                format!("add {}", quoted(name))
            };
            (
                format!("missing required property {}", quoted(name)),
                container,
                format!("{} is required here", quoted(name)),
                help,
            )
        }
        ViolationKind::WrongType { expected, found } => (
            match shown(40) {
                Some(value) => format!(
                    "{} should be {expected}, not {found} ({})",
                    quoted(&leaf),
                    quoted(value)
                ),
                None => format!("{} should be {expected}, not {found}", quoted(&leaf)),
            },
            // A whole object or array underlined says less than its key.
            if matches!(*found, "an object" | "an array") {
                at(key_span)
            } else {
                at(value_span)
            },
            (*found).to_owned(),
            match value_text() {
                Some(value) if *found != "a string" && expected == "a string" => {
                    format!("write it as the string {}", quoted(format!("\"{value}\"")))
                }
                _ => format!("write {} as {expected}", quoted(&leaf)),
            },
        ),
        ViolationKind::TooLong { limit, length } => (
            format!(
                "{} is {length} characters long, over the limit of {limit}",
                quoted(&leaf)
            ),
            at(value_span),
            "too long".to_owned(),
            format!("shorten it to at most {limit} characters"),
        ),
        ViolationKind::TooShort { length: 0, .. } => (
            format!("{} is empty", quoted(&leaf)),
            at(value_span),
            "empty".to_owned(),
            "give it a value".to_owned(),
        ),
        ViolationKind::TooShort { limit, length } => (
            format!(
                "{} is {length} characters long, under the minimum of {limit}",
                quoted(&leaf)
            ),
            at(value_span),
            "too short".to_owned(),
            format!("give a value of at least {limit} characters"),
        ),
        ViolationKind::Pattern { pattern } => (
            format!(
                "{} value {} does not match the pattern {}",
                quoted(&leaf),
                quoted(shown(60).unwrap_or_default()),
                quoted(pattern)
            ),
            at(value_span),
            "pattern mismatch".to_owned(),
            "remove the characters the pattern does not allow".to_owned(),
        ),
        ViolationKind::NotOneOf { options } => {
            let value = shown(60).unwrap_or_default();
            let help = match ctx.nearest(&value, options.iter().map(String::as_str)) {
                Some(close) => format!("did you mean {}?", quoted(close)),
                None => format!(
                    "use one of {}",
                    options.iter().map(quoted).collect::<Vec<_>>().join(", ")
                ),
            };
            (
                format!("{} is not a valid {}", quoted(&value), quoted(&leaf)),
                at(value_span),
                "not allowed".to_owned(),
                help,
            )
        }
        ViolationKind::TooManyItems { limit, count } => (
            format!(
                "{} has {count} items, over the limit of {limit}",
                quoted(&leaf)
            ),
            at(key_span),
            "too many items".to_owned(),
            format!("keep at most {limit}"),
        ),
        ViolationKind::TooFewItems { limit, count } => (
            format!(
                "{} has {count} items, under the minimum of {limit}",
                quoted(&leaf)
            ),
            at(key_span),
            "too few items".to_owned(),
            format!("give at least {limit}"),
        ),
        ViolationKind::TooManyEntries { limit, count } => (
            format!(
                "{} has {count} entries, over the limit of {limit}",
                quoted(&leaf)
            ),
            at(key_span),
            "too many entries".to_owned(),
            format!("keep at most {limit}"),
        ),
        ViolationKind::BelowMinimum { limit } => (
            format!(
                "{} is below the minimum of {}",
                quoted(&leaf),
                quoted(limit)
            ),
            at(value_span),
            "too small".to_owned(),
            format!("use a value of at least {limit}"),
        ),
        ViolationKind::AboveMaximum { limit } => (
            format!(
                "{} is above the maximum of {}",
                quoted(&leaf),
                quoted(limit)
            ),
            at(value_span),
            "too large".to_owned(),
            format!("use a value of at most {limit}"),
        ),
        ViolationKind::Other { message } => (
            format!(
                "{} breaks the schema: {}",
                quoted(&leaf),
                message.trim_end_matches('.')
            ),
            at(value_span),
            "schema violation".to_owned(),
            "see the schema for this property".to_owned(),
        ),
    };
    Diagnostic::new(
        &SchemaViolation::META,
        message,
        span,
        violation.pointer.clone(),
    )
    .with_label(label)
    .with_help(help)
}

/// FIS requires the list even when nothing should stop the experiment; an alarm is the useful
/// entry, `none` the least FIS accepts.
fn stop_conditions_help(form: Form) -> String {
    match form {
        Form::Api => "add `\"stopConditions\": [{\"source\": \"aws:cloudwatch:alarm\", \
                      \"value\": \"<alarm ARN>\"}]` with an alarm on customer impact, so FIS halts \
                      the experiment when it fires; `[{\"source\": \"none\"}]` is the least FIS \
                      accepts"
            .to_owned(),
        Form::CloudFormation => "add `StopConditions: [{Source: aws:cloudwatch:alarm, Value: \
                                 <alarm ARN>}]` with an alarm on customer impact, so FIS halts \
                                 the experiment when it fires; `[{Source: none}]` is the least \
                                 CloudFormation accepts"
            .to_owned(),
        Form::Terraform => "add a `stop_condition { source = \"aws:cloudwatch:alarm\" value = \
                            <alarm ARN> }` block with an alarm on customer impact, so FIS halts \
                            the experiment when it fires; `stop_condition { source = \"none\" }` \
                            is the least the provider accepts"
            .to_owned(),
    }
}
