use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks action and target parameter values against their documented constraints: ISO 8601
    /// durations (`PT5M`, not `5 minutes` or `300`) within the action's bounds and the 12-hour
    /// action limit, numeric ranges (percentages from 0 to 100), enumerations (`SIGTERM` or
    /// `SIGKILL`), booleans, ARNs, Availability Zones, Regions, and JSON objects encoded as
    /// strings.
    ///
    /// ## Why is this bad?
    /// FIS validates parameter values when it starts the experiment or the action, long after the
    /// template was written: an experiment can fail halfway through, with some faults already
    /// injected. In CloudFormation, scalars are strings, so `percentage: 50` is fine there; in
    /// the FIS API every value must be a string (a number is a schema violation, reported by
    /// `schema-violation`). Values given by intrinsic functions or template placeholders (`${…}`)
    /// are not checked.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   Throttle:
    ///     ActionId: aws:fis:inject-api-throttle-error
    ///     Parameters:
    ///       service: ec2
    ///       operations: DescribeInstances
    ///       percentage: "150"
    ///       duration: 10 minutes
    ///     Targets: {Roles: AppRole}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     Parameters:
    ///       service: ec2
    ///       operations: DescribeInstances
    ///       percentage: "50"
    ///       duration: PT10M
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: a duration with its unit spelled out (`5m`, `90s`, `5 minutes`) is safely
    /// rewritten in ISO 8601 (`PT5M`); a bare number becomes seconds (`300` to `PT300S`) only as an
    /// unsafe fix, since the unit is a guess. An enumerated value, Availability Zone or Region in
    /// the wrong case is safely corrected, and the nearest of several close values is offered
    /// unsafely. Numbers out of range need a person.
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [AWS FIS quotas](https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html)
    pub struct InvalidParameterValue {
        code: "FIS010",
        name: "invalid-parameter-value",
        severity: Error,
    }
}

impl Rule for InvalidParameterValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for set in ctx.parameter_sets() {
            for given in set.given.known() {
                let Some(constraint) = set
                    .specs
                    .get(given.name)
                    .and_then(|s| s.constraint.as_ref())
                else {
                    continue;
                };
                let Some(value) = given.value.literal_text() else {
                    continue;
                };
                if ctx.report_placeholder(&Self::META, &given.value, &quoted(given.name)) {
                    continue;
                }
                let Some(violation) = constraint.check(value, |name| set.value_of(name)) else {
                    continue;
                };
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{} for {} {}",
                            quoted(value),
                            quoted(given.name),
                            violation.problem
                        ),
                        given.value.span(),
                        given.value.pointer.clone(),
                    )
                    .with_label(format!("invalid `{}`", given.name))
                    .with_help(violation.help)
                    .with_fix(violation.replacement.and_then(|meant| {
                        let suggestion = Suggestion {
                            name: &meant.value,
                            certain: meant.certain,
                        };
                        ctx.rename(given.value.span(), value, suggestion)
                    })),
                );
            }
        }
    }
}
