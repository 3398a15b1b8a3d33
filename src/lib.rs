//! fislint: a linter for AWS Fault Injection Service experiment templates.

pub mod source;
pub mod catalog;
pub mod template;
