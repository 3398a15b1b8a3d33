//! Fixes as data: how a rule writes a replacement into one file's grammar (`write`), and how
//! fixes are applied to a text without touching anything outside their spans (`apply`). The CLI's
//! `--fix`, SARIF `fixes`, the language server's code actions and MCP results all read the same
//! [`crate::diagnostic::Fix`].

mod apply;
mod write;

pub use apply::{Applied, apply};
pub use write::Editor;
