//! What an experiment will do and when: one stable document per experiment template, built from
//! its `Timeline`, and the text and Mermaid views of that document.

mod mermaid;
mod part;
mod selection;
mod text;
mod time;

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::Serialize;

pub use mermaid::mermaid;
pub use part::{Part, Shown};
pub use selection::{ActionTarget, Filter, Selection};
pub use text::text;
pub use time::{Bounds, Length, Time};

use crate::catalog::Catalog;
use crate::template::{Action, Experiment, Field, Shape, StopCondition};
use crate::timeline::Timeline;

/// The version of the document's shape; bumped only when a field changes meaning or goes away.
pub const VERSION: u32 = 1;

/// `fislint explain --format json`: every experiment found, with the file it is in.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Document<'r> {
    /// The document's shape ([`VERSION`]).
    pub version: u32,
    pub experiments: Vec<FileExperiment<'r>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FileExperiment<'r> {
    /// The file, as the command line or the walk named it.
    pub file: &'r str,
    #[serde(flatten)]
    pub explanation: &'r ExperimentExplanation,
}

/// The JSON Schema of [`Document`], committed as `schemas/explain.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Document<'static>);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// One experiment template, explained.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct ExperimentExplanation {
    /// The CloudFormation resource's logical id, or `template` for an API template.
    pub template: String,
    /// How messages name the experiment: "resource `Id`" or "the template".
    pub label: String,
    /// JSON Pointer of the experiment template in its document.
    pub pointer: String,
    /// The template's `description`.
    pub description: Option<Shown>,
    /// Every action and every wait is visible: no intrinsic hides one, and every `startAfter`
    /// names an action the template defines. When false, times are a lower bound at best.
    pub complete: bool,
    /// Some actions wait for each other in a cycle (FIS012): they, and what waits for them,
    /// have no times.
    pub cyclic: bool,
    /// The actions in the order they start (unknown starts last), then in template order.
    pub actions: Vec<ActionExplanation>,
    /// Set when the `actions` map itself is not known: the intrinsic function that gives it at
    /// deploy time, or the JSON type written instead of a map. `actions` is then empty.
    pub actions_hidden: Option<Shown>,
    /// The chain of waits that makes the experiment as long as it must be at least, first action
    /// first (action names).
    pub longest_path: Vec<String>,
    /// When the last action ends, counted from the experiment's start: the experiment's length
    /// (`max` null when an action's length is unknown; the whole null inside a cycle).
    pub duration: Option<Bounds>,
    /// The most actions surely running at one moment (a lower bound on what FIS runs at once).
    pub most_parallel: Option<Parallel>,
    /// The template's stop conditions; null when it has none.
    pub stop_conditions: Option<Part<Vec<StopConditionExplanation>>>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct ActionExplanation {
    /// The action's name in the template.
    pub name: String,
    /// Its `actionId`; null when absent.
    pub action_id: Option<Shown>,
    /// What the action does, from the catalog; null for an unknown or deferred id.
    pub description: Option<String>,
    pub length: Length,
    /// When the action starts, counted from the experiment's start; null in or after a cycle.
    pub start: Option<Bounds>,
    /// When it ends; null in or after a cycle.
    pub end: Option<Bounds>,
    /// The actions it waits for (`startAfter` names the template defines).
    pub after: Vec<String>,
    /// Waits that name no action of the template, or that an intrinsic hides.
    pub unresolved_after: Vec<Shown>,
    /// Per target key, the target it acts on and how that target selects resources.
    pub targets: Option<Part<Vec<ActionTarget>>>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct Parallel {
    /// The moment they all run.
    pub at: Time,
    /// Their names, in template order.
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct StopConditionExplanation {
    pub source: Option<Shown>,
    pub value: Option<Shown>,
}

impl ExperimentExplanation {
    pub fn new(experiment: &Experiment<'_>, catalog: &Catalog) -> ExperimentExplanation {
        let timeline = Timeline::new(experiment, catalog);
        let targets = experiment.targets_by_name();
        let names: Vec<&str> = timeline.steps.iter().map(|s| s.action.name()).collect();
        let defined: HashSet<&str> = names.iter().copied().collect();
        let name_of = |i: usize| names[i].to_owned();
        let mut order: Vec<usize> = (0..timeline.steps.len()).collect();
        // Unknown starts come last; an action that starts as the instant one it waits for ends
        // still comes after it.
        order.sort_by_key(|&i| {
            let start = timeline.steps[i].start;
            (
                start.is_none(),
                start.map(|s| s.min),
                timeline.steps[i].after_instants,
            )
        });
        let actions = order
            .into_iter()
            .map(|i| {
                let step = &timeline.steps[i];
                let action = &step.action;
                let id = action.action_id();
                let description = id
                    .as_ref()
                    .and_then(|id| id.literal_text())
                    .and_then(|id| catalog.action(id))
                    .map(|spec| spec.description.clone());
                ActionExplanation {
                    name: action.name().to_owned(),
                    action_id: id.as_ref().map(Shown::of),
                    description,
                    length: Length::from(step.length),
                    start: step.start.map(Bounds::from),
                    end: step.end.map(Bounds::from),
                    after: step.after.iter().map(|&a| name_of(a)).collect(),
                    unresolved_after: unresolved_waits(action, &defined),
                    targets: selection::of_action(action, &targets),
                }
            })
            .collect();
        let most_parallel = timeline.most_parallel().map(|p| Parallel {
            at: Time::from(p.at),
            actions: p.steps.into_iter().map(name_of).collect(),
        });
        ExperimentExplanation {
            template: experiment
                .resource
                .as_ref()
                .map_or("template", |r| r.logical_id)
                .to_owned(),
            label: experiment.label(),
            pointer: experiment.body.pointer.as_str().to_owned(),
            description: experiment.field(Field::Description).as_ref().map(Shown::of),
            complete: timeline.complete,
            cyclic: timeline.cyclic,
            actions,
            actions_hidden: actions_hidden(experiment),
            longest_path: timeline.longest_path().into_iter().map(name_of).collect(),
            duration: timeline.total().map(Bounds::from),
            most_parallel,
            stop_conditions: stop_conditions(experiment),
        }
    }
}

/// The `startAfter` items the timeline could not follow: intrinsics, non-text items, and names
/// of actions the template lacks.
fn unresolved_waits(action: &Action<'_>, defined: &HashSet<&str>) -> Vec<Shown> {
    match action.start_after() {
        Shape::Absent => Vec::new(),
        Shape::Deferred | Shape::Invalid => action
            .located()
            .field(Field::StartAfter)
            .iter()
            .map(Shown::of)
            .collect(),
        Shape::Known(items) => items
            .iter()
            .filter(|item| item.text().is_none_or(|name| !defined.contains(name)))
            .map(Shown::of)
            .collect(),
    }
}

fn actions_hidden(experiment: &Experiment<'_>) -> Option<Shown> {
    let located = experiment.field(Field::Actions)?;
    match experiment.actions() {
        Shape::Deferred | Shape::Invalid => Some(Shown::of(&located)),
        Shape::Absent | Shape::Known(_) => None,
    }
}

fn stop_conditions(experiment: &Experiment<'_>) -> Option<Part<Vec<StopConditionExplanation>>> {
    let condition = |c: &StopCondition<'_>| StopConditionExplanation {
        source: c.source().as_ref().map(Shown::of),
        value: c.value().as_ref().map(Shown::of),
    };
    let located = experiment.field(Field::StopConditions)?;
    Some(Part::of(&located, experiment.stop_conditions(), |items| {
        items.iter().map(condition).collect()
    }))
}

#[cfg(test)]
mod tests;
