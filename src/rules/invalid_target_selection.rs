use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Experiment, Field, Form, Located, Target, entries_of, items_of};

/// The API's limit on `resourceArns` per target.
const MAX_API_ARNS: usize = 5;

declare_rule! {
    /// ## What it does
    /// Checks how each target selects its resources. A target must not give both `resourceArns`
    /// and `resourceTags`, nor both `resourceArns` and `filters`; it must give at least one of
    /// `resourceArns`, `resourceTags` or `parameters`; a resource type identified by parameters
    /// alone (`aws:eks:pod`) takes no ARNs, tags or filters; and the API takes at most 5 ARNs per
    /// target. It also checks the targeting restrictions of particular actions:
    /// `aws:ec2:api-insufficient-instance-capacity-error` takes role ARNs only,
    /// `aws:eks:inject-kubernetes-custom-resource` exactly one cluster ARN, and
    /// `aws:s3:bucket-pause-replication` buckets selected by tags only. A tag value or filter
    /// value that still holds a placeholder (`<YOUR TAG VALUE>`, `ENVIRONMENT_NAME`) is a
    /// warning.
    ///
    /// ## Why is this bad?
    /// FIS rejects these targets when the template is created or when the experiment resolves
    /// them. A target that names no resources at all is an easy slip when a template is generated.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceArns:
    ///       - arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: ALL
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
    /// None: which selector to keep, or which resources to name, is a choice.
    ///
    /// ## References
    /// - [Identify target resources](https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-identification)
    /// - [ExperimentTemplateTarget in the FIS API](https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplateTargetInput.html)
    pub struct InvalidTargetSelection {
        code: "FIS014",
        name: "invalid-target-selection",
        severity: Error,
    }
}

/// Which selectors a target gives; `None` when a selector is present but deploy-time.
struct Selectors<'a> {
    arns: Option<Located<'a>>,
    tags: Option<Located<'a>>,
    filters: Option<Located<'a>>,
    parameters: Option<Located<'a>>,
}

impl<'a> Selectors<'a> {
    /// The selectors a target gives, or `None` when any of them is only known at deploy time.
    fn of(target: &Target<'a>) -> Option<Selectors<'a>> {
        let read = |located: Option<Located<'a>>| -> Option<Option<Located<'a>>> {
            match located {
                Some(l) if l.is_deferred() => None,
                Some(l) if is_empty(&l) => Some(None),
                other => Some(other),
            }
        };
        Some(Selectors {
            arns: read(target.resource_arns())?,
            tags: read(target.resource_tags())?,
            filters: read(target.filters())?,
            parameters: read(target.parameters_field())?,
        })
    }
}

fn is_empty(located: &Located<'_>) -> bool {
    located.node.as_object().is_some_and(<[_]>::is_empty)
        || located.node.as_array().is_some_and(<[_]>::is_empty)
}

impl Rule for InvalidTargetSelection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let name_of = |f: Field| quoted(selector_name(experiment.form, f));
        for target in experiment.targets().known() {
            // A target that is not an object is a schema violation, reported as such.
            if target.located().node.as_object().is_none() {
                continue;
            }
            report_placeholders(ctx, target);
            let Some(given) = Selectors::of(target) else {
                continue;
            };
            let owner = format!("target {}", quoted(target.name()));
            if let (Some(arns), Some(tags)) = (&given.arns, &given.tags) {
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{owner} gives both {} and {}",
                            name_of(Field::ResourceArns),
                            name_of(Field::ResourceTags)
                        ),
                        tags.key_or_value_span(),
                        tags.pointer.clone(),
                    )
                    .with_label("tags here")
                    .with_secondary(arns.key_or_value_span(), "ARNs here")
                    .with_help("FIS selects resources by ARNs or by tags, not both; keep one"),
                );
            }
            if let (Some(arns), Some(filters)) = (&given.arns, &given.filters) {
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!("{owner} gives both {} and {}", name_of(Field::ResourceArns), name_of(Field::Filters)),
                        filters.key_or_value_span(),
                        filters.pointer.clone(),
                    )
                    .with_label("filters here")
                    .with_secondary(arns.key_or_value_span(), "ARNs here")
                    .with_help("filters narrow resources selected by tags or parameters; select by tags, or drop the filters"),
                );
            }
            if given.arns.is_none() && given.tags.is_none() && given.parameters.is_none() {
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{owner} selects no resources: it gives no {}, {} or {}",
                            name_of(Field::ResourceArns),
                            name_of(Field::ResourceTags),
                            name_of(Field::Parameters)
                        ),
                        target.0.name_span,
                        target.located().pointer.clone(),
                    )
                    .with_label("selects nothing")
                    .with_help(format!(
                        "add {} (or {}) to say which resources to act on",
                        name_of(Field::ResourceTags),
                        name_of(Field::ResourceArns)
                    )),
                );
            }
            check_parameters_only(ctx, experiment, target, &given);
            if experiment.form != Form::CloudFormation
                && let Some(arns) = &given.arns
                && let Some(items) = arns.node.as_array()
                && items.len() > MAX_API_ARNS
            {
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{owner} lists {} ARNs, more than the {MAX_API_ARNS} FIS allows",
                            items.len()
                        ),
                        arns.key_or_value_span(),
                        arns.pointer.clone(),
                    )
                    .with_label("too many ARNs")
                    .with_help(
                        "split the resources across several targets, or select them by tags",
                    ),
                );
            }
        }
        check_action_restrictions(ctx);
    }
}

