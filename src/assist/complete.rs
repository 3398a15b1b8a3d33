//! What may be typed where the cursor is: the catalog's names for the field, the template's own
//! names for references, each written as the file spells a string there.

use std::collections::BTreeMap;

use super::cursor::{Cursor, Place, action_names, target_names};
use super::outline::Role;
use super::{Completion, CompletionKind};
use crate::catalog::{Catalog, ParameterSpec};
use crate::source::Syntax;

/// The stop-condition sources the FIS API accepts.
const STOP_CONDITION_SOURCES: [(&str, &str); 2] = [
    ("none", "no stop condition: the experiment runs to its end"),
    (
        "aws:cloudwatch:alarm",
        "stop when a CloudWatch alarm (its ARN is the value) is in ALARM",
    ),
];

/// Selection modes: the label a person reads, and the text written.
const SELECTION_MODES: [(&str, &str, &str); 3] = [
    ("ALL", "ALL", "every resource the target identifies"),
    (
        "COUNT(n)",
        "COUNT(1)",
        "this many resources, chosen at random",
    ),
    (
        "PERCENT(n)",
        "PERCENT(50)",
        "this percentage of the resources, chosen at random",
    ),
];

pub(super) fn completions(
    cursor: &Cursor<'_>,
    syntax: Syntax,
    catalog: &Catalog,
) -> Vec<Completion> {
    let Some(place) = &cursor.place else {
        return Vec::new();
    };
    let writer = Writer { cursor, syntax };
    match place {
        Place::ActionId => catalog
            .actions()
            .map(|action| {
                let detail = match &action.deprecated {
                    Some(d) => format!("deprecated: use {}", d.replacement),
                    None => action.description.clone(),
                };
                let rank = if action.deprecated.is_some() { 1 } else { 0 };
                writer.item(
                    &action.id,
                    CompletionKind::ActionId,
                    Some(detail),
                    Some(format!("{rank}{}", action.id)),
                )
            })
            .collect(),
        Place::ResourceType => catalog
            .resource_types()
            .map(|rtype| {
                writer.item(
                    &rtype.resource_type,
                    CompletionKind::ResourceType,
                    Some(rtype.description.clone()).filter(|d| !d.is_empty()),
                    None,
                )
            })
            .collect(),
        Place::TargetKey { action_id } => {
            let Some(targets) = action_id
                .and_then(|id| catalog.action(id))
                .and_then(|a| a.targets.as_ref())
            else {
                return Vec::new();
            };
            targets
                .iter()
                .map(|(key, spec)| {
                    writer.item(
                        key,
                        CompletionKind::TargetKey,
                        Some(spec.resource_type.clone()),
                        None,
                    )
                })
                .collect()
        }
        Place::TargetName {
            experiment,
            action_id,
            key,
        } => {
            let wanted = action_id
                .and_then(|id| catalog.action(id))
                .and_then(|a| a.targets.as_ref())
                .zip(*key)
                .and_then(|(targets, key)| targets.get(key))
                .map(|spec| spec.resource_type.as_str());
            target_names(&cursor.outline, *experiment)
                .into_iter()
                .map(|(name, rtype)| {
                    // A target of the type the key takes comes first.
                    let rank = if wanted.is_some() && wanted == rtype {
                        0
                    } else {
                        1
                    };
                    writer.item(
                        name,
                        CompletionKind::TargetName,
                        rtype.map(str::to_owned),
                        Some(format!("{rank}{name}")),
                    )
                })
                .collect()
        }
        Place::ActionParameter { action_id } => {
            let parameters = action_id
                .and_then(|id| catalog.action(id))
                .and_then(|a| a.parameters.as_ref());
            parameter_items(&writer, parameters)
        }
        Place::TargetParameter { resource_type } => {
            let parameters = resource_type
                .and_then(|t| catalog.resource_type(t))
                .and_then(|t| t.parameters.as_ref());
            parameter_items(&writer, parameters)
        }
        Place::ActionName { experiment, own } => action_names(&cursor.outline, *experiment)
            .into_iter()
            .filter(|(_, _, action)| Some(*action) != *own)
            .map(|(name, id, _)| {
                writer.item(
                    name,
                    CompletionKind::ActionName,
                    id.map(str::to_owned),
                    None,
                )
            })
            .collect(),
        Place::StopConditionSource => STOP_CONDITION_SOURCES
            .iter()
            .map(|(source, detail)| {
                writer.item(
                    source,
                    CompletionKind::Value,
                    Some((*detail).to_owned()),
                    None,
                )
            })
            .collect(),
        Place::SelectionMode => SELECTION_MODES
            .iter()
            .map(|(label, text, detail)| Completion {
                label: (*label).to_owned(),
                insert: writer.spell(text),
                ..writer.item(
                    text,
                    CompletionKind::Value,
                    Some((*detail).to_owned()),
                    None,
                )
            })
            .collect(),
    }
}

