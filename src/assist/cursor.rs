//! Where the cursor is in FIS terms: which field's value, or which map's key, it is typing,
//! read from the outline's key path the same way for every form (API camelCase, CloudFormation
//! PascalCase, Terraform snake_case blocks).

use super::outline::{Outline, Role, Site, normalized};
use super::scan::scan;
use crate::source::Syntax;

/// What is being typed at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place<'t> {
    ActionId,
    ResourceType,
    /// A key of an action's targets (Terraform: its `target` block's `key`).
    TargetKey {
        action_id: Option<&'t str>,
    },
    /// A target name, as the value of an action's target key (Terraform: its `target` block's
    /// `value`); the action id and key tell which resource type fits.
    TargetName {
        experiment: Option<usize>,
        action_id: Option<&'t str>,
        key: Option<&'t str>,
    },
    /// An action's parameter name.
    ActionParameter {
        action_id: Option<&'t str>,
    },
    /// A target's parameter name.
    TargetParameter {
        resource_type: Option<&'t str>,
    },
    /// An action name in `startAfter`; `own` is the action the list belongs to.
    ActionName {
        experiment: Option<usize>,
        own: Option<usize>,
    },
    StopConditionSource,
    SelectionMode,
}

/// The outline, the cursor's site and what it types there.
pub(super) struct Cursor<'t> {
    pub outline: Outline<'t>,
    pub site: Site,
    pub place: Option<Place<'t>>,
}

impl<'t> Cursor<'t> {
    /// `None` at an offset that is not a character boundary of the text, or where no site is.
    pub fn at(text: &'t str, syntax: Syntax, offset: usize) -> Option<Cursor<'t>> {
        if !text.is_char_boundary(offset) {
            return None;
        }
        let (outline, site) = scan(text, syntax, offset);
        let site = site?;
        let place = place(&outline, &site);
        Some(Cursor {
            outline,
            site,
            place,
        })
    }

    pub fn word(&self) -> &'t str {
        self.outline.slice(self.site.word)
    }
}

/// One key on the path to the cursor, with the entry holding its value's members (for a list
/// of blocks, the item the cursor is in).
#[derive(Debug)]
struct Step {
    name: String,
    container: usize,
}

fn steps(outline: &Outline<'_>, ancestors: &[usize]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for &entry in ancestors {
        match outline.key(entry) {
            Some(key) => steps.push(Step {
                name: normalized(key),
                container: entry,
            }),
            None => {
                if let Some(last) = steps.last_mut() {
                    last.container = entry;
                }
            }
        }
    }
    steps
}

fn names(steps: &[Step]) -> Vec<&str> {
    steps.iter().map(|s| s.name.as_str()).collect()
}

/// The container holding the collection at `steps[at]`: the experiment's members.
fn experiment(steps: &[Step], at: usize) -> Option<usize> {
    at.checked_sub(1)
        .and_then(|before| steps.get(before))
        .map(|s| s.container)
}

/// The innermost action the path is inside: its container and the experiment's.
fn action(steps: &[Step]) -> Option<(usize, Option<usize>)> {
    let names = names(steps);
    for at in (0..names.len()).rev() {
        match names[at] {
            // API and CloudFormation: `actions` → name → the action.
            "actions" if at + 1 < names.len() => {
                return Some((steps[at + 1].container, experiment(steps, at)));
            }
            // Terraform: each `action` block is the action.
            "action" => return Some((steps[at].container, experiment(steps, at))),
            _ => {}
        }
    }
    None
}

fn place<'t>(outline: &Outline<'t>, site: &Site) -> Option<Place<'t>> {
    let steps = steps(outline, &site.ancestors);
    let names = names(&steps);
    let action_id = |container: usize| {
        outline
            .child(Some(container), "actionid")
            .and_then(|e| outline.value(e))
    };
    match site.role {
        Role::Value(entry) => {
            let raw_key = outline.key(entry)?;
            let key = normalized(raw_key);
            match key.as_str() {
                "actionid" => return Some(Place::ActionId),
                "resourcetype" => return Some(Place::ResourceType),
                "selectionmode" => return Some(Place::SelectionMode),
                "source" if names.iter().any(|n| n.starts_with("stopcondition")) => {
                    return Some(Place::StopConditionSource);
                }
                "startafter" => {
                    let (own, experiment) = action(&steps)?;
                    return Some(Place::ActionName {
                        experiment,
                        own: Some(own),
                    });
                }
                _ => {}
            }
            match names.as_slice() {
                [.., "actions", _, "targets"] => {
                    let (own, experiment) = action(&steps)?;
                    Some(Place::TargetName {
                        experiment,
                        action_id: action_id(own),
                        key: Some(raw_key),
                    })
                }
                [.., "action", "target"] => {
                    let (own, experiment) = action(&steps)?;
                    let block = steps.last()?.container;
                    match key.as_str() {
                        "key" => Some(Place::TargetKey {
                            action_id: action_id(own),
                        }),
                        "value" => Some(Place::TargetName {
                            experiment,
                            action_id: action_id(own),
                            key: outline
                                .child(Some(block), "key")
                                .and_then(|e| outline.value(e)),
                        }),
                        _ => None,
                    }
                }
                [.., "action", "parameter"] if key == "key" => {
                    let (own, _) = action(&steps)?;
                    Some(Place::ActionParameter {
                        action_id: action_id(own),
                    })
                }
                _ => None,
            }
        }
        Role::Item => {
            if names.last() != Some(&"startafter") {
                return None;
            }
            let (own, experiment) = action(&steps)?;
            Some(Place::ActionName {
                experiment,
                own: Some(own),
            })
        }
        Role::Key => match names.as_slice() {
            [.., "actions", _, "targets"] => Some(Place::TargetKey {
                action_id: action_id(steps[steps.len() - 2].container),
            }),
            [.., "actions", _, "parameters"] => Some(Place::ActionParameter {
                action_id: action_id(steps[steps.len() - 2].container),
            }),
            [.., "targets", _, "parameters"] | [.., "target", "parameters"] => {
                let target = steps[steps.len() - 2].container;
                Some(Place::TargetParameter {
                    resource_type: outline
                        .child(Some(target), "resourcetype")
                        .and_then(|e| outline.value(e)),
                })
            }
            _ => None,
        },
    }
}

