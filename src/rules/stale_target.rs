mod change;
mod reach;
mod selection;

use std::collections::{HashMap, HashSet};

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Action, Field, Located, Target};
use crate::timeline::Timeline;
use change::{Change, Reach};
use selection::Selection;

/// FIS runs 20 actions at most (FIS028 reports more); past this the rule says nothing, so hostile
/// input stays bounded.
const MAX_ACTIONS: usize = 1_000;

/// Units of work (waits walked, references compared, selection items read) per experiment.
const WORK_BUDGET: usize = 4_000_000;

declare_rule! {
    /// ## What it does
    /// Reports an action whose target selects resources that an action it waits for (directly or
    /// through a chain of `startAfter` waits) stopped, terminated, deleted, interrupted or failed
    /// over.
    ///
    /// The later target selects them when it is the same target, a target of the same kind whose
    /// selection can match the same resources (ARNs that intersect, tags with no key set to
    /// different values, or neither, with equal filters and parameters), or a kind the change
    /// reaches: the DB instances of a failed-over cluster, the tasks or pods of a drained cluster
    /// or of a node group that lost nodes.
    ///
    /// ## Why is this bad?
    /// FIS identifies all targets when the experiment starts, before any action runs, and keeps
    /// them for the whole experiment. A later action therefore acts on the resources as they
    /// were: tasks that `aws:ecs:stop-task` stopped (ECS starts replacements under new ARNs),
    /// pods that `aws:eks:pod-delete` deleted, instances that `aws:ec2:terminate-instances` or
    /// `aws:ec2:send-spot-instance-interruptions` ended, instances that `aws:ec2:stop-instances`
    /// stopped without `startInstancesAfterDuration`, tasks of a cluster that
    /// `aws:ecs:drain-container-instances` drained and pods of a cluster whose nodes
    /// `aws:eks:terminate-nodegroup-instances` terminated (when the later target names that
    /// cluster), or, after `aws:rds:failover-db-cluster`, `aws:rds:db` instances in the roles
    /// they had before: "reboot the writer" reboots the old writer, now a reader. The later
    /// action fails on resources that are gone, or tests something other than what was meant.
    ///
    /// Not reported: `aws:ec2:stop-instances` with `startInstancesAfterDuration` (the action
    /// lasts until it restarts them) or followed by `aws:ec2:terminate-instances` (terminating a
    /// stopped instance is what was meant), reboots (the instance keeps its identity and runs again;
    /// `forceFailover` keeps the RDS instance's identifier), and disruptions that end with their
    /// `duration` (network, AZ power to an ElastiCache replication group, stress). Targets given
    /// by intrinsic functions are compared only by name, and DB instances are not reported after
    /// a failover when their ARNs lie in another account or Region or a `DBClusterIdentifier`
    /// filter names another cluster.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   Tasks:
    ///     ResourceType: aws:ecs:task
    ///     Parameters: {cluster: shop, service: web}
    ///     SelectionMode: COUNT(2)
    /// Actions:
    ///   Stop:
    ///     ActionId: aws:ecs:stop-task
    ///     Targets: {Tasks: Tasks}
    ///   Stress:
    ///     ActionId: aws:ecs:task-cpu-stress
    ///     Parameters: {duration: PT5M}
    ///     Targets: {Tasks: Tasks}
    ///     StartAfter: [Stop]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// # Two experiments: the second, started once the first has ended, resolves its targets
    /// # then and finds the tasks ECS started in place of the stopped ones.
    /// StopTasks:
    ///   Type: AWS::FIS::ExperimentTemplate
    ///   Properties:
    ///     Actions:
    ///       Stop: {ActionId: aws:ecs:stop-task, Targets: {Tasks: Tasks}}
    /// StressTasks:
    ///   Type: AWS::FIS::ExperimentTemplate
    ///   Properties:
    ///     Actions:
    ///       Stress:
    ///         ActionId: aws:ecs:task-cpu-stress
    ///         Parameters: {duration: PT5M}
    ///         Targets: {Tasks: Tasks}
    /// ```
    ///
    /// ## Fix availability
    /// None: whether to reorder the actions or select other resources is a design choice.
    ///
    /// ## References
    /// - [Targets for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/targets.html) ("AWS FIS identifies all targets at the start of the experiment")
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [Draining Amazon ECS container instances](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html)
    pub struct StaleTarget {
        code: "FIS027",
        name: "stale-target",
        severity: Warning,
    }
}

/// One entry of an action's `targets` map whose target the template defines with a literal type.
struct Reference<'a> {
    key: &'a str,
    value: Located<'a>,
    target: Target<'a>,
    resource_type: &'a str,
}

