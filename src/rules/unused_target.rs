use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::Shape;

declare_rule! {
    /// ## What it does
    /// Reports a target that no action refers to.
    ///
    /// ## Why is this bad?
    /// An unused target does nothing, yet FIS still resolves it when the experiment starts, and a
    /// target that resolves to no resources fails the experiment (unless
    /// `emptyTargetResolutionMode` is `skip`). It is usually left over from a removed action, or
    /// it is the target an action was meant to use.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: ALL
    ///   OldServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: legacy}
    ///     SelectionMode: ALL
    /// Actions:
    ///   Stop:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: ALL
    /// ```
    ///
    /// ## Fix availability
    /// None: whether to remove the target or have an action use it is a choice.
    ///
    /// ## References
    /// - [Targets for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/targets.html)
    pub struct UnusedTarget {
        code: "FIS015",
        name: "unused-target",
        severity: Warning,
    }
}

impl Rule for UnusedTarget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let actions = experiment.actions();
        let Shape::Known(actions) = &actions else {
            return;
        };
        // Without actions every target is unused; FIS026 reports the one cause.
        if actions.is_empty() {
            return;
        }
        let mut used = std::collections::HashSet::new();
        for action in actions {
            match action.targets() {
                Shape::Known(references) => {
                    for reference in references {
                        match reference.value.text() {
                            Some(name) => {
                                used.insert(name);
                            }
                            // A deploy-time reference could name any target.
                            None => return,
                        }
                    }
                }
                Shape::Deferred => return,
                Shape::Absent | Shape::Invalid => {}
            }
        }
        for target in experiment.targets().known() {
            if used.contains(&target.name()) {
                continue;
            }
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("target {} is not used by any action", quoted(target.name())),
                    target.0.name_span,
                    target.located().pointer.clone(),
                )
                .with_label("unused target")
                .with_help("refer to it from an action's targets, or remove it"),
            );
        }
    }
}
