//! One typed view over every template form: raw FIS API JSON, CloudFormation
//! `AWS::FIS::ExperimentTemplate` resources and Terraform `aws_fis_experiment_template`
//! resources. Spelling and wrapping are settled here (`form/`), once, so no rule ever asks which
//! form or syntax it is looking at.

pub mod field;
mod form;
mod model;
mod placeholder;
pub mod schema;
mod view;

pub use field::Field;
pub use form::{CFN_RESOURCE_TYPE, Form, TERRAFORM_RESOURCE_TYPE};
pub use model::{Action, StopCondition, Target};
pub use placeholder::placeholder;
pub use view::{Entry, Located, Shape, entries_of, items_of};

use std::collections::HashMap;

use crate::source::{Node, ParseError, Pointer, SourceFile, Span};

/// The stop condition source that watches a CloudWatch alarm.
pub const ALARM_SOURCE: &str = "aws:cloudwatch:alarm";

/// One experiment template found in a file.
#[derive(Debug, Clone)]
pub struct Experiment<'a> {
    pub form: Form,
    /// The template object itself: the document, its `experimentTemplate`, a resource's
    /// `Properties`, or a Terraform resource's body in the API's shape.
    pub body: Located<'a>,
    /// The CloudFormation or Terraform resource holding the template.
    pub resource: Option<Resource<'a>>,
    /// Where to point when something the template lacks is the problem.
    pub anchor: Span,
    pub anchor_pointer: Pointer,
}

/// A CloudFormation resource of type `AWS::FIS::ExperimentTemplate`, or a Terraform
/// `aws_fis_experiment_template` (its logical id is then the resource address).
#[derive(Debug, Clone)]
pub struct Resource<'a> {
    pub logical_id: &'a str,
    pub node: &'a Node,
    pub pointer: Pointer,
    /// The `Type` value, when it misspells `AWS::FIS::ExperimentTemplate` (which CloudFormation
    /// rejects): the resource is still read as the experiment it was meant to be.
    pub misspelled_type: Option<&'a Node>,
}

/// The tree to read experiments from: a Terraform document's resources rewritten into the API's
/// shape ([`form::normalize`]), or the parsed tree as it is.
pub fn normalize(tree: Node) -> Node {
    form::normalize(&tree).unwrap_or(tree)
}

/// A file parsed and [`normalize`]d: what every caller reads experiments from.
pub fn read(source: &SourceFile) -> Result<Node, ParseError> {
    source.parse().map(normalize)
}

/// Every experiment template in a (normalized) document, in source order; none for other
/// documents.
pub fn experiments(root: &Node) -> Vec<Experiment<'_>> {
    let cfn = form::cloudformation_experiments(root);
    if !cfn.is_empty() {
        return cfn;
    }
    let terraform = form::terraform_experiments(root);
    if !terraform.is_empty() {
        return terraform;
    }
    form::api_experiments(root)
}

/// Reads a document as a raw API template even when nothing marks it as one: an agent that asks
/// for validation has said what it is.
pub fn experiments_or_api(root: &Node) -> Vec<Experiment<'_>> {
    let found = experiments(root);
    if found.is_empty() && root.as_object().is_some() {
        vec![form::whole_document(root)]
    } else {
        found
    }
}

impl<'a> Experiment<'a> {
    pub fn field(&self, field: Field) -> Option<Located<'a>> {
        self.body.field(field)
    }

    pub fn targets(&self) -> Shape<Target<'a>> {
        map_shape(entries_of(self.field(Field::Targets)), Target)
    }

    pub fn actions(&self) -> Shape<Action<'a>> {
        map_shape(entries_of(self.field(Field::Actions)), Action)
    }

    pub fn stop_conditions(&self) -> Shape<StopCondition<'a>> {
        map_shape(items_of(self.field(Field::StopConditions)), StopCondition)
    }

    pub fn role_arn(&self) -> Option<Located<'a>> {
        self.field(Field::RoleArn)
    }

    /// Whether some stop condition watches a CloudWatch alarm; `None` when that is only known at
    /// deploy time (the list, or a source, is an intrinsic function).
    pub fn has_alarm_stop_condition(&self) -> Option<bool> {
        match self.stop_conditions() {
            Shape::Deferred | Shape::Invalid => None,
            Shape::Absent => Some(false),
            Shape::Known(items) => {
                let mut unknown = false;
                for condition in &items {
                    match condition.source() {
                        Some(source) if source.is_deferred() => unknown = true,
                        Some(source) if source.text() == Some(ALARM_SOURCE) => return Some(true),
                        None if condition.located().is_deferred() => unknown = true,
                        _ => {}
                    }
                }
                if unknown { None } else { Some(false) }
            }
        }
    }

    /// Targets by name (the last of duplicates, as [`Self::target`] reads them): a rule that looks
    /// a target up per action reference builds this once.
    pub fn targets_by_name(&self) -> HashMap<&'a str, Target<'a>> {
        let targets = self.targets();
        targets
            .known()
            .iter()
            .map(|t| (t.name(), t.clone()))
            .collect()
    }

    /// The target of this name, if the template defines it.
    pub fn target(&self, name: &str) -> Option<Target<'a>> {
        self.targets()
            .known()
            .iter()
            .rev()
            .find(|t| t.name() == name)
            .cloned()
    }

    /// A human name for messages: the resource's logical id, or "the template".
    pub fn label(&self) -> String {
        match &self.resource {
            Some(resource) => format!("resource `{}`", resource.logical_id),
            None => "the template".to_owned(),
        }
    }
}

