//! An IAM policy document, built from needs: one statement per set of resources and conditions,
//! everything sorted, so the same template always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::required::{Conditions, Need};

pub const POLICY_VERSION: &str = "2012-10-17";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: String,
    pub statement: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub sid: String,
    pub effect: String,
    pub action: Vec<String>,
    pub resource: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: Conditions,
}

type Scope = (Vec<String>, Conditions);

impl PolicyDocument {
    /// The least statements that grant every need: needs on the same resources under the same
    /// conditions share a statement, and a permission granted on `*` without conditions is not
    /// granted again more narrowly.
    pub fn from_needs<'n>(needs: impl IntoIterator<Item = &'n Need>) -> PolicyDocument {
        let mut scopes: BTreeMap<Scope, BTreeSet<String>> = BTreeMap::new();
        for need in needs {
            let resources: Vec<String> = need.resources.iter().cloned().collect();
            scopes
                .entry((resources, need.conditions.clone()))
                .or_default()
                .insert(need.action.clone());
        }
        let everywhere: BTreeSet<String> = scopes
            .get(&(vec!["*".to_owned()], Conditions::new()))
            .cloned()
            .unwrap_or_default();
        let mut taken = BTreeSet::new();
        let mut statement = Vec::new();
        for ((resources, condition), actions) in scopes {
            let unconditional_everywhere = resources == ["*"] && condition.is_empty();
            let action: Vec<String> = actions
                .into_iter()
                .filter(|a| unconditional_everywhere || !everywhere.contains(a))
                .collect();
            if action.is_empty() {
                continue;
            }
            statement.push(Statement {
                sid: unique_sid(&action, &mut taken),
                effect: "Allow".to_owned(),
                action,
                resource: resources,
                condition,
            });
        }
        PolicyDocument {
            version: POLICY_VERSION.to_owned(),
            statement,
        }
    }

    /// Every IAM action the document grants.
    pub fn actions(&self) -> BTreeSet<&str> {
        self.statement
            .iter()
            .flat_map(|s| s.action.iter().map(String::as_str))
            .collect()
    }
}

/// `Ec2`, `Ec2Ssm`, then `Ec2Ssm2`: the services the statement is about, alphanumeric as IAM
/// requires of a `Sid`.
fn unique_sid(actions: &[String], taken: &mut BTreeSet<String>) -> String {
    let services: BTreeSet<&str> = actions
        .iter()
        .map(|a| a.split(':').next().unwrap_or(a))
        .collect();
    let mut base = String::new();
    for service in services {
        let mut upper = true;
        for c in service.chars().filter(char::is_ascii_alphanumeric) {
            base.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        }
    }
    if base.is_empty() {
        base.push_str("Statement");
    }
    let mut sid = base.clone();
    let mut n = 2;
    while !taken.insert(sid.clone()) {
        sid = format!("{base}{n}");
        n += 1;
    }
    sid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Confidence;

    fn need(action: &str, resources: &[&str]) -> Need {
        Need {
            action: action.to_owned(),
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            conditions: Conditions::new(),
            confidence: Confidence::High,
            when: None,
        }
    }

    #[test]
    fn needs_on_the_same_resources_share_a_statement() {
        let doc = PolicyDocument::from_needs(&[
            need("ec2:StopInstances", &["arn:aws:ec2:*:*:instance/*"]),
            need("ec2:StartInstances", &["arn:aws:ec2:*:*:instance/*"]),
            need("ssm:ListCommands", &["*"]),
            need("tag:GetResources", &["*"]),
        ]);
        assert_eq!(doc.statement.len(), 2);
        assert_eq!(doc.statement[0].sid, "SsmTag");
        assert_eq!(doc.statement[0].resource, ["*"]);
        assert_eq!(
            doc.statement[1].action,
            ["ec2:StartInstances", "ec2:StopInstances"]
        );
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["Version"], "2012-10-17");
        assert!(json["Statement"][0].get("Condition").is_none());
    }

    #[test]
    fn a_permission_granted_everywhere_is_not_repeated_narrowly() {
        let doc = PolicyDocument::from_needs(&[
            need("ec2:DescribeInstances", &["*"]),
            need("ec2:DescribeInstances", &["arn:aws:ec2:*:*:instance/*"]),
        ]);
        assert_eq!(doc.statement.len(), 1);
        assert_eq!(doc.statement[0].resource, ["*"]);
    }

    #[test]
    fn sids_are_unique_and_alphanumeric() {
        let doc = PolicyDocument::from_needs(&[
            need("arc-zonal-shift:StartZonalShift", &["*"]),
            need("arc-zonal-shift:GetManagedResource", &["arn:x"]),
        ]);
        let sids: Vec<_> = doc.statement.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(sids, ["Arczonalshift", "Arczonalshift2"]);
    }
}
