//! The Mermaid view: a `gantt` chart when every action's start and end are known, else a
//! `flowchart` of the `startAfter` order. Both render in GitHub pull requests and job summaries.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::time::{LengthKind, Time, short};
use super::{ActionExplanation, ExperimentExplanation};
use crate::duration::Duration;

/// Names longer than this many characters are cut: a chart has no room for them.
const MAX_NAME_CHARS: usize = 60;
const MAX_TITLE_CHARS: usize = 100;

/// Gantt times are written as a time of day (`HH:mm:ss`), parsed and drawn in the reader's own
/// time zone, so the axis shows offsets from the start wherever it is read. That caps a chart at
/// a day, twice FIS's 12-hour limit on an experiment; longer ones get the flowchart.
const ONE_DAY: Duration = Duration::from_secs(86_400);

/// The experiment as one Mermaid diagram.
pub fn mermaid(explanation: &ExperimentExplanation) -> String {
    // Times after a wait an intrinsic hides, or a name the template lacks, are not known; and
    // an experiment that takes no time has no axis to draw.
    let takes_time = explanation
        .duration
        .and_then(|d| d.max)
        .is_some_and(|max| max.duration().millis > 0);
    let rows = if explanation.complete && takes_time {
        gantt_rows(&explanation.actions)
    } else {
        None
    };
    match rows {
        Some(rows) => gantt(explanation, &rows),
        None => flowchart(explanation),
    }
}

/// Each action's start and end, when every one is known exactly to the second and within a day.
fn gantt_rows(actions: &[ActionExplanation]) -> Option<Vec<(Time, Time)>> {
    if actions.is_empty() {
        return None;
    }
    actions
        .iter()
        .map(|action| {
            let start = action.start?.exact()?;
            let end = action.end?.max?;
            let fits = |t: Time| t.duration().millis.is_multiple_of(1000) && t.duration() < ONE_DAY;
            (fits(start) && fits(end)).then_some((start, end))
        })
        .collect()
}

fn gantt(explanation: &ExperimentExplanation, rows: &[(Time, Time)]) -> String {
    let whole_minutes = rows.iter().all(|(s, e)| {
        s.duration().millis.is_multiple_of(60_000) && e.duration().millis.is_multiple_of(60_000)
    });
    let mut out = String::from("gantt\n");
    let _ = writeln!(
        out,
        "    title {}",
        plain(&title(explanation), MAX_TITLE_CHARS)
    );
    out.push_str("    dateFormat HH:mm:ss\n");
    let axis = if whole_minutes { "%H:%M" } else { "%H:%M:%S" };
    let _ = writeln!(out, "    axisFormat {axis}");
    out.push_str("    todayMarker off\n");
    let _ = writeln!(
        out,
        "    section {}",
        plain(&explanation.template, MAX_NAME_CHARS)
    );
    let critical: HashSet<&str> = explanation
        .longest_path
        .iter()
        .map(String::as_str)
        .collect();
    for (i, (action, (start, end))) in explanation.actions.iter().zip(rows).enumerate() {
        let name = format!("{} ({})", action.name, action.length.describe());
        let mut tags = Vec::new();
        if critical.contains(action.name.as_str()) {
            tags.push("crit");
        }
        if action.length.kind == LengthKind::Instant {
            tags.push("milestone");
        }
        tags.push("");
        let _ = writeln!(
            out,
            "    {} :{}a{i}, {}, {}",
            task_name(&name),
            tags.join(", "),
            clock(*start),
            clock(*end)
        );
    }
    out
}

