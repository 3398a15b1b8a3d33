//! Rule documentation generated from the rules' doc comments: the `rules/FIS0NN.md` pages, the
//! README's rule table, and the one-line summaries `fislint rules` and `fis://rules` list. Tests
//! fail when the committed copies drift.

use serde::Serialize;

use super::{ALL, RuleMeta};
use crate::diagnostic::Severity;

/// Marks the generated table inside the README.
pub const TABLE_START: &str =
    "<!-- rules-table:start (generated from the rules' doc comments; do not edit) -->";
pub const TABLE_END: &str = "<!-- rules-table:end -->";

/// A rule in one line, as `fislint rules --format json` and the MCP `fis://rules` resource list it.
#[derive(Debug, Serialize)]
pub struct RuleSummary {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: String,
}

/// Every rule in one line each, in code order.
pub fn summaries() -> Vec<RuleSummary> {
    ALL.iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleSummary {
                code: meta.code,
                name: meta.name,
                severity: meta.severity,
                summary: meta.summary(),
            }
        })
        .collect()
}

/// The documentation page of one rule, as written to `rules/<CODE>.md`.
pub fn page(meta: &RuleMeta) -> String {
    format!(
        "<!-- Generated from the doc comment of {code} in src/rules/; do not edit. -->\n\
         # {code} {name}\n\n\
         Default severity: **{severity}**\n\n{docs}",
        code = meta.code,
        name = meta.name,
        severity = meta.severity,
        docs = meta.docs(),
    )
}

/// The Markdown table of every rule, as in the README.
pub fn table() -> String {
    let mut out = String::from("| Code | Name | Default | What it checks |\n|---|---|---|---|\n");
    for rule in ALL {
        let meta = rule.meta();
        out.push_str(&format!(
            "| [{code}](rules/{code}.md) | `{name}` | {severity} | {summary} |\n",
            code = meta.code,
            name = meta.name,
            severity = meta.severity,
            summary = meta.summary().replace('|', "\\|"),
        ));
    }
    out
}
