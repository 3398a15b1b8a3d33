//! The experiment role's IAM side: what a template's role needs (`required`), the policy document
//! that grants it (`document`), the report `fislint policy` and the MCP tool give (`report`), and
//! IAM's wildcard matching (`pattern`); what a role defined in the same CloudFormation template
//! is granted (`grants`).

pub mod document;
pub mod grants;
pub mod pattern;
pub mod report;
pub mod required;

pub use document::{PolicyDocument, Statement};
pub use report::PolicyReport;
pub use required::{Need, Requirements, requirements};