fn map_shape<T, U>(shape: Shape<T>, f: impl Fn(T) -> U) -> Shape<U> {
    match shape {
        Shape::Absent => Shape::Absent,
        Shape::Deferred => Shape::Deferred,
        Shape::Invalid => Shape::Invalid,
        Shape::Known(items) => Shape::Known(items.into_iter().map(f).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};

    #[test]
    fn cloudformation_resources_are_each_an_experiment() {
        let text = r#"
Resources:
  Role: {Type: AWS::IAM::Role}
  A:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Actions: {stop: {ActionId: aws:ec2:stop-instances}}
  B:
    Type: AWS::FIS::ExperimentTemplate
    Properties: {}
"#;
        let root = parse(text, Syntax::Yaml).unwrap();
        let found = experiments(&root);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].form, Form::CloudFormation);
        let actions = found[0].actions();
        let stop = &actions.known()[0];
        let id = stop.action_id().unwrap();
        assert_eq!(id.text(), Some("aws:ec2:stop-instances"));
        assert_eq!(
            id.pointer.as_str(),
            "/Resources/A/Properties/Actions/stop/ActionId"
        );
    }

    #[test]
    fn a_misspelt_type_is_still_an_experiment() {
        let text = "Resources:\n  A: {Type: AWS::FIS::ExperimentTemplates}\n\
                    \x20 B: {Type: aws::fis::experimenttemplate}\n\
                    \x20 C: {Type: AWS::FIS::TargetAccountConfiguration}\n\
                    \x20 D: {Type: AWS::FIS::ExperimentTemplate}\n";
        let root = parse(text, Syntax::Yaml).unwrap();
        let found = experiments(&root);
        let misspelt: Vec<_> = found
            .iter()
            .map(|e| {
                let resource = e.resource.as_ref().unwrap();
                (resource.logical_id, resource.misspelled_type.is_some())
            })
            .collect();
        assert_eq!(misspelt, [("A", true), ("B", true), ("D", false)]);
    }

    #[test]
    fn raw_and_wrapped_api_templates_are_found() {
        let raw = parse(
            r#"{"actions": {"a": {"actionId": "aws:fis:wait"}}}"#,
            Syntax::Json,
        )
        .unwrap();
        assert_eq!(experiments(&raw)[0].form, Form::Api);
        let wrapped = parse(
            r#"{"experimentTemplate": {"targets": {"t": {"resourceType": "aws:ec2:instance"}}}}"#,
            Syntax::Json,
        )
        .unwrap();
        let found = experiments(&wrapped);
        assert_eq!(found[0].body.pointer.as_str(), "/experimentTemplate");
        assert_eq!(found[0].targets().known()[0].name(), "t");
    }

    #[test]
    fn unrelated_documents_hold_no_experiment() {
        for text in [
            r#"{"actions": {"build": {"run": "make"}}}"#,
            r#"{"name": "pkg"}"#,
            "[1, 2]",
        ] {
            let root = parse(text, Syntax::Json).unwrap();
            assert!(experiments(&root).is_empty(), "{text}");
        }
        let skeleton = parse(r#"{"description": "x", "actions": {}}"#, Syntax::Json).unwrap();
        assert_eq!(experiments(&skeleton)[0].form, Form::Api);
        let empty = parse("{}", Syntax::Json).unwrap();
        assert_eq!(experiments_or_api(&empty).len(), 1);
    }

    #[test]
    fn intrinsic_maps_are_deferred_and_api_numbers_are_not_text() {
        let text = r#"{"targets": {"Fn::If": ["C", {}, {}]}, "actions": {"a": {"actionId": 5}}}"#;
        let root = parse(text, Syntax::Json).unwrap();
        let experiment = &experiments(&root)[0];
        assert!(matches!(experiment.targets(), Shape::Deferred));
        assert!(!experiment.targets().is_complete());
        let actions = experiment.actions();
        let action = &actions.known()[0];
        assert_eq!(action.action_id().unwrap().text(), None);
    }

    #[test]
    fn camel_case_keys_in_cloudformation_are_still_read() {
        let text = r#"{"Resources": {"X": {"Type": "AWS::FIS::ExperimentTemplate",
            "Properties": {"actions": {"a": {"actionId": "aws:fis:wait"}}}}}}"#;
        let root = parse(text, Syntax::Json).unwrap();
        let experiment = &experiments(&root)[0];
        let actions = experiment.actions();
        let action = &actions.known()[0];
        assert_eq!(action.action_id().unwrap().text(), Some("aws:fis:wait"));
        assert_eq!(
            action.action_id().unwrap().pointer.as_str(),
            "/Resources/X/Properties/actions/a/actionId"
        );
    }
}
