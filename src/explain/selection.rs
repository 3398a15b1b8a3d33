//! What each action acts on: per target key, the target and how it selects resources.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::part::{Part, Shown};
use crate::template::{Action, Entry, Field, Located, Target};

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct ActionTarget {
    /// The action's target key (`Instances`, `Clusters`).
    pub key: String,
    /// The target's name, as the action gives it.
    pub target: Shown,
    /// How the target selects resources; null when the template defines no target of that name
    /// (FIS009), or the name is deferred.
    pub selection: Option<Selection>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    pub resource_type: Option<Shown>,
    /// How many ARNs `resourceArns` names (or why that is not known); null when absent.
    pub resource_arns: Option<Part<usize>>,
    /// The tags resources must carry, in template order; null when absent.
    pub resource_tags: Option<Part<Vec<Named>>>,
    pub filters: Option<Part<Vec<Filter>>>,
    /// The target's `parameters` (a zone, a cluster, a label selector…).
    pub parameters: Option<Part<Vec<Named>>>,
    /// `ALL`, `COUNT(n)` or `PERCENT(n)`: how many of the matching resources FIS picks.
    pub selection_mode: Option<Shown>,
}

/// One member of a map: a tag, a parameter.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct Named {
    pub name: String,
    pub value: Shown,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct Filter {
    pub path: Option<Shown>,
    pub values: Option<Part<Vec<Shown>>>,
}

/// The targets of one action, each resolved through the template's `targets` map.
pub fn of_action(
    action: &Action<'_>,
    targets: &HashMap<&str, Target<'_>>,
) -> Option<Part<Vec<ActionTarget>>> {
    let located = action.targets_field()?;
    Some(Part::of(&located, action.targets(), |entries| {
        entries
            .iter()
            .map(|entry| {
                let target = Shown::of(&entry.value);
                let selection = target
                    .text()
                    .and_then(|name| targets.get(name))
                    .map(selection);
                ActionTarget {
                    key: entry.name.to_owned(),
                    target,
                    selection,
                }
            })
            .collect()
    }))
}

fn selection(target: &Target<'_>) -> Selection {
    Selection {
        resource_type: target.resource_type().as_ref().map(Shown::of),
        resource_arns: target
            .resource_arns()
            .map(|arns| Part::of(&arns, arns.items(), <[Located<'_>]>::len)),
        resource_tags: target.resource_tags().map(|tags| named(&tags)),
        filters: target.filters().map(|filters| {
            Part::of(&filters, filters.items(), |items| {
                items.iter().map(filter).collect()
            })
        }),
        parameters: target.parameters_field().map(|p| named(&p)),
        selection_mode: target.selection_mode().as_ref().map(Shown::of),
    }
}

fn named(located: &Located<'_>) -> Part<Vec<Named>> {
    Part::of(located, located.entries(), |entries: &[Entry<'_>]| {
        entries
            .iter()
            .map(|entry| Named {
                name: entry.name.to_owned(),
                value: Shown::of(&entry.value),
            })
            .collect()
    })
}

fn filter(item: &Located<'_>) -> Filter {
    Filter {
        path: item.field(Field::Path).as_ref().map(Shown::of),
        values: item.field(Field::Values).map(|values| {
            Part::of(&values, values.items(), |items| {
                items.iter().map(Shown::of).collect()
            })
        }),
    }
}