/// A time of day standing for an offset from the experiment's start: `00:05:00`.
fn clock(time: Time) -> String {
    let secs = time.duration().millis / 1000;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn flowchart(explanation: &ExperimentExplanation) -> String {
    let mut out = String::from("flowchart LR\n");
    if explanation.actions.is_empty() {
        let why = super::text::no_actions(explanation);
        let _ = writeln!(out, "    empty[\"{}\"]", label(&why));
        return out;
    }
    // The last of duplicate names, as the timeline reads `startAfter`.
    let ids: HashMap<&str, usize> = explanation
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.as_str(), i))
        .collect();
    for (i, action) in explanation.actions.iter().enumerate() {
        let mut lines = vec![
            label(&action.name),
            label(
                &action
                    .action_id
                    .as_ref()
                    .map_or_else(String::new, |id| id.display()),
            ),
        ];
        let mut when = action.length.describe();
        if let (Some(start), Some(end)) = (action.start, action.end) {
            let end = end.max.map_or_else(|| "?".to_owned(), Time::offset);
            let _ = write!(when, ", {} → {end}", start.min.offset());
        }
        lines.push(label(&when));
        if !action.unresolved_after.is_empty() {
            let waits: Vec<String> = action
                .unresolved_after
                .iter()
                .map(super::Shown::display)
                .collect();
            lines.push(label(&format!(
                "waits for {} (not in the template)",
                waits.join(", ")
            )));
        }
        let _ = writeln!(out, "    a{i}[\"{}\"]", lines.join("<br/>"));
    }
    for (i, action) in explanation.actions.iter().enumerate() {
        for awaited in &action.after {
            if let Some(from) = ids.get(awaited.as_str()) {
                let _ = writeln!(out, "    a{from} --> a{i}");
            }
        }
    }
    if let Some(duration) = explanation.duration {
        let lasts = match duration.max {
            Some(max) if max == duration.min => short(max.duration()),
            Some(max) => format!(
                "{} to {}",
                short(duration.min.duration()),
                short(max.duration())
            ),
            None => format!("at least {}", short(duration.min.duration())),
        };
        let _ = writeln!(out, "    %% lasts {}", plain(&lasts, MAX_NAME_CHARS));
    }
    out
}

/// The template's description, else its label.
fn title(explanation: &ExperimentExplanation) -> String {
    match explanation.description.as_ref().and_then(|d| d.text()) {
        Some(description) if !description.trim().is_empty() => description.to_owned(),
        _ => explanation.label.clone(),
    }
}

/// Words that open a gantt statement: a task name starting with one would be read as that
/// statement (Mermaid's gantt lexer matches them first, in any case).
const GANTT_KEYWORDS: &[&str] = &[
    "accdescr",
    "acctitle",
    "axisformat",
    "dateformat",
    "excludes",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
];

/// A task's name, kept from being read as a statement.
fn task_name(text: &str) -> String {
    let name = plain(text, MAX_NAME_CHARS);
    let lower = name.to_ascii_lowercase();
    if GANTT_KEYWORDS.iter().any(|k| lower.starts_with(k)) {
        format!("action {name}")
    } else {
        name
    }
}

/// Text for a gantt line (a title, a section, a task name): the characters Mermaid reads as
/// syntax there (`:` ends a task's name, `#` and `;` start entities and statements, `%%` a
/// comment) and every control character become spaces or look-alikes, and long text is cut.
fn plain(text: &str, cap: usize) -> String {
    let mut out = String::new();
    for c in capped(text, cap).chars() {
        out.push(match c {
            ':' => '꞉',
            ';' | '#' | '%' | '`' | '"' | '<' | '>' | '{' | '}' | '[' | ']' | '|' | '\\' => '_',
            c if c.is_control() || crate::escape::is_hazard(c) => ' ',
            c => c,
        });
    }
    out.trim().to_owned()
}

/// Text inside a flowchart node's quoted label: quotes and markup as Mermaid's entity codes.
fn label(text: &str) -> String {
    let mut out = String::new();
    for c in capped(text, MAX_NAME_CHARS).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '%' => out.push_str("#37;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() || crate::escape::is_hazard(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn capped(text: &str, cap: usize) -> String {
    match text.char_indices().nth(cap) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
