//! The experiment role's IAM side: what a template's role needs (`required`), the policy document
//! that grants it (`document`), the report `fislint policy` and the MCP tool give (`report`), IAM's
//! wildcard matching (`pattern`), the role as CloudFormation or Terraform (`snippet`), and, for a role defined in the same CloudFormation template, what
//! it is granted (`grants`) and whom it trusts (`trust`).

pub mod document;
pub mod grants;
pub mod pattern;
pub mod report;
pub mod required;
pub mod snippet;
pub mod trust;

pub use document::{PolicyDocument, Statement};
pub use report::PolicyReport;
pub use required::{Need, Requirements, requirements};
