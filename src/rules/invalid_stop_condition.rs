use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::catalog::{ArnField, ArnForms, Fit, describe_forms, fit_forms};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{ALARM_SOURCE, Field};

const SOURCES: [&str; 2] = ["none", ALARM_SOURCE];

declare_rule! {
    /// ## What it does
    /// Checks each stop condition: its source must be `none` or `aws:cloudwatch:alarm`, and an
    /// alarm source needs a value that is the full ARN of a CloudWatch alarm, Region and account
    /// included (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`).
    ///
    /// ## Why is this bad?
    /// A stop condition FIS cannot use is worse than none: the template looks protected, but FIS
    /// rejects it, or (with a wrong ARN) cannot watch the alarm that should halt the experiment.
    ///
    /// ## Example
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: HighErrorRate
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: arn:aws:cloudwatch:us-east-1:123456789012:alarm:HighErrorRate
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: a source close to `none` or `aws:cloudwatch:alarm` is replaced by it, safely when
    /// it differs only in case or by two edits at most. An alarm ARN that is malformed or lacks its
    /// account or Region needs a person.
    ///
    /// ## References
    /// - [Stop conditions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html)
    pub struct InvalidStopCondition {
        code: "FIS016",
        name: "invalid-stop-condition",
        severity: Error,
    }
}

impl Rule for InvalidStopCondition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let form = ctx.experiment.form;
        for condition in ctx.experiment.stop_conditions().known() {
            let Some(source) = condition.source() else {
                continue;
            };
            let Some(text) = source.literal_text() else {
                continue;
            };
            if !SOURCES.contains(&text) {
                let suggestion = ctx.suggest(text, SOURCES);
                let help = match suggestion {
                    Some(close) => format!("did you mean {}?", quoted(close.name)),
                    None => "use `aws:cloudwatch:alarm` with an alarm ARN as the value, or `none`"
                        .to_owned(),
                };
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "stop condition source {} is not `none` or {}",
                            quoted(text),
                            quoted(ALARM_SOURCE)
                        ),
                        source.span(),
                        source.pointer.clone(),
                    )
                    .with_label("unknown source")
                    .with_help(help)
                    .with_fix(suggestion.and_then(|close| ctx.rename(source.span(), text, close))),
                );
                continue;
            }
            if text != ALARM_SOURCE {
                continue;
            }
            let Some(value) = condition.value() else {
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "stop condition with source {} has no alarm ARN",
                            quoted(ALARM_SOURCE)
                        ),
                        source.span(),
                        condition.located().pointer.child(form.key(Field::Value)),
                    )
                    .with_label("no value")
                    .with_help(format!(
                        "add {} with the ARN of the CloudWatch alarm to watch",
                        quoted(form.written(Field::Value))
                    )),
                );
                continue;
            };
            let Some(arn_text) = value.literal_text() else {
                continue;
            };
            if ctx.report_placeholder(&Self::META, &value, "the stop condition")
                || ctx.report_empty(&Self::META, &value, &quoted(form.written(Field::Value)))
            {
                continue;
            }
            let forms = ArnForms::builtin().of_field(ArnField::Alarm);
            let (problem, partition) = match Arn::parse(arn_text) {
                Err(why) => (why.to_owned(), "aws"),
                Ok(arn) => match fit_forms(forms, &arn) {
                    Fit::Fits => continue,
                    Fit::NoAccount(_) => ("no account ID".to_owned(), arn.partition),
                    Fit::NoRegion(_) => ("no Region".to_owned(), arn.partition),
                    Fit::OtherResource => (
                        format!("this is a `{}` `{}` ARN", arn.service, arn.resource_type()),
                        arn.partition,
                    ),
                },
            };
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "stop condition value {} is not a CloudWatch alarm ARN",
                        quoted(arn_text)
                    ),
                    value.span(),
                    value.pointer.clone(),
                )
                .with_label(problem)
                .with_help(format!(
                    "use the alarm's full ARN, {}",
                    describe_forms(forms, partition)
                )),
            );
        }
    }
}
