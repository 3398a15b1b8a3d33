use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::{Confidence, Quota};
use crate::diagnostic::{Diagnostic, quoted};
use crate::duration::Duration;
use crate::source::{Pointer, Span};
use crate::template::{Field, Located, Shape};
use crate::timeline::Timeline;

declare_rule! {
    /// ## What it does
    /// Checks the template against the FIS quotas it can exceed on its own: actions per template
    /// (20), stop conditions per template (5), actions running at the same time (10), the
    /// experiment's duration along its longest chain of `startAfter` waits (12 hours), and how
    /// many resources one action may act on (for example 5 instances for
    /// `aws:ec2:stop-instances`, 50 pods for `aws:eks:pod-delete`). Limits on single values are
    /// other rules' findings: more than five resource ARNs in a target (FIS014), an action
    /// longer than 12 hours (FIS010).
    ///
    /// Fixed limits are errors. A quota an account can have raised (the per-action target
    /// quotas) is a warning, as is a finding that rests on a fact the sources are less than sure
    /// of. Only what the template shows for certain is counted: a target's size only when it
    /// selects `COUNT(n)`, actions in parallel only when their start is known
    /// exactly, the duration from the lengths known at least.
    ///
    /// ## Why is this bad?
    /// FIS refuses a template over a fixed limit when it is created, or stops the experiment when
    /// it reaches one, and refuses to start an experiment whose targets exceed an action's quota:
    /// the template deploys, and the experiment does not run as written.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: COUNT(8)
    /// Actions:
    ///   StopWeb:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets: {Instances: Web}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: COUNT(5)
    /// ```
    ///
    /// or raise the quota "Target Instances for aws:ec2:stop-instances" in Service Quotas.
    ///
    /// ## Fix availability
    /// None: what to split or cut is a choice.
    ///
    /// ## References
    /// - [Quotas and limitations for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html)
    /// - [AWS FIS service quotas](https://docs.aws.amazon.com/general/latest/gr/fis.html)
    pub struct QuotaExceeded {
        code: "FIS028",
        name: "quota-exceeded",
        severity: Error,
    }
}

impl Rule for QuotaExceeded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let quotas = ctx.catalog.quotas();
        if let (Some(list), Shape::Known(actions)) =
            (experiment.field(Field::Actions), experiment.actions())
        {
            count(
                ctx,
                &list,
                actions.len(),
                quotas.template("actionsPerExperimentTemplate"),
                "actions",
            );
        }
        if let (Some(list), Shape::Known(conditions)) = (
            experiment.field(Field::StopConditions),
            experiment.stop_conditions(),
        ) {
            count(
                ctx,
                &list,
                conditions.len(),
                quotas.template("stopConditionsPerExperimentTemplate"),
                "stop conditions",
            );
        }
        per_action_targets(ctx);
        let timeline = Timeline::new(experiment, ctx.catalog);
        parallel(ctx, &timeline);
        duration(ctx, &timeline);
    }
}

/// The list by its key as written, e.g. `` `StopConditions` ``.
fn subject(list: &Located<'_>) -> String {
    let key = list.pointer.as_str().rsplit('/').next().unwrap_or_default();
    quoted(key.replace("~1", "/").replace("~0", "~"))
}

/// A list longer than its quota.
fn count(
    ctx: &mut Context<'_>,
    list: &Located<'_>,
    found: usize,
    quota: Option<&Quota>,
    what: &str,
) {
    let Some((quota, limit)) = quota.and_then(|q| Some((q, q.value?))) else {
        return;
    };
    if found as u64 <= limit {
        return;
    }
    let message = format!(
        "{} holds {found} {what}; FIS allows at most {limit}",
        subject(list)
    );
    let diagnostic = Diagnostic::new(
        &QuotaExceeded::META,
        message,
        list.key_or_value_span(),
        list.pointer.clone(),
    )
    .with_label(format!("{found} here"))
    .with_help(format!(
        "keep at most {limit} {what} here{}",
        split_advice(what)
    ));
    report(ctx, diagnostic, quota);
}

fn split_advice(what: &str) -> &'static str {
    if what == "actions" {
        ", and split the rest into a second experiment template"
    } else if what.starts_with("resource ARNs") {
        ", or select the resources by tags or filters"
    } else {
        ""
    }
}

/// Reports at the severity the quota's nature and the sources' certainty allow.
fn report(ctx: &mut Context<'_>, diagnostic: Diagnostic, quota: &Quota) {
    let raisable = !quota.is_fixed();
    let unsure = quota.confidence < Confidence::High;
    ctx.report(diagnostic.tentative_if(raisable || unsure));
}

