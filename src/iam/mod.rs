//! The experiment role's IAM side: what a template's role needs (`required`), the policy document
//! that grants it (`document`), the report `fislint policy` and the MCP tool give (`report`), and
//! IAM's wildcard matching (`pattern`).

pub mod document;
pub mod pattern;
pub mod report;
pub mod required;
pub mod snippet;

pub use document::{PolicyDocument, Statement};
pub use report::PolicyReport;
pub use required::{Need, Requirements, requirements};
