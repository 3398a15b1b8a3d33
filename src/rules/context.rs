//! What a rule sees: one experiment, the catalog, and the document to locate pointers in.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use super::RuleMeta;
use crate::catalog::{ActionSpec, Catalog, ParameterSpec, Suggester, Suggestion};
use crate::diagnostic::{Applicability, Diagnostic, Fix, quoted};
use crate::fix::Editor;
use crate::iam::grants::{Role, role_in_template};
use crate::source::{Lookup, Node, Pointer, Span};
use crate::template::{Action, Entry, Experiment, Field, Located, Shape, Target, placeholder};

/// Maps with more entries get no key renames: no FIS map comes near (an action takes a handful
/// of target keys and parameters), and checking every finding against every entry of a huge
/// one would make a hostile file cost quadratic time.
pub const RENAME_SIBLING_LIMIT: usize = 256;

pub struct Context<'a> {
    pub experiment: &'a Experiment<'a>,
    pub catalog: &'a Catalog,
    /// Shared by every rule and experiment of one file, so each large object is indexed once.
    lookup: &'a Lookup<'a>,
    /// Shared by every rule and experiment of one file, so suggestions cost a bounded total.
    suggester: &'a Suggester,
    /// Writes a fix's replacement text as the file spells it.
    editor: Editor<'a>,
    /// The experiment's targets by name, built on the first reference resolved.
    targets: OnceCell<HashMap<&'a str, Target<'a>>>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(
        experiment: &'a Experiment<'a>,
        catalog: &'a Catalog,
        lookup: &'a Lookup<'a>,
        suggester: &'a Suggester,
        editor: Editor<'a>,
    ) -> Context<'a> {
        Context {
            experiment,
            catalog,
            lookup,
            suggester,
            editor,
            targets: OnceCell::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The candidate nearest to an unknown name ("did you mean"), within the file's budget.
    pub fn nearest<'c>(
        &self,
        unknown: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<&'c str> {
        self.suggester.nearest(unknown, candidates)
    }

    /// [`Context::nearest`], with whether it is certainly the name meant (see [`Suggestion`]).
    pub fn suggest<'c, I>(&self, unknown: &str, candidates: I) -> Option<Suggestion<'c>>
    where
        I: IntoIterator<Item = &'c str>,
        I::IntoIter: Clone,
    {
        self.suggester.suggest(unknown, candidates)
    }

    /// A fix writing `value` over the scalar (a value or a key) at `span`; `None` when the file
    /// spells that scalar in a way a replacement cannot keep.
    pub fn replace(
        &self,
        span: Span,
        value: &str,
        applicability: Applicability,
        title: impl Into<String>,
    ) -> Option<Fix> {
        let edit = self.editor.replace_scalar(span, value)?;
        Some(Fix::new(applicability, title, vec![edit]))
    }

    /// The fix for a name a suggestion answered: safe when the suggestion is certain. A name
    /// holding a `${…}` template is filled in before FIS reads it, so it gets no fix.
    pub fn rename(&self, span: Span, written: &str, suggestion: Suggestion<'_>) -> Option<Fix> {
        if written.contains("${") {
            return None;
        }
        let applicability = if suggestion.certain {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        self.replace(
            span,
            suggestion.name,
            applicability,
            format!(
                "replace {} with {}",
                quoted(written),
                quoted(suggestion.name)
            ),
        )
    }

    /// [`Context::rename`] for an action id or resource type: a guess that names another
    /// service (`aws:ec2:instance` for `aws:rds:instance`) would change what the experiment
    /// acts on, so only a certain one may.
    pub fn rename_id(&self, span: Span, written: &str, suggestion: Suggestion<'_>) -> Option<Fix> {
        let service = |id: &str| id.split(':').nth(1).map(str::to_ascii_lowercase);
        if !suggestion.certain && service(written) != service(suggestion.name) {
            return None;
        }
        self.rename(span, written, suggestion)
    }

    /// [`Context::rename`] for a key (the name of an entry in a map, or of a list that must not
    /// repeat one): none when another entry already has the new name, since the rename would
    /// make a duplicate, or when there are more than [`RENAME_SIBLING_LIMIT`] entries.
    pub fn rename_key<'s>(
        &self,
        span: Span,
        written: &str,
        suggestion: Suggestion<'_>,
        siblings: impl IntoIterator<Item = &'s str>,
    ) -> Option<Fix> {
        let mut seen = 0;
        for name in siblings {
            seen += 1;
            if seen > RENAME_SIBLING_LIMIT || name == suggestion.name {
                return None;
            }
        }
        self.rename(span, written, suggestion)
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The value a JSON Pointer names.
    pub fn node_at(&self, pointer: &str) -> Option<&'a Node> {
        self.lookup.find(pointer)
    }

    /// The span of the value a JSON Pointer names.
    pub fn locate(&self, pointer: &str) -> Option<Span> {
        self.lookup.find(pointer).map(|node| node.span)
    }

    /// The span of the key a JSON Pointer ends in.
    pub fn locate_key(&self, pointer: &str) -> Option<Span> {
        self.lookup.find_key_span(pointer)
    }

    /// The IAM role a CloudFormation experiment runs as, when the same template defines it: the
    /// `RoleArn` value, the document root, and the role.
    pub fn template_role(&self) -> Option<(Located<'a>, &'a Node, Role<'a>)> {
        self.experiment.resource.as_ref()?;
        let role_arn = self.experiment.role_arn()?;
        let root = self.node_at("")?;
        let role = role_in_template(root, role_arn.node).ok()?;
        Some((role_arn, root, role))
    }

    /// An action's target references (its `targets` entries: the key, such as `Instances`, and
    /// the target's name) that name a target of the experiment, each with that target (the last
    /// of duplicates). A reference given at deploy time, or naming no target, is left out.
    pub fn referenced_targets(&self, action: &Action<'a>) -> Vec<(Entry<'a>, Target<'a>)> {
        let targets = self
            .targets
            .get_or_init(|| self.experiment.targets_by_name());
        action
            .targets()
            .known()
            .iter()
            .filter_map(|reference| {
                let target = targets.get(reference.value.text()?)?;
                Some((reference.clone(), target.clone()))
            })
            .collect()
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// An action of the template whose literal id the catalog knows.
pub struct KnownAction<'a> {
    pub action: Action<'a>,
    pub id: Located<'a>,
    pub id_text: &'a str,
    pub spec: &'a ActionSpec,
}

