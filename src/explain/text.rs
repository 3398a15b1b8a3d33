//! The terminal view: one line per action with its offsets (`+5m → +15m`), what it acts on, then
//! the longest path, the experiment's length, what surely runs at once and the stop conditions.

use std::fmt::Write;

use super::part::{Part, Shown};
use super::selection::{ActionTarget, Selection};
use super::time::{Bounds, short};
use super::{ActionExplanation, ExperimentExplanation};
use crate::emit::plural;
use crate::escape::shown;

/// The experiment as text, headed by `file` (and the template's label and description).
pub fn text(file: &str, explanation: &ExperimentExplanation) -> String {
    let mut out = String::new();
    let mut heading = format!("{}: {}", shown(file), shown(&explanation.label));
    if let Some(description) = &explanation.description {
        let _ = write!(heading, " ({})", shown(&description.display()));
    }
    out.push_str(&heading);
    out.push('\n');
    let rows: Vec<(String, &ActionExplanation)> = explanation
        .actions
        .iter()
        .map(|action| (times(action), action))
        .collect();
    let time_width = rows
        .iter()
        .map(|(t, _)| t.chars().count())
        .max()
        .unwrap_or(0);
    let name_width = rows
        .iter()
        .map(|(_, a)| shown(&a.name).chars().count())
        .max()
        .unwrap_or(0);
    if rows.is_empty() {
        out.push_str(&format!("  {}\n", no_actions(explanation)));
    }
    for (times, action) in &rows {
        let name = shown(&action.name);
        let mut line = format!(
            "  {times:<time_width$}  {name:<name_width$}  {}, {}",
            action
                .action_id
                .as_ref()
                .map_or_else(|| "no actionId".to_owned(), |id| shown(&id.display())),
            action.length.describe()
        );
        if !action.after.is_empty() {
            let after: Vec<String> = action.after.iter().map(|a| shown(a)).collect();
            let _ = write!(line, ", after {}", after.join(", "));
        }
        if !action.unresolved_after.is_empty() {
            let waits: Vec<String> = action
                .unresolved_after
                .iter()
                .map(|w| shown(&w.display()))
                .collect();
            let _ = write!(
                line,
                ", waits for {} (not in the template)",
                waits.join(", ")
            );
        }
        out.push_str(line.trim_end());
        out.push('\n');
        let indent = " ".repeat(2 + time_width + 2 + name_width + 2);
        for target in target_lines(action) {
            let _ = writeln!(out, "{indent}{target}");
        }
    }
    summary(&mut out, explanation);
    out
}

/// Why there is no action to show.
pub(super) fn no_actions(explanation: &ExperimentExplanation) -> String {
    match &explanation.actions_hidden {
        Some(Shown::Deferred { deferred }) => format!(
            "the actions are given by {} at deploy time: not known here",
            shown(deferred)
        ),
        Some(hidden) => format!("`actions` is {}, not a map", shown(&hidden.display())),
        None => "no actions: FIS runs nothing".to_owned(),
    }
}

/// `+5m → +15m`, with ranges where a time is known only within bounds.
fn times(action: &ActionExplanation) -> String {
    match (action.start, action.end) {
        (Some(start), Some(end)) => format!("{} → {}", bounds(start), bounds(end)),
        _ => "? → ?".to_owned(),
    }
}

fn bounds(bounds: Bounds) -> String {
    match (bounds.exact(), bounds.max) {
        (Some(exact), _) => exact.offset(),
        (None, Some(max)) => format!("{}..{}", bounds.min.offset(), max.offset()),
        (None, None) => format!("{}..?", bounds.min.offset()),
    }
}

fn target_lines(action: &ActionExplanation) -> Vec<String> {
    match &action.targets {
        None => Vec::new(),
        Some(Part::Known(targets)) => targets.iter().map(target_line).collect(),
        Some(other) => vec![format!("targets: {}", part_display(other))],
    }
}

fn target_line(target: &ActionTarget) -> String {
    let name = shown(&target.target.display());
    let key = shown(&target.key);
    match &target.selection {
        None => format!("{key}: {name} (not defined in the template)"),
        Some(selection) => format!("{key}: {name} ({})", describe(selection)),
    }
}