/// Tag values and filter values that still hold a placeholder (`<YOUR TAG VALUE>`), warned
/// about as FIS010 and FIS018 warn about placeholders in parameters and ARNs.
fn report_placeholders(ctx: &mut Context<'_>, target: &Target<'_>) {
    for tag in entries_of(target.resource_tags()).known() {
        let what = format!(
            "tag {} of target {}",
            quoted(tag.name),
            quoted(target.name())
        );
        ctx.report_placeholder(&InvalidTargetSelection::META, &tag.value, &what);
    }
    for filter in items_of(target.filters()).known() {
        for value in items_of(filter.field(Field::Values)).known() {
            let what = format!("a filter value of target {}", quoted(target.name()));
            ctx.report_placeholder(&InvalidTargetSelection::META, value, &what);
        }
    }
}

/// `aws:eks:pod` targets name their pods through parameters only.
fn check_parameters_only(
    ctx: &mut Context<'_>,
    experiment: &Experiment<'_>,
    target: &Target<'_>,
    given: &Selectors<'_>,
) {
    let Some(rtype) = target.resource_type().and_then(|t| t.text()) else {
        return;
    };
    let parameters_only = ctx
        .catalog
        .resource_type(rtype)
        .and_then(|t| t.targeting.as_ref())
        .is_some_and(|t| t.parameters_only);
    if !parameters_only {
        return;
    }
    for (selector, located) in [
        (Field::ResourceArns, &given.arns),
        (Field::ResourceTags, &given.tags),
        (Field::Filters, &given.filters),
    ] {
        let Some(located) = located else { continue };
        let required: Vec<String> = ctx
            .catalog
            .resource_type(rtype)
            .and_then(|t| t.parameters.as_ref())
            .map(|p| {
                p.iter()
                    .filter(|(_, s)| s.required)
                    .map(|(n, _)| quoted(n))
                    .collect()
            })
            .unwrap_or_default();
        ctx.report(
            Diagnostic::new(
                &InvalidTargetSelection::META,
                format!(
                    "target {} ({}) cannot select by {}",
                    quoted(target.name()),
                    quoted(rtype),
                    quoted(selector_name(experiment.form, selector))
                ),
                located.key_or_value_span(),
                located.pointer.clone(),
            )
            .with_label("not allowed for this resource type")
            .with_help(format!(
                "identify the resources with the target parameters {}",
                required.join(", ")
            )),
        );
    }
}

/// How the form writes one of a target's selectors. A Terraform target's `parameters` is a map
/// attribute, where an action's are `parameter` blocks.
fn selector_name(form: Form, field: Field) -> &'static str {
    match (form, field) {
        (Form::Terraform, Field::Parameters) => "parameters",
        _ => form.written(field),
    }
}

/// The targeting restrictions of particular actions, checked on the targets they use.
fn check_action_restrictions(ctx: &mut Context<'_>) {
    let experiment = ctx.experiment;
    let form = experiment.form;
    for known in ctx.known_actions() {
        let Some(rules) = known.spec.targeting.clone() else {
            continue;
        };
        let (action, id) = (&known.action, known.id_text);
        for (reference, target) in ctx.referenced_targets(action) {
            let Some(given) = Selectors::of(&target) else {
                continue;
            };
            let mut complain =
                |located: &Located<'_>, selector: crate::template::Field, why: &str, help: &str| {
                    ctx.report(
                        Diagnostic::new(
                            &InvalidTargetSelection::META,
                            format!(
                                "target {} gives {} but {} {why}",
                                quoted(target.name()),
                                quoted(selector_name(form, selector)),
                                quoted(id)
                            ),
                            located.key_or_value_span(),
                            located.pointer.clone(),
                        )
                        .with_label("not accepted by the action")
                        .with_secondary(reference.value.span(), "used here")
                        .with_help(help.to_owned()),
                    );
                };
            if rules.resource_arns_only {
                for (selector, located) in [
                    (Field::ResourceTags, &given.tags),
                    (Field::Filters, &given.filters),
                    (Field::Parameters, &given.parameters),
                ] {
                    if let Some(located) = located {
                        complain(
                            located,
                            selector,
                            "targets resources by ARN only",
                            match form {
                                Form::Terraform => "list the resources in `resource_arns` instead",
                                Form::Api | Form::CloudFormation => {
                                    "list the resources under resourceArns instead"
                                }
                            },
                        );
                    }
                }
            }
            if rules.resource_tags_only {
                for (selector, located) in [
                    (Field::ResourceArns, &given.arns),
                    (Field::Filters, &given.filters),
                ] {
                    if let Some(located) = located {
                        complain(
                            located,
                            selector,
                            "targets resources by tags only",
                            match form {
                                Form::Terraform => {
                                    "select the resources with `resource_tag` blocks instead"
                                }
                                Form::Api | Form::CloudFormation => {
                                    "select the resources with resourceTags instead"
                                }
                            },
                        );
                    }
                }
            }
            if rules.single_resource_arn
                && let Some(arns) = &given.arns
                && arns.node.as_array().is_some_and(|items| items.len() != 1)
            {
                complain(
                    arns,
                    Field::ResourceArns,
                    "takes exactly one resource ARN",
                    "list exactly one cluster ARN",
                );
            }
        }
    }
}
