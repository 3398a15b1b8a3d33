//! fislint: a linter for AWS Fault Injection Service experiment templates.

pub mod arn;
pub mod assist;
pub mod cache;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod duration;
pub mod emit;
pub mod escape;
pub mod explain;
pub mod fix;
pub mod iam;
pub mod lint;
pub mod lsp;
pub mod mcp;
pub mod portable_schema;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod template;
pub mod timeline;
pub mod walk;
pub mod wording;