/// The parameters an action or target gives, next to those the catalog says it takes.
pub struct ParameterSet<'a> {
    /// `action `Stop` (`aws:ec2:stop-instances`)` or `target `Pods` (`aws:eks:pod`)`.
    pub owner: String,
    pub specs: &'a BTreeMap<String, ParameterSpec>,
    pub given: Shape<Entry<'a>>,
    /// The `parameters` property itself, when present.
    pub field: Option<Located<'a>>,
    /// Where a missing parameter is reported: the action's or target's name.
    pub anchor: Span,
    /// Where a missing parameter belongs.
    pub parameters_pointer: Pointer,
    /// Each given name's last entry, built on first use when there are many.
    by_name: OnceCell<HashMap<&'a str, usize>>,
}

/// Parameter lists up to this size are scanned: an index would cost more than it saves.
const SCAN_LIMIT: usize = 16;

impl<'a> ParameterSet<'a> {
    /// The text of a sibling parameter, when given literally.
    pub fn value_of(&self, name: &str) -> Option<&'a str> {
        self.last_given(name).and_then(|e| e.value.text())
    }

    pub fn is_given(&self, name: &str) -> bool {
        self.last_given(name).is_some()
    }

    /// The entry of this name; with duplicates the last one wins, as in the tree.
    fn last_given(&self, name: &str) -> Option<&Entry<'a>> {
        let given = self.given.known();
        if given.len() <= SCAN_LIMIT {
            return given.iter().rev().find(|e| e.name == name);
        }
        let index = self
            .by_name
            .get_or_init(|| given.iter().enumerate().map(|(i, e)| (e.name, i)).collect());
        index.get(name).and_then(|&i| given.get(i))
    }
}

