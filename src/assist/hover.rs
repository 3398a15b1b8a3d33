//! What the word under the cursor is: an action id, a resource type, a parameter name or a rule
//! code, documented in short Markdown from the catalog and the rules.

use super::Hover;
use super::cursor::{Cursor, Place};
use crate::catalog::{ActionSpec, Catalog, ParameterSpec, ResourceTypeSpec};
use crate::rules::{RuleMeta, by_code};
use crate::source::{Span, Syntax};

pub(super) fn hover(text: &str, syntax: Syntax, offset: usize, catalog: &Catalog) -> Option<Hover> {
    if !text.is_char_boundary(offset) {
        return None;
    }
    let span = word_at(text, offset);
    let word = text.get(span.start()..span.end()).unwrap_or_default();
    let markdown = if let Some(rule) = rule_code(word) {
        rule_markdown(rule)
    } else if let Some(action) = catalog.action(word) {
        action_markdown(action, catalog)
    } else if let Some(rtype) = catalog.resource_type(word) {
        resource_type_markdown(rtype)
    } else {
        return parameter(text, syntax, offset, catalog);
    };
    Some(Hover { span, markdown })
}

/// No catalog name or rule code is longer: a longer run is no name, and costs no more to skip.
const MAX_NAME: usize = 256;

/// The run of name characters (`aws:ec2:stop-instances`, `FIS001`, `duration`) around `offset`;
/// empty when the run is longer than any name.
fn word_at(text: &str, offset: usize) -> Span {
    let bytes = text.as_bytes();
    let is_name = |b: &u8| b.is_ascii_alphanumeric() || b":_-./".contains(b);
    let before = bytes[..offset]
        .iter()
        .rev()
        .take(MAX_NAME + 1)
        .take_while(|b| is_name(b))
        .count();
    let after = bytes[offset..]
        .iter()
        .take(MAX_NAME + 1)
        .take_while(|b| is_name(b))
        .count();
    if before + after > MAX_NAME {
        return Span::empty_at(offset);
    }
    Span::new(offset - before, offset + after)
}

fn rule_code(word: &str) -> Option<&'static RuleMeta> {
    let digits = word.strip_prefix("FIS")?;
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(by_code(word).ok()?.meta())
}

/// A parameter name under an action's or a target's parameters.
fn parameter(text: &str, syntax: Syntax, offset: usize, catalog: &Catalog) -> Option<Hover> {
    let cursor = Cursor::at(text, syntax, offset)?;
    let name = cursor.word();
    let (spec, owner) = match cursor.place? {
        Place::ActionParameter { action_id } => {
            let id = action_id?;
            (catalog.action(id)?.parameters.as_ref()?.get(name)?, id)
        }
        Place::TargetParameter { resource_type } => {
            let rtype = resource_type?;
            (
                catalog
                    .resource_type(rtype)?
                    .parameters
                    .as_ref()?
                    .get(name)?,
                rtype,
            )
        }
        _ => return None,
    };
    Some(Hover {
        span: cursor.site.word,
        markdown: parameter_markdown(name, spec, Some(owner)),
    })
}

pub(super) fn parameter_markdown(name: &str, spec: &ParameterSpec, owner: Option<&str>) -> String {
    let required = match (spec.required, spec.required_uncertain) {
        (true, false) => "required",
        (false, false) => "optional",
        (_, true) => "required flag uncertain",
    };
    let mut out = format!("**{name}** ({required})");
    if let Some(owner) = owner {
        out.push_str(&format!(", a parameter of `{owner}`"));
    }
    out.push_str("\n\n");
    if !spec.description.is_empty() {
        out.push_str(&spec.description);
        out.push_str("\n\n");
    }
    if let Some(constraint) = &spec.constraint {
        out.push_str(&format!("Value: {}\n", constraint.describe()));
    }
    if spec.observed_only {
        out.push_str("\nSeen in AWS examples, absent from the actions reference.\n");
    }
    out
}

