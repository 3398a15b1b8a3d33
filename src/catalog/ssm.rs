//! The FIS pre-configured SSM documents (`AWSFIS-Run-*`): their parameters, read straight from
//! `facts/fis-ssm-documents.json`, which is embedded as it is so the two cannot drift.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Confidence;

const FACTS: &str = include_str!("../../facts/fis-ssm-documents.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsmFacts {
    pub documents: BTreeMap<String, SsmDocument>,
    pub duration_relation: Fact,
}

/// A statement of the facts file with its confidence and sources.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub fact: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsmDocument {
    pub name: String,
    /// `arn:aws:ssm:REGION::document/NAME`: AWS-owned documents have no account.
    pub arn: String,
    pub description: String,
    pub platform: String,
    /// How sure the sources are of the document itself; its parameters carry their own.
    pub confidence: Confidence,
    /// The FIS actions that run it: `aws:ssm:send-command` for those a template names, an
    /// `aws:ecs:task-*` action for those FIS runs internally.
    pub used_by: Vec<String>,
    pub parameters: Vec<SsmParameter>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsmParameter {
    pub name: String,
    pub description: String,
    /// `None` where no source says (the `-ECS` documents, whose parameters FIS fills in).
    pub required: Option<bool>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub allowed_values: Option<Vec<String>>,
    pub confidence: Confidence,
    pub sources: Vec<String>,
}

/// The whole numbers a parameter takes, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerRange {
    pub min: u64,
    pub max: u64,
}

impl SsmFacts {
    /// The facts embedded in the binary.
    pub fn builtin() -> &'static SsmFacts {
        static BUILTIN: OnceLock<SsmFacts> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // Committed with the source and read by the tests below; not user input.
            serde_json::from_str(FACTS)
                .unwrap_or_else(|e| panic!("embedded SSM document facts are invalid: {e}"))
        })
    }

    pub fn document(&self, name: &str) -> Option<&SsmDocument> {
        self.documents.get(name)
    }
}

impl SsmDocument {
    pub fn parameter(&self, name: &str) -> Option<&SsmParameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Whether a template names it in `aws:ssm:send-command` (the `-ECS` ones FIS runs itself).
    pub fn runs_through_send_command(&self) -> bool {
        self.used_by.iter().any(|a| a == "aws:ssm:send-command")
    }

    /// The document's ARN in a partition and region.
    pub fn arn_in(&self, partition: &str, region: &str) -> String {
        format!("arn:{partition}:ssm:{region}::document/{}", self.name)
    }
}

impl SsmParameter {
    /// The whole numbers the parameter takes, when it is a number. Every document parameter is a
    /// string (the facts' `_about`); the User Guide describes these as seconds, milliseconds,
    /// counts, a port or a percentage (`LoadPercent`: "0 (none) to 100 (full)", its `notes`), so
    /// anything but decimal digits is not what the document's command expects.
    pub fn integer_range(&self) -> Option<IntegerRange> {
        let name = self.name.as_str();
        if name.ends_with("Percent") {
            // A share of a whole (CPU load, disk, memory, packets, flows) cannot pass 100.
            return Some(IntegerRange { min: 0, max: 100 });
        }
        if name == "Port" {
            // TCP and UDP ports are 16-bit numbers.
            return Some(IntegerRange {
                min: 0,
                max: 65_535,
            });
        }
        let counts = ["DurationSeconds", "CPU", "Workers"];
        (counts.contains(&name) || name.ends_with("Milliseconds")).then_some(IntegerRange {
            min: 0,
            max: u64::MAX,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_of_the_facts_file_is_embedded_with_its_parameters() {
        let raw: serde_json::Value = serde_json::from_str(FACTS).unwrap();
        let listed = raw["documents"].as_object().unwrap();
        let facts = SsmFacts::builtin();
        assert_eq!(listed.len(), facts.documents.len());
        for (name, fact) in listed {
            let document = facts.document(name).unwrap();
            assert_eq!(&document.name, name);
            let names: Vec<_> = fact["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let ours: Vec<_> = document
                .parameters
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            assert_eq!(ours, names, "{name}");
        }
    }

    #[test]
    fn required_flags_keep_their_uncertainty() {
        let facts = SsmFacts::builtin();
        let cpu = facts.document("AWSFIS-Run-CPU-Stress").unwrap();
        assert!(cpu.runs_through_send_command());
        assert_eq!(
            cpu.parameter("DurationSeconds").unwrap().required,
            Some(true)
        );
        let install = cpu.parameter("InstallDependencies").unwrap();
        assert_eq!(install.confidence, Confidence::Medium);
        assert_eq!(
            install.allowed_values.as_deref(),
            Some(&["True".to_owned(), "False".to_owned()][..])
        );
        let ecs = facts.document("AWSFIS-Run-Network-Latency-ECS").unwrap();
        assert!(!ecs.runs_through_send_command());
        assert!(ecs.parameters.iter().all(|p| p.required.is_none()));
        assert!(
            ecs.parameters
                .iter()
                .all(|p| p.confidence < Confidence::High)
        );
    }

    #[test]
    fn numbers_have_their_ranges() {
        let facts = SsmFacts::builtin();
        let cpu = facts.document("AWSFIS-Run-CPU-Stress").unwrap();
        let load = cpu.parameter("LoadPercent").unwrap().integer_range();
        assert_eq!(load, Some(IntegerRange { min: 0, max: 100 }));
        assert_eq!(
            cpu.parameter("DurationSeconds").unwrap().integer_range(),
            Some(IntegerRange {
                min: 0,
                max: u64::MAX
            })
        );
        let kill = facts.document("AWSFIS-Run-Kill-Process").unwrap();
        assert_eq!(kill.parameter("ProcessName").unwrap().integer_range(), None);
        assert_eq!(
            cpu.arn_in("aws-cn", "cn-north-1"),
            "arn:aws-cn:ssm:cn-north-1::document/AWSFIS-Run-CPU-Stress"
        );
    }
}