/// `aws:ec2:instance; tags Tier=web; COUNT(1)`.
fn describe(selection: &Selection) -> String {
    let mut parts = Vec::new();
    parts.push(
        selection
            .resource_type
            .as_ref()
            .map_or_else(|| "no resourceType".to_owned(), |t| shown(&t.display())),
    );
    if let Some(arns) = &selection.resource_arns {
        parts.push(match arns {
            Part::Known(count) => plural(*count, "ARN"),
            other => format!("ARNs {}", part_display(other)),
        });
    }
    if let Some(tags) = &selection.resource_tags {
        parts.push(format!("tags {}", pairs(tags)));
    }
    if let Some(filters) = &selection.filters {
        parts.push(match filters {
            Part::Known(filters) => {
                let each: Vec<String> = filters
                    .iter()
                    .map(|f| {
                        let path = f.path.as_ref().map_or("?".to_owned(), |p| p.display());
                        let values = match &f.values {
                            Some(Part::Known(values)) => values
                                .iter()
                                .map(Shown::display)
                                .collect::<Vec<_>>()
                                .join("|"),
                            Some(other) => part_display(other),
                            None => "?".to_owned(),
                        };
                        shown(&format!("{path}={values}"))
                    })
                    .collect();
                format!("filters {}", each.join(", "))
            }
            other => format!("filters {}", part_display(other)),
        });
    }
    if let Some(parameters) = &selection.parameters {
        parts.push(format!("parameters {}", pairs(parameters)));
    }
    parts.push(
        selection
            .selection_mode
            .as_ref()
            .map_or_else(|| "no selectionMode".to_owned(), |m| shown(&m.display())),
    );
    parts.join("; ")
}

fn pairs(part: &Part<Vec<super::selection::Named>>) -> String {
    match part {
        Part::Known(pairs) => {
            let each: Vec<String> = pairs
                .iter()
                .map(|p| shown(&format!("{}={}", p.name, p.value.display())))
                .collect();
            each.join(", ")
        }
        other => part_display(other),
    }
}

fn part_display<T>(part: &Part<T>) -> String {
    match part {
        Part::Known(_) => String::new(),
        Part::Deferred { deferred } => format!("<{}>", shown(deferred)),
        Part::Invalid { invalid } => format!("<{}>", shown(invalid)),
    }
}

fn summary(out: &mut String, explanation: &ExperimentExplanation) {
    if !explanation.longest_path.is_empty() {
        let path: Vec<String> = explanation.longest_path.iter().map(|a| shown(a)).collect();
        let _ = writeln!(out, "  longest path: {}", path.join(" → "));
    }
    let length = match explanation.duration {
        _ if explanation.cyclic => {
            "unknown: some actions wait for each other in a cycle (FIS012)".to_owned()
        }
        None => "unknown".to_owned(),
        Some(duration) => match (duration.exact(), duration.max) {
            (Some(exact), _) => short(exact.duration()),
            (None, Some(max)) => format!(
                "{} to {}",
                short(duration.min.duration()),
                short(max.duration())
            ),
            (None, None) => format!(
                "at least {} (some lengths are unknown)",
                short(duration.min.duration())
            ),
        },
    };
    let _ = writeln!(out, "  lasts: {length}");
    if !explanation.complete {
        out.push_str(
            "  incomplete: an intrinsic or an unknown startAfter name hides part of the order\n",
        );
    }
    if let Some(parallel) = &explanation.most_parallel {
        let names: Vec<String> = parallel.actions.iter().map(|a| shown(a)).collect();
        let _ = writeln!(
            out,
            "  most at once: {} at {} ({})",
            plural(parallel.actions.len(), "action"),
            parallel.at.offset(),
            names.join(", ")
        );
    }
    let conditions = match &explanation.stop_conditions {
        None => "none given".to_owned(),
        Some(Part::Known(conditions)) if conditions.is_empty() => "none given".to_owned(),
        Some(Part::Known(conditions)) => conditions
            .iter()
            .map(|c| {
                let source = c.source.as_ref().map_or("?".to_owned(), Shown::display);
                match &c.value {
                    Some(value) => shown(&format!("{source} {}", value.display())),
                    None => shown(&source),
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => part_display(other),
    };
    let _ = writeln!(out, "  stop conditions: {conditions}");
}
