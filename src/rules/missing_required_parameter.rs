use super::{Context, ParameterSet, Rule, RuleMeta, declare_rule};
use crate::catalog::ParameterSpec;
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Form, Shape};
use crate::wording::lowercase_first;

declare_rule! {
    /// ## What it does
    /// Checks that an action or target gives every parameter the catalog marks required, and
    /// those that become required through another parameter's value (`prefixListIdentifier` when
    /// `aws:network:disrupt-connectivity` has `scope: prefix-list`).
    ///
    /// ## Why is this bad?
    /// FIS rejects the template: `aws:ssm:send-command` cannot run without a `documentArn`, and an
    /// `aws:eks:pod` target cannot find pods without `clusterIdentifier`, `namespace`,
    /// `selectorType` and `selectorValue`.
    ///
    /// The catalog derives required flags from the FIS User Guide's wording. Where that wording
    /// leaves the flag in doubt (`scope` of `aws:network:disrupt-connectivity`, `duration` of
    /// `aws:ssm:send-command`, `preventExecution` of the Lambda actions, `cluster` and `service`
    /// of `aws:ecs:task`), the finding is a warning instead of an error.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   RunScript:
    ///     ActionId: aws:ssm:send-command
    ///     Parameters:
    ///       duration: PT5M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   RunScript:
    ///     ActionId: aws:ssm:send-command
    ///     Parameters:
    ///       documentArn: arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress
    ///       duration: PT5M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// ## Fix availability
    /// None: the parameter's value is the author's to give.
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [Target parameters](https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-parameters)
    pub struct MissingRequiredParameter {
        code: "FIS009",
        name: "missing-required-parameter",
        severity: Error,
    }
}

impl Rule for MissingRequiredParameter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let form = ctx.experiment.form;
        for set in ctx.parameter_sets() {
            if !matches!(set.given, Shape::Absent | Shape::Known(_)) {
                continue;
            }
            for (name, spec) in set.specs {
                if set.is_given(name) {
                    continue;
                }
                let Some(why) = required_because(&set, spec) else {
                    continue;
                };
                let (span, label) = match &set.field {
                    // Terraform's `parameter` blocks have no one place a missing one belongs:
                    // the action's or target's `name` stands for it.
                    Some(_) if form == Form::Terraform => {
                        (set.anchor, "required parameter missing")
                    }
                    Some(field) => (field.key_or_value_span(), "required parameter missing here"),
                    None => (set.anchor, "no parameters given"),
                };
                let description = ["Optional. ", "Required. ", "Conditional. "]
                    .iter()
                    .fold(spec.description.as_str(), |d, prefix| {
                        d.trim_start_matches(prefix)
                    })
                    .trim_end_matches('.');
                let mut diagnostic = Diagnostic::new(
                    &Self::META,
                    format!(
                        "{} lacks required parameter {}{why}",
                        set.owner,
                        quoted(name)
                    ),
                    span,
                    set.parameters_pointer.child(name),
                )
                .with_label(label)
                .with_help(format!(
                    "add {}: {}",
                    quoted(name),
                    lowercase_first(description)
                ));
                if spec.required_uncertain {
                    diagnostic = diagnostic.tentative();
                }
                ctx.report(diagnostic);
            }
        }
    }
}

/// `Some("")` when always required, `Some(" (because …)")` when another value requires it.
fn required_because(set: &ParameterSet<'_>, spec: &ParameterSpec) -> Option<String> {
    if spec.required {
        return Some(String::new());
    }
    let conditions = spec.constraint.as_ref()?.required_when.as_ref()?;
    conditions.iter().find_map(|(other, value)| {
        (set.value_of(other) == Some(value.as_str()))
            .then(|| format!(" when {other} is {}", quoted(value)))
    })
}
