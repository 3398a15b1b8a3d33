//! `fislint lsp`.

use super::{exit, fail};

pub fn run() -> u8 {
    match crate::lsp::serve_stdio() {
        Ok(true) => exit::CLEAN,
        // LSP: exit without a shutdown first is an error exit.
        Ok(false) => exit::FINDINGS,
        Err(error) => fail(format!("lsp: {error}")),
    }
}