impl<'a> Context<'a> {
    /// The template's actions whose ids the catalog knows, in source order.
    pub fn known_actions(&self) -> Vec<KnownAction<'a>> {
        let catalog = self.catalog;
        self.experiment
            .actions()
            .known()
            .iter()
            .filter_map(|action| {
                let id = action.action_id()?;
                let id_text = id.text()?;
                let spec = catalog.action(id_text)?;
                Some(KnownAction {
                    action: action.clone(),
                    id,
                    id_text,
                    spec,
                })
            })
            .collect()
    }

    /// Every action and target whose catalog entry lists its parameters.
    pub fn parameter_sets(&self) -> Vec<ParameterSet<'a>> {
        let experiment = self.experiment;
        let form = experiment.form;
        let mut sets = Vec::new();
        for action in experiment.actions().known() {
            let Some(id) = action.action_id().and_then(|id| id.text()) else {
                continue;
            };
            let Some(specs) = self.catalog.action(id).and_then(|a| a.parameters.as_ref()) else {
                continue;
            };
            sets.push(ParameterSet {
                owner: format!("action `{}` (`{id}`)", action.name()),
                specs,
                given: action.parameters(),
                field: action.parameters_field(),
                anchor: action.0.name_span,
                parameters_pointer: action.located().pointer.child(form.key(Field::Parameters)),
                by_name: OnceCell::new(),
            });
        }
        for target in experiment.targets().known() {
            let Some(rtype) = target.resource_type().and_then(|t| t.text()) else {
                continue;
            };
            let Some(specs) = self
                .catalog
                .resource_type(rtype)
                .and_then(|t| t.parameters.as_ref())
            else {
                continue;
            };
            sets.push(ParameterSet {
                owner: format!("target `{}` (`{rtype}`)", target.name()),
                specs,
                given: target.parameters(),
                field: target.parameters_field(),
                anchor: target.0.name_span,
                parameters_pointer: target.located().pointer.child(form.key(Field::Parameters)),
                by_name: OnceCell::new(),
            });
        }
        sets
    }
}

impl Context<'_> {
    /// Reports an empty string where a value belongs (a skeleton's blank, which FIS rejects) and
    /// returns true, so value rules say "empty" rather than "malformed".
    pub fn report_empty(&mut self, rule: &RuleMeta, value: &Located<'_>, what: &str) -> bool {
        if value.literal_text() != Some("") {
            return false;
        }
        self.report(
            Diagnostic::new(
                rule,
                format!("{what} is empty"),
                value.span(),
                value.pointer.clone(),
            )
            .with_label("empty")
            .with_help(format!("give {what} a value; FIS rejects an empty one")),
        );
        true
    }

    /// Reports a value that still holds a placeholder (`<YOUR REGION>`) as a warning and returns
    /// true, so value rules say "fill this in" rather than "this is malformed".
    pub fn report_placeholder(&mut self, rule: &RuleMeta, value: &Located<'_>, what: &str) -> bool {
        let Some(text) = value.literal_text() else {
            return false;
        };
        let Some(token) = placeholder(text) else {
            return false;
        };
        self.report(
            Diagnostic::new(
                rule,
                format!(
                    "{} for {what} still holds the placeholder {}",
                    quoted(text),
                    quoted(token)
                ),
                value.span(),
                value.pointer.clone(),
            )
            .with_label("placeholder")
            .with_help(format!(
                "replace {} with the real value before deploying",
                quoted(token)
            ))
            .tentative(),
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};
    use crate::template::experiments;

    #[test]
    fn an_action_reference_resolves_to_the_last_target_of_its_name() {
        let text = r#"{
            "targets": {"Web": {"resourceType": "aws:ec2:instance", "selectionMode": "ALL"},
                        "Web": {"resourceType": "aws:ec2:instance", "selectionMode": "COUNT(1)"}},
            "actions": {"Stop": {"actionId": "aws:ec2:stop-instances",
                                 "targets": {"Instances": "Web", "Other": "Nowhere"}}}
        }"#;
        let root = parse(text, Syntax::Json).expect("the template parses");
        let found = experiments(&root);
        let experiment = found.first().expect("one experiment");
        let (lookup, suggester) = (Lookup::new(&root), Suggester::default());
        let editor = Editor::new(text, Syntax::Json);
        let ctx = Context::new(experiment, Catalog::builtin(), &lookup, &suggester, editor);
        let actions = experiment.actions();
        let stop = actions.known().first().expect("one action");
        let resolved: Vec<(&str, Option<&str>)> = ctx
            .referenced_targets(stop)
            .iter()
            .map(|(reference, target)| {
                let mode = target.selection_mode().and_then(|m| m.text());
                (reference.name, mode)
            })
            .collect();
        assert_eq!(resolved, [("Instances", Some("COUNT(1)"))]);
    }
}