impl Rule for StaleTarget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let actions = ctx.experiment.field(Field::Actions);
        if actions.is_some_and(|a| a.node.as_object().is_some_and(|m| m.len() > MAX_ACTIONS)) {
            return;
        }
        let timeline = Timeline::new(ctx.experiment, ctx.catalog);
        let references: Vec<Vec<Reference<'_>>> = timeline
            .steps
            .iter()
            .map(|step| references(ctx, &step.action))
            .collect();
        let waits: usize = timeline.steps.iter().map(|s| s.after.len()).sum();
        let mut selections: HashMap<&str, Option<Selection<'_>>> = HashMap::new();
        let mut reported: HashSet<(usize, usize)> = HashSet::new();
        let mut budget = WORK_BUDGET;
        for (first, step) in timeline.steps.iter().enumerate() {
            let Some(change) = Change::of(&step.action) else {
                continue;
            };
            let changed: Vec<&Reference<'_>> = references[first]
                .iter()
                .filter(|r| r.key == change.key && r.resource_type == change.resource_type)
                .collect();
            if changed.is_empty() {
                continue;
            }
            let Some(left) = budget.checked_sub(timeline.steps.len() + waits) else {
                return;
            };
            budget = left;
            for later in timeline.runs_after(first) {
                // Inside or after a cycle nothing runs at all (FIS012).
                if later == first || timeline.steps[later].start.is_none() {
                    continue;
                }
                if !change.hinders(&timeline.steps[later].action) {
                    continue;
                }
                for (k, reference) in references[later].iter().enumerate() {
                    let Some(reach) = change.reach(reference.resource_type) else {
                        continue;
                    };
                    if reported.contains(&(later, k)) {
                        continue;
                    }
                    let mut hit = false;
                    for earlier in &changed {
                        let Some(left) = budget.checked_sub(1) else {
                            return;
                        };
                        budget = left;
                        // The same target is the same resources, whatever hides its selection.
                        hit = earlier.target.name() == reference.target.name()
                            || related(reach, earlier, reference, &mut selections, &mut budget);
                        if hit {
                            break;
                        }
                    }
                    if hit {
                        reported.insert((later, k));
                        ctx.report(stale(change, reach, step, &timeline, later, reference));
                    }
                }
            }
        }
    }
}

/// An action's literal target references, with the targets they name.
fn references<'a>(ctx: &Context<'a>, action: &Action<'a>) -> Vec<Reference<'a>> {
    ctx.referenced_targets(action)
        .into_iter()
        .filter_map(|(entry, target)| {
            entry.value.literal_text()?;
            let resource_type = target.resource_type()?.literal_text()?;
            Some(Reference {
                key: entry.name,
                value: entry.value,
                target,
                resource_type,
            })
        })
        .collect()
}

/// Whether two distinct targets' selections relate as `reach` says, each selection read once.
fn related<'a>(
    reach: Reach,
    earlier: &Reference<'a>,
    later: &Reference<'a>,
    selections: &mut HashMap<&'a str, Option<Selection<'a>>>,
    budget: &mut usize,
) -> bool {
    for reference in [earlier, later] {
        if !selections.contains_key(reference.target.name()) {
            let selection = Selection::of(&reference.target);
            *budget = budget.saturating_sub(selection.as_ref().map_or(1, Selection::size));
            selections.insert(reference.target.name(), selection);
        }
    }
    let (Some(Some(a)), Some(Some(b))) = (
        selections.get(earlier.target.name()),
        selections.get(later.target.name()),
    ) else {
        return false;
    };
    // Comparing walks both selections once.
    *budget = budget.saturating_sub(a.size() + b.size());
    *budget > 0 && reach::reaches(reach, a, b)
}

fn stale(
    change: &Change,
    reach: Reach,
    step: &crate::timeline::Step<'_>,
    timeline: &Timeline<'_>,
    later: usize,
    reference: &Reference<'_>,
) -> Diagnostic {
    let earlier = &step.action;
    let later_name = timeline.steps[later].action.name();
    let restructure = match reach {
        Reach::WriterOf => {
            "to act on the new writer, run that action in a separate experiment started after \
             this one, or act through an `aws:rds:cluster` target, which names the cluster \
             rather than one of its instances"
        }
        Reach::Same | Reach::RunningIn => {
            "run it in a separate experiment started after this one, so its targets are resolved \
             then, or give it a target the earlier action does not change"
        }
    };
    let id = earlier.action_id();
    let mut diagnostic = Diagnostic::new(
        &StaleTarget::META,
        format!(
            "action {} acts on target {} as FIS resolved it at the start, before action {} ({}) {}",
            quoted(later_name),
            quoted(reference.target.name()),
            quoted(earlier.name()),
            quoted(change.action_id),
            change.effect
        ),
        reference.value.span(),
        reference.value.pointer.clone(),
    )
    .with_label("resolved when the experiment starts")
    .with_help(format!(
        "FIS identifies every target once, when the experiment starts, so {} acts on {}; {}",
        quoted(later_name),
        change.consequence,
        restructure
    ));
    if let Some(id) = id {
        diagnostic =
            diagnostic.with_secondary(id.span(), format!("{} runs first", quoted(earlier.name())));
    }
    diagnostic
}
