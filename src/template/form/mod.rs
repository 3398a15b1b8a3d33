//! The forms a template is written in. Each form is one module: how it spells each [`Field`],
//! and where its experiments are in a document; the view and the rules ask the [`Form`] only.

mod api;
mod cloudformation;
mod terraform;

pub use cloudformation::RESOURCE_TYPE as CFN_RESOURCE_TYPE;
pub use terraform::{RESOURCE_TYPE as TERRAFORM_RESOURCE_TYPE, normalize};

pub(super) use api::{experiments as api_experiments, whole_document};
pub(super) use cloudformation::experiments as cloudformation_experiments;
pub(super) use terraform::experiments as terraform_experiments;

use super::Field;
use crate::source::Node;

/// How the template was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// The `create-experiment-template` body: camelCase keys.
    Api,
    /// The `Properties` of an `AWS::FIS::ExperimentTemplate` resource: PascalCase keys.
    CloudFormation,
    /// An `aws_fis_experiment_template` resource, read through [`normalize`] into the API's
    /// shape: snake_case attributes and repeated blocks where the API has maps and lists.
    Terraform,
}

impl Form {
    /// The key the view reads for a property in this form's tree.
    pub const fn key(self, field: Field) -> &'static str {
        match self {
            Form::Api | Form::Terraform => api::key(field),
            Form::CloudFormation => cloudformation::key(field),
        }
    }

    /// The key read when [`Self::key`] is absent: a casing slip between the API and
    /// CloudFormation is a schema error of its own, and should not also hide every other check.
    /// Terraform's tree is built with the API's keys, so it has none.
    pub const fn fallback_key(self, field: Field) -> Option<&'static str> {
        match self {
            Form::Api => Some(cloudformation::key(field)),
            Form::CloudFormation => Some(api::key(field)),
            Form::Terraform => None,
        }
    }

    /// How a person writes the property in this form, for messages.
    pub const fn written(self, field: Field) -> &'static str {
        match self {
            Form::Api => api::key(field),
            Form::CloudFormation => cloudformation::key(field),
            Form::Terraform => terraform::written(field),
        }
    }

    /// How a person writes a key of this form's tree (as the schema names it), for messages.
    pub fn written_key(self, key: &str) -> &str {
        match self {
            Form::Api | Form::CloudFormation => key,
            Form::Terraform => terraform::written_key(key).unwrap_or(key),
        }
    }

    /// A value as text when it is known text. CloudFormation reads every scalar as a string, as
    /// Terraform does for a string attribute; the API takes only strings.
    pub fn text(self, node: &Node) -> Option<&str> {
        match self {
            Form::Api => node.as_str(),
            Form::CloudFormation | Form::Terraform => node.scalar_text(),
        }
    }

    /// Whether the deploying tool turns a number or boolean into the string a property wants,
    /// so a scalar of another type is no schema violation.
    pub const fn converts_scalars(self) -> bool {
        matches!(self, Form::CloudFormation | Form::Terraform)
    }
}
