//! CloudFormation: the `Properties` of `AWS::FIS::ExperimentTemplate` resources, PascalCase keys.

use super::super::{Experiment, Located, Resource};
use super::Form;
use crate::source::{Node, Pointer, Span, Value};
use crate::template::Field;

pub const RESOURCE_TYPE: &str = "AWS::FIS::ExperimentTemplate";

/// The key the resource schema gives a property.
pub(super) const fn key(field: Field) -> &'static str {
    match field {
        Field::Description => "Description",
        Field::RoleArn => "RoleArn",
        Field::StopConditions => "StopConditions",
        Field::Source => "Source",
        Field::Value => "Value",
        Field::Targets => "Targets",
        Field::ResourceType => "ResourceType",
        Field::ResourceArns => "ResourceArns",
        Field::ResourceTags => "ResourceTags",
        Field::Filters => "Filters",
        Field::Path => "Path",
        Field::Values => "Values",
        Field::SelectionMode => "SelectionMode",
        Field::Parameters => "Parameters",
        Field::Actions => "Actions",
        Field::ActionId => "ActionId",
        Field::StartAfter => "StartAfter",
        Field::LogConfiguration => "LogConfiguration",
        Field::LogSchemaVersion => "LogSchemaVersion",
        Field::CloudwatchLogsConfiguration => "CloudWatchLogsConfiguration",
        Field::LogGroupArn => "LogGroupArn",
        Field::S3Configuration => "S3Configuration",
        Field::BucketName => "BucketName",
        Field::Prefix => "Prefix",
        Field::ExperimentOptions => "ExperimentOptions",
        Field::AccountTargeting => "AccountTargeting",
        Field::EmptyTargetResolutionMode => "EmptyTargetResolutionMode",
        Field::ExperimentReportConfiguration => "ExperimentReportConfiguration",
        Field::ReportOutputs => "Outputs",
        Field::ReportS3Configuration => "ExperimentReportS3Configuration",
        Field::ReportDataSources => "DataSources",
        Field::CloudwatchDashboards => "CloudWatchDashboards",
        Field::Tags => "Tags",
    }
}

/// Stands in for a resource without `Properties`, so every field reads as absent.
static NO_PROPERTIES: Node = Node {
    span: Span { start: 0, end: 0 },
    value: Value::Object(Vec::new()),
};

/// Every experiment resource of a template, misspelt types included, in source order.
pub(in crate::template) fn experiments(root: &Node) -> Vec<Experiment<'_>> {
    let Some(resources) = root.get("Resources").and_then(Node::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter_map(|r| {
            let kind = r.value.get("Type")?;
            match kind.as_str()? {
                RESOURCE_TYPE => Some((r, None)),
                written if is_near_miss(written) => Some((r, Some(kind))),
                _ => None,
            }
        })
        .map(|(r, misspelled_type)| {
            let pointer = Pointer::root().child("Resources").child(&r.key);
            let body = r.value.get("Properties").unwrap_or(&NO_PROPERTIES);
            let body_pointer = pointer.child("Properties");
            Experiment {
                form: Form::CloudFormation,
                body: Located::new(body, body_pointer, Form::CloudFormation),
                resource: Some(Resource {
                    logical_id: &r.key,
                    node: &r.value,
                    pointer: pointer.clone(),
                    misspelled_type,
                }),
                anchor: r.key_span,
                anchor_pointer: pointer,
            }
        })
        .collect()
}

/// Edits a misspelt `Type` may be away from `AWS::FIS::ExperimentTemplate`, case aside: a
/// plural, a dropped letter or colon, a swapped pair. Every other CloudFormation type is further.
const TYPE_TYPO_DISTANCE: usize = 2;

/// Whether a resource `Type` is a slip for `AWS::FIS::ExperimentTemplate`.
fn is_near_miss(written: &str) -> bool {
    if written.len().abs_diff(RESOURCE_TYPE.len()) > TYPE_TYPO_DISTANCE {
        return false;
    }
    let written = written.to_ascii_lowercase();
    // The exact type never reaches here, so distance 0 is a slip of case.
    strsim::osa_distance(&written, &RESOURCE_TYPE.to_ascii_lowercase()) <= TYPE_TYPO_DISTANCE
}
