use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{ALARM_SOURCE, Field};

declare_rule! {
    /// ## What it does
    /// Checks that the template has at least one stop condition whose source is
    /// `aws:cloudwatch:alarm`. A template whose only stop conditions are `none` (or whose list is
    /// empty) is reported. A template without the list at all is an error FIS and CloudFormation
    /// reject, which FIS020 (`schema-violation`) reports.
    ///
    /// ## Why is this bad?
    /// A stop condition is the experiment's emergency brake: when the alarm fires, FIS stops the
    /// experiment and rolls back what it can. Without one, nothing halts an experiment that is
    /// hurting production more than planned. AWS recommends an alarm on the metric that shows
    /// customer impact.
    ///
    /// ## Example
    /// ```yaml
    /// StopConditions:
    ///   - Source: none
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: !GetAtt HighErrorRateAlarm.Arn
    /// ```
    ///
    /// ## Fix availability
    /// None: which alarm should stop the experiment is a choice.
    ///
    /// ## References
    /// - [Stop conditions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html)
    pub struct MissingStopCondition {
        code: "FIS003",
        name: "missing-stop-condition",
        severity: Warning,
    }
}

impl Rule for MissingStopCondition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        // A deploy-time list or source may well hold an alarm: give it the benefit of the doubt.
        if ctx.experiment.has_alarm_stop_condition() != Some(false) {
            return;
        }
        // An absent list is FIS020's error: both schemas require it.
        let Some(list) = ctx.experiment.field(Field::StopConditions) else {
            return;
        };
        ctx.report(
            Diagnostic::new(
                &Self::META,
                format!(
                    "{} has no stop condition with source {}",
                    ctx.experiment.label(),
                    quoted(ALARM_SOURCE)
                ),
                list.key_or_value_span(),
                list.pointer,
            )
            .with_label("no alarm among these")
            .with_help(
                "add a stop condition with source `aws:cloudwatch:alarm` and the ARN of an alarm \
                 on customer impact as its value, so FIS halts the experiment when it fires",
            ),
        );
    }
}
