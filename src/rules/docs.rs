//! Rule documentation generated from the rules' doc comments: the `rules/FIS0NN.md` pages and
//! the README's rule table. Tests fail when the committed copies drift.

use super::{ALL, RuleMeta};

/// Marks the generated table inside the README.
pub const TABLE_START: &str =
    "<!-- rules-table:start (generated from the rules' doc comments; do not edit) -->";
pub const TABLE_END: &str = "<!-- rules-table:end -->";

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