/// Each action's targets against the number of resources one action of its kind may act on.
fn per_action_targets(ctx: &mut Context<'_>) {
    let experiment = ctx.experiment;
    let quotas = ctx.catalog.quotas();
    for action in experiment.actions().known() {
        let Some(id) = action.action_id().and_then(|id| id.literal_text()) else {
            continue;
        };
        let Some(quota) = quotas.per_action(id) else {
            continue;
        };
        let Some(limit) = quota.value else {
            continue;
        };
        for (reference, target) in ctx.referenced_targets(action) {
            let Some((size, at)) = resources_selected(&target) else {
                continue;
            };
            if size <= limit {
                continue;
            }
            let quota_name = quota.name.as_deref().unwrap_or("the action's target quota");
            let code = quota
                .quota_code
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let diagnostic = Diagnostic::new(
                &QuotaExceeded::META,
                format!(
                    "action {} acts on {size} resources through target {}; the default quota \
                     {} is {limit}",
                    quoted(action.name()),
                    quoted(target.name()),
                    quoted(quota_name),
                ),
                reference.value.span(),
                reference.value.pointer.clone(),
            )
            .with_label(format!("{size} resources"))
            .with_secondary(at.1, "selected here")
            .with_help(format!(
                "select at most {limit} resources, or raise the quota{code} in Service Quotas \
                 before running the experiment"
            ));
            report(ctx, diagnostic, quota);
        }
    }
}

/// How many resources a target surely selects, and where it says so: `COUNT(n)`. A list of
/// ARNs holds at most five, under every per-action quota (FIS014 reports longer lists).
fn resources_selected(target: &crate::template::Target<'_>) -> Option<(u64, (Pointer, Span))> {
    let mode = target.selection_mode()?;
    let count = mode
        .literal_text()?
        .strip_prefix("COUNT(")?
        .strip_suffix(')')?
        .parse()
        .ok()?;
    Some((count, (mode.pointer.clone(), mode.span())))
}

/// Actions surely running at one moment, against the parallel-actions limit.
fn parallel(ctx: &mut Context<'_>, timeline: &Timeline<'_>) {
    let quotas = ctx.catalog.quotas();
    let Some(quota) = quotas.template("parallelActionsPerExperiment") else {
        return;
    };
    let Some(limit) = quota.value else {
        return;
    };
    let Some(running) = timeline.most_parallel() else {
        return;
    };
    if running.steps.len() as u64 <= limit {
        return;
    }
    let Some(list) = ctx.experiment.field(Field::Actions) else {
        return;
    };
    let mut diagnostic = Diagnostic::new(
        &QuotaExceeded::META,
        format!(
            "{} and {} more actions run at the same time {}; FIS runs at most {limit} in parallel",
            named(timeline, &running.steps),
            running.steps.len() - 1,
            moment(running.at),
        ),
        list.key_or_value_span(),
        list.pointer.clone(),
    )
    .with_label(format!("{} actions at once", running.steps.len()))
    .with_help(format!(
        "order some of them with {} so that no more than {limit} run at once, or split the \
         experiment",
        quoted(ctx.experiment.form.written(Field::StartAfter))
    ));
    for &step in running.steps.iter().skip(limit as usize).take(MAX_LABELS) {
        let action = &timeline.steps[step].action;
        diagnostic =
            diagnostic.with_secondary(action.located().key_or_value_span(), "also running");
    }
    report(ctx, diagnostic, quota);
}

/// The first action's name, quoted.
fn named(timeline: &Timeline<'_>, steps: &[usize]) -> String {
    steps
        .first()
        .map(|&step| quoted(timeline.steps[step].action.name()))
        .unwrap_or_default()
}

/// Secondary labels per finding, so a hostile template cannot make one finding huge.
const MAX_LABELS: usize = 10;

fn moment(at: Duration) -> String {
    if at.millis == 0 {
        "when the experiment starts".to_owned()
    } else {
        format!("{at} after the experiment starts")
    }
}

/// The experiment's shortest possible length against the experiment duration limit.
fn duration(ctx: &mut Context<'_>, timeline: &Timeline<'_>) {
    let quotas = ctx.catalog.quotas();
    let Some(quota) = quotas.template("experimentDurationHours") else {
        return;
    };
    let Some(hours) = quota.value else {
        return;
    };
    let limit = Duration::from_secs(hours.saturating_mul(3600));
    let Some(total) = timeline.total() else {
        return;
    };
    if total.min <= limit {
        return;
    }
    let path = timeline.longest_path();
    let Some(&last) = path.last() else {
        return;
    };
    // One action longer than the limit is FIS010's finding, about its `duration`.
    if path
        .iter()
        .any(|&step| timeline.steps[step].length.min() > limit)
    {
        return;
    }
    let last = &timeline.steps[last].action;
    let names: Vec<String> = path
        .iter()
        .map(|&step| quoted(timeline.steps[step].action.name()))
        .collect();
    let chain = if names.len() > MAX_LABELS {
        format!("{} → … → {}", names[0], names[names.len() - 1])
    } else {
        names.join(" → ")
    };
    let mut diagnostic = Diagnostic::new(
        &QuotaExceeded::META,
        format!(
            "the experiment runs at least {} along {chain}; an experiment may run at most {hours} hours",
            total.min
        ),
        last.located().key_or_value_span(),
        last.located().pointer.clone(),
    )
    .with_label(format!("ends at {} at the earliest", total.min))
    .with_help(format!(
        "shorten the durations on this chain to {limit} in total, or split it into experiments \
         run one after another"
    ));
    for &step in path.iter().rev().skip(1).take(MAX_LABELS) {
        let action = &timeline.steps[step].action;
        diagnostic =
            diagnostic.with_secondary(action.located().key_or_value_span(), "on the chain");
    }
    report(ctx, diagnostic, quota);
}
