//! The experiment role as code to paste: a CloudFormation `AWS::IAM::Role` (JSON, or YAML with
//! short-form tags) and Terraform `aws_iam_role` + `aws_iam_role_policy`. The trust policy lets
//! `fis.amazonaws.com` assume the role, with the `aws:SourceAccount` and `aws:SourceArn`
//! conditions AWS recommends against the confused deputy (UG-IAMROLE).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use hcl::expr::{Expression, TemplateExpr};
use saphyr::{Mapping, Scalar, Tag, Yaml, YamlEmitter};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};

use super::report::PolicyReport;
use crate::escape::escaped;

/// Names made from template names stay short: CloudFormation logical ids take 255 characters,
/// and YAML keys over 1,024 need another syntax.
const MAX_NAME: usize = 200;

/// One role to write: what it is for, its name in the output, and its policy.
pub struct RoleSnippet<'r> {
    /// `web-tier-stop.yaml`, `Resources/WebTierStop`: for the comment above it.
    pub origin: String,
    /// The template's logical id or file stem, from which resource names are made.
    pub stem: String,
    pub report: &'r PolicyReport,
}

/// The trust policy's conditions: the account and the account's experiments only.
fn cfn_trust_policy() -> Value {
    json!({
        "Version": super::document::POLICY_VERSION,
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "fis.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {
                    "Fn::Sub": "arn:${AWS::Partition}:fis:${AWS::Region}:${AWS::AccountId}:experiment/*"
                }}
            }
        }]
    })
}

/// `Resources` holding one `AWS::IAM::Role` per snippet, named `<stem>Role` (made unique).
pub fn cfn_resources(snippets: &[RoleSnippet<'_>]) -> Value {
    let mut resources = serde_json::Map::new();
    let mut taken = BTreeSet::new();
    for snippet in snippets {
        let base = format!("{}Role", pascal_case(&snippet.stem));
        let name = unique(&base, &mut taken);
        let mut metadata = serde_json::Map::new();
        metadata.insert("GeneratedBy".into(), json!(generated_by(snippet)));
        if let Some(comment) = &snippet.report.comment {
            metadata.insert("Comment".into(), json!(comment));
        }
        if !snippet.report.notes.is_empty() {
            metadata.insert("Notes".into(), json!(snippet.report.notes));
        }
        resources.insert(
            name,
            json!({
                "Type": "AWS::IAM::Role",
                "Metadata": {"fislint": metadata},
                "Properties": {
                    "AssumeRolePolicyDocument": cfn_trust_policy(),
                    "Policies": [{
                        "PolicyName": "fis-experiment",
                        "PolicyDocument": snippet.report.policy_document,
                    }]
                }
            }),
        );
    }
    json!({ "Resources": resources })
}

fn generated_by(snippet: &RoleSnippet<'_>) -> String {
    format!(
        "fislint policy, from {}; regenerate rather than edit",
        snippet.origin
    )
}

/// Keys in the order people write CloudFormation and IAM; others follow alphabetically.
const KEY_ORDER: &[&str] = &[
    "Type",
    "Metadata",
    "Properties",
    "AssumeRolePolicyDocument",
    "Policies",
    "PolicyName",
    "PolicyDocument",
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Principal",
    "Action",
    "Resource",
    "Condition",
];

fn ordered_members(members: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut ordered: Vec<_> = members.iter().collect();
    ordered.sort_by_key(|(key, _)| {
        let rank = KEY_ORDER
            .iter()
            .position(|k| k == key)
            .unwrap_or(KEY_ORDER.len());
        (rank, key.as_str())
    });
    ordered
}

/// A JSON value serialized with [`KEY_ORDER`].
struct Ordered<'v>(&'v Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in ordered_members(members) {
                    map.serialize_entry(key, &Ordered(value))?;
                }
                map.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Ordered)),
            other => other.serialize(serializer),
        }
    }
}

