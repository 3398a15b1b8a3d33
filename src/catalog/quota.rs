//! The FIS quotas a template can exceed. Read from `facts/fis-quotas.json` as it is (serde keeps
//! what fislint uses), so the embedded facts cannot drift from their sources.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Confidence;

const QUOTAS: &str = include_str!("../../facts/fis-quotas.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaFacts {
    pub account_and_template_quotas: BTreeMap<String, Quota>,
    /// Limits of the API model and the User Guide that Service Quotas does not list.
    pub template_limits: BTreeMap<String, Quota>,
    /// Per action, how many resources one action may act on.
    pub target_quotas_per_action: BTreeMap<String, Quota>,
}

/// One quota or limit: its value (`None` where no source gives it), whether it can be raised,
/// and how sure the sources are.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quota {
    #[serde(default)]
    pub name: Option<String>,
    pub value: Option<u64>,
    /// `None`: no source says.
    #[serde(default)]
    pub adjustable: Option<bool>,
    pub confidence: Confidence,
    #[serde(default)]
    pub quota_code: Option<String>,
    pub sources: Vec<String>,
}

impl QuotaFacts {
    pub fn builtin() -> &'static QuotaFacts {
        static FACTS: OnceLock<QuotaFacts> = OnceLock::new();
        FACTS.get_or_init(|| match serde_json::from_str::<QuotaFacts>(QUOTAS) {
            Ok(mut facts) => {
                // Limits of the API model and the User Guide are not Service Quotas: no account
                // can raise them.
                for limit in facts.template_limits.values_mut() {
                    limit.adjustable.get_or_insert(false);
                }
                facts
            }
            // The file is embedded at build time and parsed by a unit test, so this cannot
            // happen in a built binary.
            Err(error) => panic!("facts/fis-quotas.json does not parse: {error}"),
        })
    }

    /// A template-wide quota by its key in the facts file (`actionsPerExperimentTemplate`).
    pub fn template(&self, key: &str) -> Option<&Quota> {
        self.account_and_template_quotas
            .get(key)
            .or_else(|| self.template_limits.get(key))
    }

    /// How many resources one action of this id may act on, when a source gives the number.
    pub fn per_action(&self, action_id: &str) -> Option<&Quota> {
        self.target_quotas_per_action
            .get(action_id)
            .filter(|quota| quota.value.is_some())
    }
}

impl Quota {
    /// Whether exceeding it is certain to fail (a fixed limit) rather than a default that an
    /// account may have raised.
    pub fn is_fixed(&self) -> bool {
        self.adjustable == Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_quotas_parse_and_hold_the_template_limits() {
        let facts = QuotaFacts::builtin();
        let actions = facts.template("actionsPerExperimentTemplate").unwrap();
        assert_eq!((actions.value, actions.is_fixed()), (Some(20), true));
        assert_eq!(
            facts.template("resourceArnsPerTarget").unwrap().value,
            Some(5)
        );
        assert_eq!(
            facts.per_action("aws:eks:pod-delete").and_then(|q| q.value),
            Some(50)
        );
        assert!(facts.per_action("aws:lambda:invocation-error").is_none());
    }
}
