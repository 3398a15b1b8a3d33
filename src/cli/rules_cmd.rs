//! `fislint rules` and `fislint rule CODE`.

use super::{ListFormat, exit, fail};
use crate::rules::{self, docs};

pub fn list(format: ListFormat) -> u8 {
    let rules = docs::summaries();
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
    let Some(rule) = rules::by_code_or_name(code) else {
        return fail(format!("no rule `{code}`; `fislint rules` lists them all"));
    };
    let meta = rule.meta();
    outln!("# {} {} ({})\n", meta.code, meta.name, meta.severity);
    out!("{}", meta.docs());
    exit::CLEAN
}