/// The resources as CloudFormation JSON.
pub fn cfn_json(snippets: &[RoleSnippet<'_>]) -> String {
    let resources = cfn_resources(snippets);
    let mut text = serde_json::to_string_pretty(&Ordered(&resources)).unwrap_or_default();
    text.push('\n');
    text
}

/// The resources as CloudFormation YAML, intrinsics in short form (`!Ref`, `!Sub`).
pub fn cfn_yaml(snippets: &[RoleSnippet<'_>]) -> String {
    let yaml = to_yaml(&cfn_resources(snippets));
    let mut body = String::new();
    // Writing to a String cannot fail; an emitter error would leave the body empty.
    let _ = YamlEmitter::new(&mut body).dump(&yaml);
    let body = body.strip_prefix("---\n").unwrap_or(&body);
    let mut out = String::new();
    for snippet in snippets {
        let _ = writeln!(out, "# {}", escaped(&generated_by(snippet)));
        if let Some(comment) = &snippet.report.comment {
            let _ = writeln!(out, "# {}", escaped(comment));
        }
    }
    out.push_str(body);
    out.push('\n');
    out
}

/// JSON to YAML, with CloudFormation's one-key intrinsic objects as short-form tags.
fn to_yaml(value: &Value) -> Yaml<'static> {
    match value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Number(n) => Yaml::Value(match n.as_i64() {
            Some(i) => Scalar::Integer(i),
            None => Scalar::String(n.to_string().into()),
        }),
        Value::String(s) => Yaml::Value(Scalar::String(s.clone().into())),
        Value::Array(items) => Yaml::Sequence(items.iter().map(to_yaml).collect()),
        Value::Object(members) => {
            if let [(key, inner)] = members.iter().collect::<Vec<_>>().as_slice()
                && let Some(short) = short_tag(key)
            {
                return Yaml::Tagged(
                    std::borrow::Cow::Owned(Tag {
                        handle: "!".into(),
                        suffix: short.into(),
                    }),
                    Box::new(to_yaml(inner)),
                );
            }
            let mut mapping = Mapping::new();
            for (key, inner) in ordered_members(members) {
                mapping.insert(
                    Yaml::Value(Scalar::String(key.clone().into())),
                    to_yaml(inner),
                );
            }
            Yaml::Mapping(mapping)
        }
    }
}

fn short_tag(key: &str) -> Option<&'static str> {
    match key {
        "Ref" => Some("Ref"),
        "Fn::Sub" => Some("Sub"),
        "Fn::GetAtt" => Some("GetAtt"),
        _ => None,
    }
}

/// Terraform, as its users write IAM: an `aws_iam_policy_document` per policy, the role, and
/// its inline `aws_iam_role_policy`; the account and partition come from data sources.
pub fn terraform(snippets: &[RoleSnippet<'_>]) -> String {
    let mut out = String::new();
    out.push_str(
        "data \"aws_caller_identity\" \"current\" {}\ndata \"aws_partition\" \"current\" {}\n",
    );
    let mut taken = BTreeSet::new();
    for snippet in snippets {
        let name = unique(&format!("{}_fis", snake_case(&snippet.stem)), &mut taken);
        // Comments end at a line break: names from the template are escaped so none can end one.
        let _ = writeln!(out, "\n# {}", escaped(&generated_by(snippet)));
        if let Some(comment) = &snippet.report.comment {
            let _ = writeln!(out, "# {}", escaped(comment));
        }
        for note in &snippet.report.notes {
            let _ = writeln!(out, "# note: {}", escaped(note));
        }
        let trust = format!("{name}_trust");
        let body = hcl::Body::builder()
            .add_block(policy_document_block(&trust, &[trust_statement()]))
            .add_block(policy_document_block(
                &name,
                &snippet
                    .report
                    .policy_document
                    .statement
                    .iter()
                    .map(statement_block)
                    .collect::<Vec<_>>(),
            ))
            .add_block(
                hcl::Block::builder("resource")
                    .add_label("aws_iam_role")
                    .add_label(name.as_str())
                    .add_attribute(("name_prefix", "fis-experiment-"))
                    .add_attribute((
                        "assume_role_policy",
                        reference(&["data", "aws_iam_policy_document", &trust, "json"]),
                    ))
                    .build(),
            )
            .add_block(
                hcl::Block::builder("resource")
                    .add_label("aws_iam_role_policy")
                    .add_label(name.as_str())
                    .add_attribute(("name", "fis-experiment"))
                    .add_attribute(("role", reference(&["aws_iam_role", &name, "id"])))
                    .add_attribute((
                        "policy",
                        reference(&["data", "aws_iam_policy_document", &name, "json"]),
                    ))
                    .build(),
            )
            .build();
        out.push_str(&hcl::format::to_string(&body).unwrap_or_default());
    }
    out
}

/// `a.b.c` as a traversal expression.
fn reference(path: &[&str]) -> Expression {
    let (root, rest) = path.split_first().unwrap_or((&"null", &[]));
    let mut builder = hcl::expr::Traversal::builder(hcl::expr::Variable::unchecked(*root));
    for attr in rest {
        builder = builder.attr(*attr);
    }
    Expression::from(builder.build())
}

fn policy_document_block(name: &str, statements: &[hcl::Block]) -> hcl::Block {
    let mut block = hcl::Block::builder("data")
        .add_label("aws_iam_policy_document")
        .add_label(name);
    for statement in statements {
        block = block.add_block(statement.clone());
    }
    block.build()
}

fn strings(values: &[String]) -> Expression {
    Expression::Array(
        values
            .iter()
            .map(|v| Expression::from(v.as_str()))
            .collect(),
    )
}

fn statement_block(statement: &super::document::Statement) -> hcl::Block {
    let mut block = hcl::Block::builder("statement")
        .add_attribute(("sid", statement.sid.as_str()))
        .add_attribute(("effect", statement.effect.as_str()))
        .add_attribute(("actions", strings(&statement.action)))
        .add_attribute(("resources", strings(&statement.resource)));
    for (test, keys) in &statement.condition {
        for (variable, values) in keys {
            block = block.add_block(condition_block(test, variable, strings(values)));
        }
    }
    block.build()
}

fn condition_block(test: &str, variable: &str, values: Expression) -> hcl::Block {
    hcl::Block::builder("condition")
        .add_attribute(("test", test))
        .add_attribute(("variable", variable))
        .add_attribute(("values", values))
        .build()
}

/// `fis.amazonaws.com` may assume the role for this account's experiments only. The region is
/// left as `*`: `aws_region`'s attribute changed name between provider versions.
fn trust_statement() -> hcl::Block {
    let interpolated = |text: &str| Expression::from(TemplateExpr::QuotedString(text.to_owned()));
    hcl::Block::builder("statement")
        .add_attribute(("effect", "Allow"))
        .add_attribute(("actions", strings(&["sts:AssumeRole".to_owned()])))
        .add_block(
            hcl::Block::builder("principals")
                .add_attribute(("type", "Service"))
                .add_attribute(("identifiers", strings(&["fis.amazonaws.com".to_owned()])))
                .build(),
        )
        .add_block(condition_block(
            "StringEquals",
            "aws:SourceAccount",
            Expression::Array(vec![reference(&["data", "aws_caller_identity", "current", "account_id"])]),
        ))
        .add_block(condition_block(
            "ArnLike",
            "aws:SourceArn",
            Expression::Array(vec![interpolated(
                "arn:${data.aws_partition.current.partition}:fis:*:${data.aws_caller_identity.current.account_id}:experiment/*",
            )]),
        ))
        .build()
}

fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// `web-tier stop` → `WebTierStop`; CloudFormation logical ids are alphanumeric.
fn pascal_case(text: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out.truncate(MAX_NAME);
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Experiment");
    }
    out
}

