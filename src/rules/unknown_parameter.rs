use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that every parameter an action or target gives is one the catalog lists for that
    /// action or resource type. Parameter names are case-sensitive.
    ///
    /// ## Why is this bad?
    /// A misspelled parameter (`durration`, `startInstancesAtEnd`) is at best ignored, so the
    /// experiment runs with a default the author did not choose, and at worst rejected. Target
    /// parameters belong to the resource type: `aws:ec2:instance` takes none at all.
    ///
    /// Two parameters appear in AWS's own examples but not in the actions reference (`region` on
    /// `aws:memorydb:multi-region-cluster-pause-replication`, `service` on
    /// `aws:kinesis:stream-provisioned-throughput-exception`); they are reported as warnings,
    /// since whether FIS accepts them is not documented.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   StopInstances:
    ///     ActionId: aws:ec2:stop-instances
    ///     Parameters:
    ///       startInstancesAfter: PT5M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   StopInstances:
    ///     ActionId: aws:ec2:stop-instances
    ///     Parameters:
    ///       startInstancesAfterDuration: PT5M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: the nearest parameter name replaces the one written, safely when it differs only
    /// in case or is the only name within two edits. No fix renames onto a parameter already given.
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [Target parameters](https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-parameters)
    pub struct UnknownParameter {
        code: "FIS008",
        name: "unknown-parameter",
        severity: Error,
    }
}

impl Rule for UnknownParameter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for set in ctx.parameter_sets() {
            for given in set.given.known() {
                let names = set.specs.keys().map(String::as_str);
                match set.specs.get(given.name) {
                    Some(spec) if spec.observed_only => ctx.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "parameter {} of {} is not in the FIS actions reference",
                                quoted(given.name),
                                set.owner
                            ),
                            given.name_span,
                            given.value.pointer.clone(),
                        )
                        .with_label("undocumented parameter")
                        .with_help(
                            "an AWS example passes this parameter but the reference does not list it; \
                             remove it unless you have seen FIS act on it",
                        )
                        .tentative(),
                    ),
                    Some(_) => {}
                    None => {
                        let suggestion = ctx.suggest(given.name, names);
                        let help = match suggestion {
                            Some(close) => format!("did you mean {}?", quoted(close.name)),
                            None if set.specs.is_empty() => "this takes no parameters; remove it".to_owned(),
                            None => format!(
                                "the known parameters are {}",
                                set.specs.keys().map(quoted).collect::<Vec<_>>().join(", ")
                            ),
                        };
                        ctx.report(
                            Diagnostic::new(
                                &Self::META,
                                format!("unknown parameter {} for {}", quoted(given.name), set.owner),
                                given.name_span,
                                given.value.pointer.clone(),
                            )
                            .with_label("not a parameter of this action or resource type")
                            .with_help(help)
                            .with_fix(suggestion.and_then(|close| {
                                let siblings = set.given.known().iter().map(|other| other.name);
                                ctx.rename_key(given.name_span, given.name, close, siblings)
                            })),
                        );
                    }
                }
            }
        }
    }
}
