use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::catalog::{ArnField, ArnForms, Fit, describe_forms, fit_forms};
use crate::diagnostic::{Applicability, Diagnostic, quoted};
use crate::template::{Field, Located};

declare_rule! {
    /// ## What it does
    /// Checks the experiment's `logConfiguration`: it needs a `logSchemaVersion` and at least one
    /// destination, a CloudWatch Logs log group given by its full ARN or an S3 bucket given by its
    /// name.
    ///
    /// A log group ARN carries the Region and account:
    /// `arn:aws:logs:<region>:<account>:log-group:<name>`.
    ///
    /// ## Why is this bad?
    /// FIS rejects a log configuration without a schema version, and one without a destination
    /// logs nothing. A bucket ARN where the bucket name belongs, or a log group name where its ARN
    /// belongs, makes FIS fail to deliver the experiment log you will want when something goes
    /// wrong.
    ///
    /// ## Example
    /// ```yaml
    /// LogConfiguration:
    ///   S3Configuration:
    ///     BucketName: arn:aws:s3:::fis-logs
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// LogConfiguration:
    ///   LogSchemaVersion: 2
    ///   S3Configuration:
    ///     BucketName: fis-logs
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: a bucket given by its ARN is safely replaced by the bucket's name. A missing
    /// schema version or destination, or a malformed log group ARN, needs a person.
    ///
    /// ## References
    /// - [Experiment logging for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html)
    pub struct InvalidLogConfiguration {
        code: "FIS019",
        name: "invalid-log-configuration",
        severity: Error,
    }
}

impl Rule for InvalidLogConfiguration {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let form = ctx.experiment.form;
        let Some(logging) = ctx.experiment.field(Field::LogConfiguration) else {
            return;
        };
        if logging.is_deferred() || logging.node.as_object().is_none() {
            return;
        }
        if logging.field(Field::LogSchemaVersion).is_none() {
            let name = form.written(Field::LogSchemaVersion);
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("log configuration has no {}", quoted(name)),
                    logging.key_or_value_span(),
                    logging.pointer.child(name),
                )
                .with_label("no schema version")
                .with_help(format!(
                    "add {} (FIS's current log schema is version 2)",
                    quoted(format!("{name}: 2"))
                )),
            );
        }
        let cloudwatch = logging.field(Field::CloudwatchLogsConfiguration);
        let s3 = logging.field(Field::S3Configuration);
        if cloudwatch.is_none() && s3.is_none() {
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "log configuration has no {} or {}",
                        quoted(form.written(Field::CloudwatchLogsConfiguration)),
                        quoted(form.written(Field::S3Configuration))
                    ),
                    logging.key_or_value_span(),
                    logging.pointer.clone(),
                )
                .with_label("logs go nowhere")
                .with_help("add a CloudWatch Logs log group ARN, an S3 bucket name, or both"),
            );
        }
        if let Some(group) = cloudwatch.and_then(|c| c.field(Field::LogGroupArn)) {
            check_log_group(ctx, &group);
        }
        if let Some(bucket) = s3.and_then(|c| c.field(Field::BucketName)) {
            check_bucket(ctx, &bucket);
        }
    }
}

fn check_log_group(ctx: &mut Context<'_>, group: &Located<'_>) {
    let Some(text) = group.literal_text() else {
        return;
    };
    if ctx.report_placeholder(&InvalidLogConfiguration::META, group, "the log group")
        || ctx.report_empty(
            &InvalidLogConfiguration::META,
            group,
            &quoted(ctx.experiment.form.written(Field::LogGroupArn)),
        )
    {
        return;
    }
    let forms = ArnForms::builtin().of_field(ArnField::LogGroup);
    let (label, partition) = match Arn::parse(text) {
        Err(_) => ("not a log group ARN", "aws"),
        Ok(arn) => match fit_forms(forms, &arn) {
            Fit::Fits => return,
            Fit::NoAccount(_) => ("no account ID", arn.partition),
            Fit::NoRegion(_) => ("no Region", arn.partition),
            Fit::OtherResource => ("not a log group ARN", arn.partition),
        },
    };
    ctx.report(
        Diagnostic::new(
            &InvalidLogConfiguration::META,
            format!(
                "log group {} is not a CloudWatch Logs log group ARN",
                quoted(text)
            ),
            group.span(),
            group.pointer.clone(),
        )
        .with_label(label)
        .with_help(format!(
            "use the log group's full ARN, {}",
            describe_forms(forms, partition)
        )),
    );
}

fn check_bucket(ctx: &mut Context<'_>, bucket: &Located<'_>) {
    let Some(text) = bucket.literal_text() else {
        return;
    };
    if ctx.report_placeholder(&InvalidLogConfiguration::META, bucket, "the log bucket")
        || ctx.report_empty(
            &InvalidLogConfiguration::META,
            bucket,
            &quoted(ctx.experiment.form.written(Field::BucketName)),
        )
    {
        return;
    }
    let named = text.strip_prefix("arn:aws:s3:::");
    let problem = if let Some(name) = named {
        Some((
            "a bucket ARN",
            format!("give the bucket's name, {}", quoted(name)),
        ))
    } else if !is_bucket_name(text) {
        Some((
            "not a valid bucket name",
            "bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit".to_owned(),
        ))
    } else {
        None
    };
    let Some((label, help)) = problem else { return };
    // The bucket an ARN names is certain; a name S3 would refuse needs a person.
    let fix = named.filter(|name| is_bucket_name(name)).and_then(|name| {
        ctx.replace(
            bucket.span(),
            name,
            Applicability::Safe,
            format!("replace the bucket's ARN with its name {}", quoted(name)),
        )
    });
    ctx.report(
        Diagnostic::new(
            &InvalidLogConfiguration::META,
            format!("log bucket {} is not an S3 bucket name", quoted(text)),
            bucket.span(),
            bucket.pointer.clone(),
        )
        .with_label(label)
        .with_help(help)
        .with_fix(fix),
    );
}

/// The S3 general purpose bucket naming rules.
fn is_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
        && !name.contains("..")
}

#[cfg(test)]
mod tests {
    use super::is_bucket_name;

    #[test]
    fn bucket_names_follow_s3_rules() {
        assert!(is_bucket_name("fis-logs.example"));
        for bad in ["ab", "Fis-Logs", "-logs", "logs-", "a..b", "fis_logs"] {
            assert!(!is_bucket_name(bad), "{bad}");
        }
    }
}