/// `WebTierStop` → `web_tier_stop`; Terraform names are letters, digits, `_` and `-`.
fn snake_case(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
            previous_lower = false;
        }
    }
    out.truncate(MAX_NAME);
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("experiment_{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_each_language() {
        assert_eq!(pascal_case("web-tier stop"), "WebTierStop");
        assert_eq!(pascal_case("1st"), "Experiment1st");
        assert_eq!(snake_case("WebTierStop"), "web_tier_stop");
        assert_eq!(snake_case("az-power.cfn"), "az_power_cfn");
        assert_eq!(snake_case("--"), "experiment_");
    }

    #[test]
    fn names_stay_short_enough_for_every_language() {
        let long = "x".repeat(5000);
        assert!(pascal_case(&long).len() <= MAX_NAME);
        assert!(snake_case(&long).len() <= MAX_NAME);
    }

    #[test]
    fn template_names_cannot_end_a_comment() {
        let report = PolicyReport {
            template: "T".into(),
            pointer: String::new(),
            policy_document: super::super::PolicyDocument::from_needs(&[]),
            comment: None,
            managed_policies: Vec::new(),
            actions: Vec::new(),
            destinations: Vec::new(),
            notes: vec!["action `a\nresource \"x\" \"y\" {}`".into()],
        };
        let snippets = [RoleSnippet {
            origin: "f.yaml#/Resources/A\nB: 1".into(),
            stem: "T".into(),
            report: &report,
        }];
        let terraform = terraform(&snippets);
        assert!(!terraform.contains("\nresource \"x\""), "{terraform}");
        assert!(!cfn_yaml(&snippets).contains("\nB: 1"));
    }

    #[test]
    fn intrinsics_become_short_tags_in_yaml() {
        let yaml = to_yaml(&json!({"A": {"Ref": "AWS::AccountId"}, "B": {"Ref": "x", "y": 1}}));
        let mut text = String::new();
        YamlEmitter::new(&mut text).dump(&yaml).unwrap();
        assert!(text.contains("A: !Ref \"AWS::AccountId\""), "{text}");
        assert!(text.contains("Ref: x"), "{text}");
    }
}