/// Parameters, required ones first, each with its description and constraint.
fn parameter_items(
    writer: &Writer<'_, '_>,
    parameters: Option<&BTreeMap<String, ParameterSpec>>,
) -> Vec<Completion> {
    let Some(parameters) = parameters else {
        return Vec::new();
    };
    parameters
        .iter()
        .map(|(name, spec)| {
            let required = if spec.required {
                "required"
            } else {
                "optional"
            };
            let mut item = writer.item(
                name,
                CompletionKind::Parameter,
                Some(required.to_owned()),
                Some(format!("{}{name}", if spec.required { 0 } else { 1 })),
            );
            item.documentation = Some(super::hover::parameter_markdown(name, spec, None));
            item
        })
        .collect()
}

/// Writes an item's text as a string at the cursor is spelt in its file.
struct Writer<'c, 't> {
    cursor: &'c Cursor<'t>,
    syntax: Syntax,
}

impl Writer<'_, '_> {
    fn item(
        &self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        sort_text: Option<String>,
    ) -> Completion {
        Completion {
            label: label.to_owned(),
            kind,
            detail,
            documentation: None,
            replace: self.cursor.site.word,
            insert: self.spell(label),
            sort_text,
        }
    }

    fn spell(&self, value: &str) -> String {
        let site = &self.cursor.site;
        match site.quote {
            Some(b'\'') => return value.replace('\'', "''"),
            Some(_) => return escaped(value, self.syntax),
            None => {}
        }
        match self.syntax {
            Syntax::Json => format!("\"{}\"", escaped(value, self.syntax)),
            Syntax::Hcl if site.role == Role::Key && is_identifier(value) => value.to_owned(),
            Syntax::Hcl => format!("\"{}\"", escaped(value, self.syntax)),
            Syntax::Yaml => {
                let text = if is_plain_safe(value) {
                    value.to_owned()
                } else {
                    format!("\"{}\"", escaped(value, self.syntax))
                };
                // `Key:|` needs the space YAML wants after a colon.
                let start = site.word.start();
                let after_colon = matches!(site.role, Role::Value(_))
                    && site.word.is_empty()
                    && start > 0
                    && self.cursor.outline.text.as_bytes().get(start - 1) == Some(&b':');
                if after_colon {
                    format!(" {text}")
                } else {
                    text
                }
            }
        }
    }
}

/// Backslash escapes inside double quotes (and Terraform's `${` and `%{`).
fn escaped(value: &str, syntax: Syntax) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    if syntax == Syntax::Hcl {
        out = out.replace("${", "$${").replace("%{", "%%{");
    }
    out
}

