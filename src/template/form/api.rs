//! The `create-experiment-template` body: camelCase keys, found as the document itself or under
//! `experimentTemplate`.

use super::super::{Experiment, Located};
use super::Form;
use crate::source::{Node, Pointer, Span};
use crate::template::Field;

/// The key the API gives a property.
pub(super) const fn key(field: Field) -> &'static str {
    match field {
        Field::Description => "description",
        Field::RoleArn => "roleArn",
        Field::StopConditions => "stopConditions",
        Field::Source => "source",
        Field::Value => "value",
        Field::Targets => "targets",
        Field::ResourceType => "resourceType",
        Field::ResourceArns => "resourceArns",
        Field::ResourceTags => "resourceTags",
        Field::Filters => "filters",
        Field::Path => "path",
        Field::Values => "values",
        Field::SelectionMode => "selectionMode",
        Field::Parameters => "parameters",
        Field::Actions => "actions",
        Field::ActionId => "actionId",
        Field::StartAfter => "startAfter",
        Field::LogConfiguration => "logConfiguration",
        Field::LogSchemaVersion => "logSchemaVersion",
        Field::CloudwatchLogsConfiguration => "cloudWatchLogsConfiguration",
        Field::LogGroupArn => "logGroupArn",
        Field::S3Configuration => "s3Configuration",
        Field::BucketName => "bucketName",
        Field::Prefix => "prefix",
        Field::ExperimentOptions => "experimentOptions",
        Field::AccountTargeting => "accountTargeting",
        Field::EmptyTargetResolutionMode => "emptyTargetResolutionMode",
        Field::ExperimentReportConfiguration => "experimentReportConfiguration",
        Field::ReportOutputs => "outputs",
        Field::ReportS3Configuration => "s3Configuration",
        Field::ReportDataSources => "dataSources",
        Field::CloudwatchDashboards => "cloudWatchDashboards",
        Field::Tags => "tags",
    }
}

/// The raw template in a document: the document itself, or its `experimentTemplate`.
pub(in crate::template) fn experiments(root: &Node) -> Vec<Experiment<'_>> {
    if let Some(wrapped) = root.member("experimentTemplate")
        && looks_like_template(&wrapped.value)
    {
        let pointer = Pointer::root().child("experimentTemplate");
        return vec![Experiment {
            form: Form::Api,
            body: Located::new(&wrapped.value, pointer.clone(), Form::Api),
            resource: None,
            anchor: wrapped.key_span,
            anchor_pointer: pointer,
        }];
    }
    if looks_like_template(root) {
        return vec![whole_document(root)];
    }
    Vec::new()
}

/// The document read as a raw template, whatever it holds.
pub(in crate::template) fn whole_document(root: &Node) -> Experiment<'_> {
    Experiment {
        form: Form::Api,
        body: Located::new(root, Pointer::root(), Form::Api),
        resource: None,
        anchor: Span::new(root.span.start(), root.span.start() + 1),
        anchor_pointer: Pointer::root(),
    }
}

/// A `create-experiment-template` body: an `actions` map of objects with `actionId`, or a
/// `targets` map of objects with `resourceType`, or an empty `actions` map (a skeleton not yet
/// filled in, which MCP validation reads as a template too).
fn looks_like_template(node: &Node) -> bool {
    let has_member_with = |map: &str, key: &str| {
        node.get(map)
            .and_then(Node::as_object)
            .is_some_and(|members| members.iter().any(|m| m.value.member(key).is_some()))
    };
    let no_actions = node
        .get("actions")
        .and_then(Node::as_object)
        .is_some_and(<[_]>::is_empty);
    has_member_with("actions", "actionId")
        || has_member_with("targets", "resourceType")
        || no_actions
}
