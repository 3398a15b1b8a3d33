use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Form, Shape};

declare_rule! {
    /// ## What it does
    /// Checks that an action that acts on resources names a target under one of its target keys.
    /// Actions that take no targets (`aws:fis:wait`, `aws:cloudwatch:assert-alarm-state`,
    /// `aws:ssm:start-automation-execution`) are exempt.
    ///
    /// ## Why is this bad?
    /// FIS rejects an action without the targets it needs: there is nothing for it to stop,
    /// reboot or disrupt.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   Reboot:
    ///     ActionId: aws:ec2:reboot-instances
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   Reboot:
    ///     ActionId: aws:ec2:reboot-instances
    ///     Targets:
    ///       Instances: WebServers
    /// ```
    ///
    /// ## Fix availability
    /// None: which target the action should act on is a choice.
    ///
    /// ## References
    /// - [Actions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html)
    pub struct MissingActionTarget {
        code: "FIS007",
        name: "missing-action-target",
        severity: Error,
    }
}

impl Rule for MissingActionTarget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for known in ctx.known_actions() {
            let Some(keys) = known.spec.targets.as_ref() else {
                continue;
            };
            let (action, id, uncertain) = (
                &known.action,
                known.id_text,
                known.spec.target_keys_uncertain,
            );
            let Some(key) = keys.keys().next() else {
                continue;
            };
            let has_target = match action.targets() {
                Shape::Deferred | Shape::Invalid => continue,
                Shape::Absent => false,
                Shape::Known(entries) => !entries.is_empty(),
            };
            if has_target {
                continue;
            }
            let (span, pointer) = match action.targets_field() {
                Some(empty) => (empty.key_or_value_span(), empty.pointer),
                None => (action.0.name_span, action.located().pointer.clone()),
            };
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "action {} ({}) has no target",
                        quoted(action.name()),
                        quoted(id)
                    ),
                    span,
                    pointer,
                )
                .with_label("needs a target")
                .with_help(match ctx.experiment.form {
                    Form::Terraform => format!(
                        "add a `target` block to the action with {} and, as its `value`, the \
                         name of a target defined in the template",
                        quoted(format!("key = \"{key}\""))
                    ),
                    Form::Api | Form::CloudFormation => format!(
                        "add {} under the action's targets, naming a target defined in the \
                         template",
                        quoted(format!("{key}: <target name>"))
                    ),
                })
                .tentative_if(uncertain),
            );
        }
    }
}