/// The experiment's targets: name and resource type.
pub(super) fn target_names<'t>(
    outline: &Outline<'t>,
    experiment: Option<usize>,
) -> Vec<(&'t str, Option<&'t str>)> {
    let resource_type = |target: usize| {
        outline
            .child(Some(target), "resourcetype")
            .and_then(|e| outline.value(e))
    };
    let mut out: Vec<(&str, Option<&str>)> = Vec::new();
    if let Some(targets) = outline.child(experiment, "targets") {
        for target in outline.children(Some(targets)) {
            if let Some(name) = outline.key(target) {
                out.push((name, resource_type(target)));
            }
        }
    }
    for block in outline.blocks(experiment, "target") {
        if let Some(name) = outline
            .child(Some(block), "name")
            .and_then(|e| outline.value(e))
        {
            out.push((name, resource_type(block)));
        }
    }
    out
}

/// The experiment's actions: name, action id and the entry holding the action's members.
pub(super) fn action_names<'t>(
    outline: &Outline<'t>,
    experiment: Option<usize>,
) -> Vec<(&'t str, Option<&'t str>, usize)> {
    let action_id = |action: usize| {
        outline
            .child(Some(action), "actionid")
            .and_then(|e| outline.value(e))
    };
    let mut out = Vec::new();
    if let Some(actions) = outline.child(experiment, "actions") {
        for action in outline.children(Some(actions)) {
            if let Some(name) = outline.key(action) {
                out.push((name, action_id(action), action));
            }
        }
    }
    for block in outline.blocks(experiment, "action") {
        if let Some(name) = outline
            .child(Some(block), "name")
            .and_then(|e| outline.value(e))
        {
            out.push((name, action_id(block), block));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_at(text: &str, syntax: Syntax) -> Option<Place<'static>> {
        let offset = text.find('|').unwrap();
        let text: &'static str = Box::leak(text.replacen('|', "", 1).into_boxed_str());
        Cursor::at(text, syntax, offset)?.place
    }

    #[test]
    fn action_fields_in_every_form() {
        let api = r#"{"actions": {"a": {"actionId": "aws:ec2:stop-instances", "targets": {"|"#;
        assert_eq!(
            place_at(api, Syntax::Json),
            Some(Place::TargetKey {
                action_id: Some("aws:ec2:stop-instances")
            })
        );
        let cfn = "Resources:\n  E:\n    Properties:\n      Actions:\n        A:\n          Parameters:\n            |\n          ActionId: aws:ec2:reboot-instances\n";
        assert_eq!(
            place_at(cfn, Syntax::Yaml),
            Some(Place::ActionParameter {
                action_id: Some("aws:ec2:reboot-instances")
            })
        );
        let tf = "resource \"a\" \"b\" {\n  action {\n    action_id = \"aws:ec2:stop-instances\"\n    parameter {\n      key = \"|\"\n";
        assert_eq!(
            place_at(tf, Syntax::Hcl),
            Some(Place::ActionParameter {
                action_id: Some("aws:ec2:stop-instances")
            })
        );
    }

    #[test]
    fn experiment_targets_are_not_action_targets() {
        let api = r#"{"targets": {"t": {"resourceType": "x", "parameters": {"|"}}}}"#;
        assert_eq!(
            place_at(api, Syntax::Json),
            Some(Place::TargetParameter {
                resource_type: Some("x")
            })
        );
        let api = r#"{"targets": {"|"}}"#;
        assert_eq!(place_at(api, Syntax::Json), None);
    }

    #[test]
    fn names_are_read_from_both_collections_forms() {
        let text = "resource \"a\" \"b\" {\n  target {\n    name = \"web\"\n    resource_type = \"aws:ec2:instance\"\n  }\n  action {\n    name = \"stop\"\n  }\n}\n";
        let cursor = Cursor::at(text, Syntax::Hcl, 0).unwrap();
        let resource = cursor.outline.children(None).next();
        assert_eq!(
            target_names(&cursor.outline, resource),
            [("web", Some("aws:ec2:instance"))]
        );
        assert_eq!(action_names(&cursor.outline, resource)[0].0, "stop");
    }
}
