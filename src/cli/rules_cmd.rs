//! `fislint rules` and `fislint rule CODE`.

use serde::Serialize;

use super::{ListFormat, exit, fail};
use crate::diagnostic::Severity;
use crate::rules::{ALL, Rule};

#[derive(Serialize)]
struct RuleSummary {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: String,
}

pub fn list(format: ListFormat) -> u8 {
    let rules: Vec<RuleSummary> = ALL
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleSummary {
                code: meta.code,
                name: meta.name,
                severity: meta.severity,
                summary: meta.summary(),
            }
        })
        .collect();
    match format {
        ListFormat::Json => match serde_json::to_string_pretty(&rules) {
            Ok(json) => outln!("{json}"),
            Err(error) => return fail(error),
        },
        ListFormat::Text => {
            for rule in &rules {
                outln!(
                    "{}  {:<28} {:<8} {}",
                    rule.code,
                    rule.name,
                    rule.severity,
                    rule.summary
                );
            }
        }
    }
    exit::CLEAN
}

pub fn show(code: &str) -> u8 {
    let Some(rule) = find(code) else {
        return fail(format!("no rule `{code}`; `fislint rules` lists them all"));
    };
    let meta = rule.meta();
    outln!("# {} {} ({})\n", meta.code, meta.name, meta.severity);
    out!("{}", meta.docs());
    exit::CLEAN
}

fn find(code: &str) -> Option<&'static dyn Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.meta().code.eq_ignore_ascii_case(code) || rule.meta().name == code)
}
