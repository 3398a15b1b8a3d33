//! What must be in place outside the template before an action can run, from
//! `facts/fis-prerequisites.json`.

use std::sync::OnceLock;

use serde::Deserialize;

const FACTS: &str = include_str!("../../facts/fis-prerequisites.json");

/// One service's setup, for every action whose id starts with `applies_to`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prerequisite {
    pub applies_to: String,
    pub title: String,
    pub requirements: Vec<Requirement>,
    pub sources: Vec<PrerequisiteSource>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Requirement {
    pub requirement: String,
    /// `high` or `medium`, on the scale of facts/SOURCES.md.
    pub confidence: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PrerequisiteSource {
    /// The source id in facts/SOURCES.md.
    pub id: String,
    pub url: String,
}

#[derive(Deserialize)]
struct Facts {
    prerequisites: Vec<Prerequisite>,
}

fn all() -> &'static [Prerequisite] {
    static FACTS_PARSED: OnceLock<Vec<Prerequisite>> = OnceLock::new();
    FACTS_PARSED.get_or_init(|| {
        // A file of this build, checked by the tests below; not user input.
        serde_json::from_str::<Facts>(FACTS)
            .unwrap_or_else(|e| panic!("facts/fis-prerequisites.json is invalid: {e}"))
            .prerequisites
    })
}

/// The setup an action needs, most general first.
pub fn prerequisites_of(action_id: &str) -> Vec<&'static Prerequisite> {
    let mut found: Vec<&Prerequisite> = all()
        .iter()
        .filter(|p| action_id.starts_with(&p.applies_to))
        .collect();
    found.sort_by_key(|p| p.applies_to.len());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn every_entry_names_known_actions_and_cites_its_pages() {
        let builtin = Catalog::builtin();
        for entry in all() {
            assert!(
                builtin
                    .action_ids()
                    .any(|id| id.starts_with(&entry.applies_to)),
                "{} matches no action",
                entry.applies_to
            );
            assert!(!entry.requirements.is_empty() && !entry.sources.is_empty());
            for source in &entry.sources {
                assert!(
                    source.url.starts_with("https://docs.aws.amazon.com/"),
                    "{}",
                    source.url
                );
            }
            for requirement in &entry.requirements {
                assert!(["high", "medium", "low"].contains(&requirement.confidence.as_str()));
            }
        }
    }

    #[test]
    fn an_ecs_network_action_gets_the_sidecar_and_the_endpoint_setup() {
        let found = prerequisites_of("aws:ecs:task-network-latency");
        let prefixes: Vec<&str> = found.iter().map(|p| p.applies_to.as_str()).collect();
        assert_eq!(prefixes, ["aws:ecs:task-", "aws:ecs:task-network-"]);
        assert!(prerequisites_of("aws:ec2:stop-instances").is_empty());
    }
}
