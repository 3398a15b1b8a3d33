use std::collections::HashSet;

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::Field;

declare_rule! {
    /// ## What it does
    /// Checks that every target an action names in its `targets` map is defined in the
    /// template's `targets`.
    ///
    /// ## Why is this bad?
    /// FIS rejects the template: the action has nothing to act on. This usually means a target
    /// was renamed or removed while an action still refers to it, or the target name was
    /// mistyped.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Role: web}
    ///     SelectionMode: COUNT(1)
    /// Actions:
    ///   StopOne:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets:
    ///       Instances: WebServer
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   StopOne:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets:
    ///       Instances: WebServers
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: the nearest defined target name replaces the one written, safely when it differs
    /// only in case or is the only name within two edits.
    ///
    /// ## References
    /// - [Actions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html)
    /// - [Targets for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/targets.html)
    pub struct DanglingTargetReference {
        code: "FIS004",
        name: "dangling-target-reference",
        severity: Error,
    }
}

impl Rule for DanglingTargetReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let targets = experiment.targets();
        if !targets.is_complete() {
            return;
        }
        let names: Vec<&str> = targets.known().iter().map(|t| t.name()).collect();
        let defined: HashSet<&str> = names.iter().copied().collect();
        let targets_field = experiment.field(Field::Targets);
        for action in experiment.actions().known() {
            for reference in action.targets().known() {
                let Some(name) = reference.value.text() else {
                    continue;
                };
                if defined.contains(name) {
                    continue;
                }
                let suggestion = ctx.suggest(name, names.iter().copied());
                let help = match suggestion {
                    Some(close) => format!("did you mean {}?", quoted(close.name)),
                    None if names.is_empty() => format!(
                        "define a target named {} in the template's targets",
                        quoted(name)
                    ),
                    None => format!(
                        "define a target named {} or use one of {}",
                        quoted(name),
                        listed(&names)
                    ),
                };
                let mut diagnostic = Diagnostic::new(
                    &Self::META,
                    format!(
                        "action {} refers to undefined target {}",
                        quoted(action.name()),
                        quoted(name)
                    ),
                    reference.value.span(),
                    reference.value.pointer.clone(),
                )
                .with_label("no target of this name")
                .with_help(help)
                .with_fix(
                    suggestion.and_then(|close| ctx.rename(reference.value.span(), name, close)),
                );
                if let Some(defined) = &targets_field {
                    diagnostic = diagnostic
                        .with_secondary(defined.key_or_value_span(), "targets are defined here");
                }
                ctx.report(diagnostic);
            }
        }
    }
}

/// The defined names for a help text; a long list is cut short, so each finding stays small
/// however many targets the template defines.
fn listed(names: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(quoted)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}