fn action_markdown(action: &ActionSpec, catalog: &Catalog) -> String {
    let mut out = format!("**{}** (FIS action)\n\n", action.id);
    if !action.description.is_empty() {
        out.push_str(&action.description);
        out.push_str("\n\n");
    }
    if let Some(deprecated) = &action.deprecated {
        out.push_str(&format!(
            "Deprecated: use `{}`.\n\n",
            deprecated.replacement
        ));
    }
    match &action.parameters {
        Some(parameters) if !parameters.is_empty() => {
            out.push_str("**Parameters**\n");
            let mut ordered: Vec<_> = parameters.iter().collect();
            ordered.sort_by_key(|(_, spec)| !spec.required);
            for (name, spec) in ordered {
                let required = if spec.required {
                    "required"
                } else {
                    "optional"
                };
                out.push_str(&format!("- `{name}` ({required})"));
                if !spec.description.is_empty() {
                    out.push_str(&format!(": {}", spec.description));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        _ => {}
    }
    match &action.targets {
        Some(targets) if !targets.is_empty() => {
            out.push_str("**Targets**\n");
            for (key, spec) in targets {
                out.push_str(&format!("- `{key}`: `{}`\n", spec.resource_type));
            }
            out.push('\n');
        }
        _ => {}
    }
    if let Some(permissions) = catalog.action_permissions(&action.id) {
        let needed: Vec<String> = permissions
            .permissions
            .iter()
            .map(|p| format!("`{}`", p.action))
            .collect();
        if !needed.is_empty() {
            out.push_str(&format!("**IAM permissions**: {}\n", needed.join(", ")));
        }
        for conditional in &permissions.conditional {
            let needed: Vec<String> = conditional
                .permissions
                .iter()
                .map(|p| format!("`{}`", p.action))
                .collect();
            out.push_str(&format!("- {}: {}\n", conditional.when, needed.join(", ")));
        }
        if !permissions.managed_policies.is_empty() {
            let policies: Vec<String> = permissions
                .managed_policies
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            out.push_str(&format!("\nManaged policies: {}\n", policies.join(", ")));
        }
    }
    out.trim_end().to_owned()
}

fn resource_type_markdown(rtype: &ResourceTypeSpec) -> String {
    let mut out = format!("**{}** (FIS target resource type)\n\n", rtype.resource_type);
    if !rtype.description.is_empty() {
        out.push_str(&rtype.description);
        out.push_str("\n\n");
    }
    if let Some(parameters) = rtype.parameters.as_ref().filter(|p| !p.is_empty()) {
        out.push_str("**Parameters**\n");
        for (name, spec) in parameters {
            let required = if spec.required {
                "required"
            } else {
                "optional"
            };
            out.push_str(&format!("- `{name}` ({required})\n"));
        }
    }
    out.trim_end().to_owned()
}

fn rule_markdown(rule: &RuleMeta) -> String {
    // The page SARIF's helpUri names.
    let page = format!(
        "{}/blob/main/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        rule.code
    );
    format!(
        "**{}** {} ({})\n\n{}\n\n[Rule documentation]({page})",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::UnknownActionId;

    fn at(text: &str, syntax: Syntax) -> Option<(Hover, String)> {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let found = hover(&text, syntax, offset, Catalog::builtin())?;
        let word = text[found.span.start()..found.span.end()].to_owned();
        Some((found, word))
    }

    #[test]
    fn an_action_id_shows_parameters_targets_and_permissions() {
        let (found, word) = at(
            "Actions:\n  A:\n    ActionId: aws:ec2:stop-in|stances\n",
            Syntax::Yaml,
        )
        .unwrap();
        assert_eq!(word, "aws:ec2:stop-instances");
        let catalog = Catalog::builtin();
        let action = catalog.action("aws:ec2:stop-instances").unwrap();
        assert!(found.markdown.contains(&action.description));
        assert!(found.markdown.contains("`Instances`: `aws:ec2:instance`"));
        let permission = &catalog
            .action_permissions("aws:ec2:stop-instances")
            .unwrap()
            .permissions[0]
            .action;
        assert!(
            found.markdown.contains(permission.as_str()),
            "{}",
            found.markdown
        );
    }

    #[test]
    fn a_resource_type_in_terraform() {
        let (found, word) = at(
            "target {\n  resource_type = \"aws:ec2:inst|ance\"\n}\n",
            Syntax::Hcl,
        )
        .unwrap();
        assert_eq!(word, "aws:ec2:instance");
        assert!(found.markdown.starts_with("**aws:ec2:instance**"));
    }

    #[test]
    fn a_rule_code_in_a_comment_or_metadata() {
        let code = UnknownActionId::CODE;
        let (found, word) = at(&format!("# fislint: ignore {code}|\n"), Syntax::Yaml).unwrap();
        assert_eq!(word, code);
        let meta = by_code(code).unwrap().meta();
        assert!(found.markdown.contains(&meta.summary()));
        assert!(found.markdown.contains(&format!("rules/{code}.md")));
        let (_, word) = at(&format!("{{\"ignore\": [\"|{code}\"]}}"), Syntax::Json).unwrap();
        assert_eq!(word, code);
        assert!(at("# FIS999|\n", Syntax::Yaml).is_none());
    }

    #[test]
    fn a_parameter_name_needs_its_action() {
        let id = "aws:ec2:stop-instances";
        let catalog = Catalog::builtin();
        let (name, spec) = catalog
            .action(id)
            .unwrap()
            .parameters
            .as_ref()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let text = format!(
            "{{\"actions\": {{\"a\": {{\"actionId\": \"{id}\", \"parameters\": {{\"{name}|\": \"x\"}}}}}}}}"
        );
        let (found, word) = at(&text, Syntax::Json).unwrap();
        assert_eq!(&word, name);
        assert!(found.markdown.contains(&spec.description));
        assert!(found.markdown.contains(id));
        // Without an action the same word is nothing.
        let text = format!("{{\"parameters\": {{\"{name}|\": \"x\"}}}}");
        assert!(at(&text, Syntax::Json).is_none());
    }
}
