use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Field, Form, Shape};

declare_rule! {
    /// ## What it does
    /// Reports an experiment template without actions: its `actions` (API) or `Actions`
    /// (CloudFormation) is absent or empty.
    ///
    /// ## Why is this bad?
    /// Actions are what an experiment does. FIS creates a template without them and starts the
    /// experiment, which resolves its targets, runs nothing and completes: a green run that
    /// tested nothing. CloudFormation's resource schema does not require `Actions`, so the
    /// template deploys too. An empty map is usually a generated template whose actions were lost.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: ALL
    /// Actions: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   StopWeb:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// ## Fix availability
    /// None: what the experiment should do is a choice.
    ///
    /// ## References
    /// - [Actions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/actions.html)
    /// - [AWS::FIS::ExperimentTemplate](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-fis-experimenttemplate.html)
    pub struct MissingActions {
        code: "FIS026",
        name: "missing-actions",
        severity: Error,
    }
}

impl Rule for MissingActions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let key = experiment.form.written(Field::Actions);
        let (span, pointer, label, how) =
            match (experiment.actions(), experiment.field(Field::Actions)) {
                (Shape::Known(actions), Some(list)) if actions.is_empty() => (
                    list.key_or_value_span(),
                    list.pointer,
                    "no actions in here",
                    "an empty",
                ),
                (Shape::Absent, _) => (
                    experiment.anchor,
                    experiment
                        .body
                        .pointer
                        .child(experiment.form.key(Field::Actions)),
                    "this experiment has no actions",
                    "no",
                ),
                _ => return,
            };
        ctx.report(
            Diagnostic::new(
                &Self::META,
                format!(
                    "{} has {how} {}: FIS would run nothing",
                    experiment.label(),
                    quoted(key)
                ),
                span,
                pointer,
            )
            .with_label(label)
            .with_help(match experiment.form {
                Form::Terraform => format!(
                    "add at least one `{key}` block, each with an action id and the targets it \
                     acts on"
                ),
                Form::Api | Form::CloudFormation => format!(
                    "add at least one action under `{key}`, each with an action id and the \
                     targets it acts on"
                ),
            }),
        );
    }
}
