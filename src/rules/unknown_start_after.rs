use std::collections::HashSet;

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
use crate::diagnostic::{Diagnostic, Fix, quoted};
use crate::template::Located;

declare_rule! {
    /// ## What it does
    /// Checks that every name in an action's `startAfter` list is an action of the same template.
    ///
    /// ## Why is this bad?
    /// FIS rejects the template: an action cannot wait for an action that does not exist. This
    /// usually follows renaming an action.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   Wait:
    ///     ActionId: aws:fis:wait
    ///     Parameters: {duration: PT5M}
    ///   Stop:
    ///     ActionId: aws:ec2:stop-instances
    ///     StartAfter: [Pause]
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   Stop:
    ///     ActionId: aws:ec2:stop-instances
    ///     StartAfter: [Wait]
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: the nearest name of another action replaces the one written, safely when it
    /// differs only in case or is the only name within two edits, unless the action already waits
    /// for it.
    ///
    /// ## References
    /// - [Action order](https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html#action-order)
    pub struct UnknownStartAfter {
        code: "FIS011",
        name: "unknown-start-after",
        severity: Error,
    }
}

impl Rule for UnknownStartAfter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let actions = ctx.experiment.actions();
        let names: Vec<&str> = actions.known().iter().map(|a| a.name()).collect();
        let defined: HashSet<&str> = names.iter().copied().collect();
        for action in actions.known() {
            let waits = action.start_after();
            for waited in waits.known() {
                let Some(name) = waited.text() else { continue };
                if defined.contains(name) {
                    continue;
                }
                let others = names.iter().copied().filter(|n| *n != action.name());
                let suggestion = ctx.suggest(name, others);
                let help = match suggestion {
                    Some(close) => format!("did you mean {}?", quoted(close.name)),
                    None => "list only names of actions defined in this template".to_owned(),
                };
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "action {} starts after undefined action {}",
                            quoted(action.name()),
                            quoted(name)
                        ),
                        waited.span(),
                        waited.pointer.clone(),
                    )
                    .with_label("no action of this name")
                    .with_help(help)
                    .with_fix(
                        suggestion.and_then(|close| rename(ctx, waits.known(), waited, close)),
                    ),
                );
            }
        }
    }
}

/// Names the action meant, unless the action already waits for it (the list would repeat it).
fn rename(
    ctx: &Context<'_>,
    waits: &[Located<'_>],
    waited: &Located<'_>,
    meant: Suggestion<'_>,
) -> Option<Fix> {
    let siblings = waits.iter().filter_map(Located::text);
    ctx.rename_key(waited.span(), waited.text()?, meant, siblings)
}
