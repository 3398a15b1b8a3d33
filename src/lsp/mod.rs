//! `fislint lsp`: a language server over stdio, for editors. Diagnostics come from the same
//! engine and configuration as `check`, completion and hover from `crate::assist`, quick fixes
//! from each finding's `Fix` and from in-template suppressions.

mod actions;
mod assist;
mod diagnostics;
mod document;
mod handshake;
mod position;
mod server;
mod suppression;
#[cfg(test)]
mod tests;
mod transport;
mod workspace;

use std::io;

pub use position::{Encoding, LineMap};
pub use suppression::placeholder_reason;

/// Serves one client over standard input and output. `Ok(true)` when the client shut the
/// server down before `exit`, as LSP expects; `Ok(false)` when it exited or hung up without.
pub fn serve_stdio() -> io::Result<bool> {
    let incoming = transport::spawn_reader(io::BufReader::new(io::stdin()))?;
    server::serve(&incoming, io::BufWriter::new(io::stdout().lock()))
}