fn is_identifier(value: &str) -> bool {
    let mut chars = value.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A YAML plain scalar that reads back as this same string (not a number, boolean or null).
fn is_plain_safe(value: &str) -> bool {
    let starts_well = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let chars_ok = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/()*".contains(c));
    let lower = value.to_ascii_lowercase();
    let typed = value.parse::<f64>().is_ok()
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
        );
    starts_well && chars_ok && !value.ends_with(':') && !typed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::complete as complete_at;

    /// Completions at the `|` in `text`, with the text the cursor replaces.
    fn at(text: &str, syntax: Syntax) -> (Vec<Completion>, String) {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let items = complete_at(&text, syntax, offset, Catalog::builtin());
        let replaced = items
            .first()
            .map(|i| text[i.replace.start()..i.replace.end()].to_owned())
            .unwrap_or_default();
        (items, replaced)
    }

    fn labels(items: &[Completion]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    fn sorted(items: &[Completion]) -> Vec<&Completion> {
        let mut items: Vec<&Completion> = items.iter().collect();
        items.sort_by_key(|i| i.sort_text.clone().unwrap_or_else(|| i.label.clone()));
        items
    }

    const CFN_HEAD: &str =
        "Resources:\n  E:\n    Type: AWS::FIS::ExperimentTemplate\n    Properties:\n";

    #[test]
    fn action_ids_inside_unparseable_yaml_replace_the_typed_prefix() {
        let text = format!("{CFN_HEAD}      Actions:\n        A:\n          ActionId: aws:ec2:|\n");
        let (items, replaced) = at(&text, Syntax::Yaml);
        assert_eq!(replaced, "aws:ec2:");
        assert!(crate::source::parse(&text.replace('|', ""), Syntax::Yaml).is_err());
        let ec2: Vec<&str> = labels(&items)
            .into_iter()
            .filter(|l| l.starts_with("aws:ec2:"))
            .collect();
        assert!(ec2.contains(&"aws:ec2:stop-instances"), "{ec2:?}");
        let stop = items
            .iter()
            .find(|i| i.label == "aws:ec2:stop-instances")
            .unwrap();
        assert_eq!(stop.kind, CompletionKind::ActionId);
        assert_eq!(stop.insert, "aws:ec2:stop-instances");
        let description = &Catalog::builtin()
            .action("aws:ec2:stop-instances")
            .unwrap()
            .description;
        assert_eq!(stop.detail.as_deref(), Some(description.as_str()));
        assert_eq!(items.len(), Catalog::builtin().actions().len());
    }

    #[test]
    fn action_ids_in_json_and_terraform_inside_and_outside_quotes() {
        let (items, replaced) = at(r#"{"actions": {"a": {"actionId": "aws:ec|"#, Syntax::Json);
        assert_eq!(replaced, "aws:ec");
        let stop = items
            .iter()
            .find(|i| i.label == "aws:ec2:stop-instances")
            .unwrap();
        assert_eq!(stop.insert, "aws:ec2:stop-instances");
        let (items, replaced) = at(r#"{"actions": {"a": {"actionId": |"#, Syntax::Json);
        assert_eq!(replaced, "");
        let stop = items
            .iter()
            .find(|i| i.label == "aws:ec2:stop-instances")
            .unwrap();
        assert_eq!(stop.insert, "\"aws:ec2:stop-instances\"");
        let tf = "resource \"aws_fis_experiment_template\" \"x\" {\n  action {\n    action_id = |\n  }\n}\n";
        let (items, _) = at(tf, Syntax::Hcl);
        let stop = items
            .iter()
            .find(|i| i.label == "aws:ec2:stop-instances")
            .unwrap();
        assert_eq!(stop.insert, "\"aws:ec2:stop-instances\"");
    }

    #[test]
    fn resource_types_selection_modes_and_stop_sources() {
        let (items, _) = at(r#"{"targets": {"t": {"resourceType": "|"}}}"#, Syntax::Json);
        assert!(labels(&items).contains(&"aws:ec2:instance"));
        assert!(items.iter().all(|i| i.kind == CompletionKind::ResourceType));
        let (items, _) = at(
            &format!("{CFN_HEAD}      Targets:\n        T:\n          SelectionMode: |\n"),
            Syntax::Yaml,
        );
        assert_eq!(labels(&items), ["ALL", "COUNT(n)", "PERCENT(n)"]);
        assert_eq!(items[1].insert, "COUNT(1)");
        let tf = "resource \"a\" \"b\" {\n  stop_condition {\n    source = \"|\"\n  }\n}\n";
        let (items, _) = at(tf, Syntax::Hcl);
        assert_eq!(labels(&items), ["none", "aws:cloudwatch:alarm"]);
        assert_eq!(items[1].insert, "aws:cloudwatch:alarm");
        let (items, _) = at(
            &format!("{CFN_HEAD}      StopConditions:\n        - Source: |\n"),
            Syntax::Yaml,
        );
        assert_eq!(labels(&items), ["none", "aws:cloudwatch:alarm"]);
    }

    #[test]
    fn target_keys_are_the_actions_own() {
        let text = format!(
            "{CFN_HEAD}      Actions:\n        A:\n          ActionId: aws:ec2:stop-instances\n          Targets:\n            I|\n"
        );
        let (items, replaced) = at(&text, Syntax::Yaml);
        assert_eq!(replaced, "I");
        let expected: Vec<&str> = Catalog::builtin()
            .action("aws:ec2:stop-instances")
            .unwrap()
            .targets
            .as_ref()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(labels(&items), expected);
        assert_eq!(items[0].detail.as_deref(), Some("aws:ec2:instance"));
        let tf = "resource \"a\" \"b\" {\n  action {\n    action_id = \"aws:ec2:stop-instances\"\n    target {\n      key = \"|\"\n    }\n  }\n}\n";
        let (items, _) = at(tf, Syntax::Hcl);
        assert_eq!(labels(&items), expected);
        assert_eq!(items[0].kind, CompletionKind::TargetKey);
    }

    #[test]
    fn target_names_come_from_the_template_matching_type_first() {
        let json = r#"{
  "targets": {
    "buckets": {"resourceType": "aws:s3:bucket"},
    "web": {"resourceType": "aws:ec2:instance"}
  },
  "actions": {
    "stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "|"}}
  }
}"#;
        let (items, _) = at(json, Syntax::Json);
        let order: Vec<&str> = sorted(&items).iter().map(|i| i.label.as_str()).collect();
        assert_eq!(order, ["web", "buckets"]);
        assert!(items.iter().all(|i| i.kind == CompletionKind::TargetName));
        assert_eq!(items[0].insert, "buckets");
        let tf = "resource \"a\" \"b\" {\n  target {\n    name = \"web\"\n    resource_type = \"aws:ec2:instance\"\n  }\n  action {\n    action_id = \"aws:ec2:stop-instances\"\n    target {\n      key = \"Instances\"\n      value = |\n    }\n  }\n}\n";
        let (items, _) = at(tf, Syntax::Hcl);
        assert_eq!(labels(&items), ["web"]);
        assert_eq!(items[0].insert, "\"web\"");
    }

    #[test]
    fn parameters_required_first_with_descriptions() {
        let id = "aws:ecs:task-cpu-stress";
        let text = format!(
            "{{\"actions\": {{\"a\": {{\"actionId\": \"{id}\", \"parameters\": {{\"|\"}}}}}}}}"
        );
        let (items, _) = at(&text, Syntax::Json);
        let spec = Catalog::builtin()
            .action(id)
            .unwrap()
            .parameters
            .clone()
            .unwrap();
        assert_eq!(items.len(), spec.len());
        let order = sorted(&items);
        let first_optional = order
            .iter()
            .position(|i| !spec[&i.label].required)
            .unwrap_or(order.len());
        assert!(
            order[first_optional..]
                .iter()
                .all(|i| !spec[&i.label].required)
        );
        assert!(
            order[..first_optional]
                .iter()
                .all(|i| spec[&i.label].required)
        );
        assert!(order.iter().all(|i| {
            i.documentation
                .as_deref()
                .is_some_and(|d| d.contains(&spec[&i.label].description))
        }));
    }

    #[test]
    fn start_after_offers_the_other_actions() {
        let text = format!(
            "{CFN_HEAD}      Actions:\n        first:\n          ActionId: aws:fis:wait\n        second:\n          ActionId: aws:fis:wait\n          StartAfter:\n            - |\n"
        );
        let (items, _) = at(&text, Syntax::Yaml);
        assert_eq!(labels(&items), ["first"]);
        assert_eq!(items[0].detail.as_deref(), Some("aws:fis:wait"));
        let tf = "resource \"a\" \"b\" {\n  action {\n    name = \"one\"\n  }\n  action {\n    name = \"two\"\n    start_after = [\"|\"]\n  }\n}\n";
        let (items, _) = at(tf, Syntax::Hcl);
        assert_eq!(labels(&items), ["one"]);
        assert_eq!(items[0].insert, "one");
    }

    #[test]
    fn yaml_values_are_quoted_only_when_plain_would_change_them() {
        assert!(is_plain_safe("aws:ec2:stop-instances"));
        assert!(is_plain_safe("COUNT(1)"));
        assert!(!is_plain_safe("true"));
        assert!(!is_plain_safe("12"));
        assert!(!is_plain_safe("my target"));
        let text = format!("{CFN_HEAD}      Actions:\n        A:\n          ActionId:|\n");
        let (items, _) = at(&text, Syntax::Yaml);
        assert!(items[0].insert.starts_with(" aws:"));
    }

    #[test]
    fn odd_offsets_give_nothing_and_do_not_panic() {
        let text = "{\"description\": \"héllo\", \"actionId\": \"aws:\"}";
        let inside = text.find('é').unwrap() + 1;
        let catalog = Catalog::builtin();
        assert!(complete_at(text, Syntax::Json, inside, catalog).is_empty());
        assert!(complete_at(text, Syntax::Json, text.len() + 5, catalog).is_empty());
        for syntax in [Syntax::Json, Syntax::Yaml, Syntax::Hcl] {
            for offset in [0, text.len()] {
                let _ = complete_at(text, syntax, offset, catalog);
                let _ = crate::assist::hover(text, syntax, offset, catalog);
            }
        }
        // Non-ASCII text before the cursor does not shift the replaced span.
        let at_id = text.find("aws:").unwrap() + 4;
        let items = complete_at(text, Syntax::Json, at_id, catalog);
        let first = &items[0];
        assert_eq!(&text[first.replace.start()..first.replace.end()], "aws:");
    }
}
