//! The fixes FIS020 can write: a key in another form's spelling or a near one, an enumerated
//! value near an allowed one, a scalar that only needs quotes or brackets, a misspelt resource
//! type.

use crate::catalog::Suggestion;
use crate::diagnostic::{Applicability, Fix, quoted};
use crate::rules::Context;
use crate::source::Node;
use crate::template::CFN_RESOURCE_TYPE;
use crate::template::schema::{Violation, ViolationKind};

/// The fix for one violation, when what was meant is plain.
pub(super) fn for_violation(ctx: &Context<'_>, violation: &Violation) -> Option<Fix> {
    let pointer = violation.pointer.as_str();
    match &violation.kind {
        ViolationKind::UnknownProperty { name, allowed } => {
            let form = ctx.experiment.form;
            let allowed: Vec<&str> = allowed.iter().map(|a| form.written_key(a)).collect();
            let meant = same_name_in_other_spelling(name, &allowed)
                .or_else(|| ctx.suggest(name, allowed.iter().copied()))?;
            let (parent, _) = pointer.rsplit_once('/')?;
            let siblings = ctx
                .node_at(parent)
                .and_then(Node::as_object)
                .unwrap_or_default()
                .iter()
                .map(|member| form.written_key(&member.key));
            ctx.rename_key(ctx.locate_key(pointer)?, name, meant, siblings)
        }
        ViolationKind::NotOneOf { options } => {
            let written = ctx.node_at(pointer)?.as_str()?;
            let meant = ctx.suggest(written, options.iter().map(String::as_str))?;
            ctx.rename(ctx.locate(pointer)?, written, meant)
        }
        // The API takes every parameter and tag as a string: the same text in quotes.
        ViolationKind::WrongType {
            expected,
            found: found @ ("a number" | "a boolean"),
        } if expected == "a string" => {
            let text = ctx.node_at(pointer)?.scalar_text()?;
            ctx.replace(
                ctx.locate(pointer)?,
                text,
                Applicability::Safe,
                format!("write {found} {} as a string", quoted(text)),
            )
        }
        // One name where a list belongs (`"startAfter": "Wait"`): the list of that one name.
        ViolationKind::WrongType {
            expected,
            found: "a string",
        } if expected == "an array" => {
            let text = ctx.node_at(pointer)?.as_str()?;
            let mut fix = ctx.replace(
                ctx.locate(pointer)?,
                text,
                Applicability::Safe,
                format!("make {} a list of one", quoted(text)),
            )?;
            for edit in &mut fix.edits {
                edit.content = format!("[{}]", edit.content);
            }
            Some(fix)
        }
        _ => None,
    }
}

/// The fix for a CloudFormation resource whose `Type` misspells the experiment template's:
/// certain, since the resource was only read as an experiment because it is that close.
pub(super) fn for_resource_type(ctx: &Context<'_>, written: &Node) -> Option<Fix> {
    let meant = Suggestion {
        name: CFN_RESOURCE_TYPE,
        certain: true,
    };
    ctx.rename(written.span, written.as_str()?, meant)
}

/// The one allowed name that is `name` in another form's spelling: `roleArn` for `RoleArn`,
/// `action_id` for `actionId`. Which form a person copied from is no guess, so it is certain.
fn same_name_in_other_spelling<'a>(name: &str, allowed: &[&'a str]) -> Option<Suggestion<'a>> {
    let folded = fold(name);
    let mut same = allowed.iter().filter(|a| fold(a) == folded);
    let only = same.next()?;
    same.next().is_none().then_some(Suggestion {
        name: only,
        certain: true,
    })
}

/// A name with case and underscores dropped: `roleArn`, `RoleArn` and `role_arn` agree.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_another_form_is_found_only_when_it_is_the_only_one() {
        let allowed = ["action_id", "start_after", "description"];
        let found = |name| same_name_in_other_spelling(name, &allowed).map(|s| s.name);
        assert_eq!(found("actionId"), Some("action_id"));
        assert_eq!(found("StartAfter"), Some("start_after"));
        assert_eq!(found("actionIds"), None);
        let twins = ["roleArn", "role_arn"];
        assert_eq!(same_name_in_other_spelling("RoleArn", &twins), None);
    }
}
