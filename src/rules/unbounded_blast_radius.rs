use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::Target;

/// Words in an action id that mark it destructive (the network service disrupts by design).
/// `interrupt` covers Spot interruptions (the instances are stopped, hibernated or terminated)
/// and AZ power interruptions (the resources in the zone lose power).
const DESTRUCTIVE: &[&str] = &[
    "terminate",
    "stop",
    "reboot",
    "failover",
    "delete",
    "interrupt",
];

declare_rule! {
    /// ## What it does
    /// Reports a destructive action (one that terminates, stops, reboots, fails over, deletes or
    /// interrupts resources, or disrupts the network) that acts on `ALL` the resources a tag- or
    /// parameter-selected target matches, in a template with no `aws:cloudwatch:alarm` stop
    /// condition.
    ///
    /// ## Why is this bad?
    /// Tags and parameters match whatever carries them when the experiment starts, which may be
    /// far more than the author had in mind, and with no alarm nothing stops the experiment. Start
    /// small (`COUNT(1)`, `PERCENT(10)`) and widen the blast radius as confidence grows, or add an
    /// alarm stop condition. Targets that list explicit ARNs are not reported: their scope is
    /// already fixed. Interruptions count as destructive: `aws:ec2:send-spot-instance-interruptions`
    /// ends with the Spot Instances stopped, hibernated or terminated, and
    /// `aws:elasticache:replicationgroup-interrupt-az-power` cuts power to the zone's nodes.
    ///
    /// ## Example
    /// ```yaml
    /// StopConditions:
    ///   - Source: none
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: ALL
    /// Actions:
    ///   Terminate:
    ///     ActionId: aws:ec2:terminate-instances
    ///     Targets: {Instances: Web}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: !GetAtt ErrorRateAlarm.Arn
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: COUNT(1)
    /// ```
    ///
    /// ## Fix availability
    /// None: how far to narrow the selection, or which alarm to add, is a choice.
    ///
    /// ## References
    /// - [Planning your AWS FIS experiments](https://docs.aws.amazon.com/fis/latest/userguide/getting-started-planning.html)
    /// - [Stop conditions for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html)
    pub struct UnboundedBlastRadius {
        code: "FIS022",
        name: "unbounded-blast-radius",
        severity: Warning,
    }
}

impl Rule for UnboundedBlastRadius {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        if experiment.has_alarm_stop_condition() != Some(false) {
            return;
        }
        for action in experiment.actions().known() {
            let Some(id) = action.action_id() else {
                continue;
            };
            let Some(id_text) = id.text() else { continue };
            if !is_destructive(id_text) {
                continue;
            }
            for (_, target) in ctx.referenced_targets(action) {
                let Some(mode) = target.selection_mode() else {
                    continue;
                };
                if mode.text() != Some("ALL") || !selected_by_criteria(&target) {
                    continue;
                }
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "action {} ({}) hits every resource target {} matches, and no alarm can stop it",
                            quoted(action.name()),
                            quoted(id_text),
                            quoted(target.name())
                        ),
                        mode.span(),
                        mode.pointer.clone(),
                    )
                    .with_label("all matching resources")
                    .with_secondary(id.span(), "destructive action")
                    .with_help(
                        "start with `COUNT(1)` or `PERCENT(10)`, or add an `aws:cloudwatch:alarm` stop condition",
                    ),
                );
            }
        }
    }
}

fn is_destructive(id: &str) -> bool {
    let mut parts = id.split(':');
    let service = parts.nth(1).unwrap_or_default();
    let action = parts.next().unwrap_or_default();
    service == "network" || DESTRUCTIVE.iter().any(|word| action.contains(word))
}

/// Selected by tags or parameters rather than by a fixed list of ARNs.
fn selected_by_criteria(target: &Target<'_>) -> bool {
    let non_empty = |l: Option<crate::template::Located<'_>>| {
        l.is_some_and(|l| l.is_deferred() || l.node.as_object().is_some_and(|m| !m.is_empty()))
    };
    non_empty(target.resource_tags()) || non_empty(target.parameters_field())
}

#[cfg(test)]
mod tests {
    use super::is_destructive;

    #[test]
    fn destructive_actions_are_recognised() {
        for id in [
            "aws:ec2:terminate-instances",
            "aws:ecs:stop-task",
            "aws:rds:failover-db-cluster",
            "aws:eks:pod-delete",
            "aws:network:disrupt-connectivity",
            "aws:ec2:send-spot-instance-interruptions",
            "aws:elasticache:replicationgroup-interrupt-az-power",
            "aws:elasticache:interrupt-cluster-az-power",
        ] {
            assert!(is_destructive(id), "{id}");
        }
        for id in [
            "aws:fis:wait",
            "aws:ecs:task-cpu-stress",
            "aws:fis:inject-api-throttle-error",
        ] {
            assert!(!is_destructive(id), "{id}");
        }
    }
}
