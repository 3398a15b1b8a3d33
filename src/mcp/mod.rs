//! `fislint mcp`: the MCP server agents call, over stdio or streamable HTTP.

mod budget;
mod cache_tools;
mod choice;
mod details;
mod http;
mod input;
mod line;
mod policy;
mod prompt;
mod resources;
mod server;
mod session;
mod stdio;
mod timeline;
mod validate;

pub use budget::{BUDGET_VAR, CALL_BUDGET};
pub use http::{DEFAULT_ADDR, HttpLimits, HttpOptions, serve_http};
pub use server::{FisServer, SERVER_NAME};
pub use stdio::MAX_LINE_BYTES;
// The tool's own function, for the fuzz targets and tests that check it without a server.
pub use policy::{PolicyArgs, PolicyResult, generate as generate_policy};
pub use timeline::{ExplainTemplateArgs, ExplainTemplateResult, explain as explain_template};
pub use validate::{ValidateArgs, ValidateResult, validate};

use rmcp::ServiceExt;

use crate::cache::{RegionName, Store};
use stdio::StdioTransport;

/// The server over the cache directory the environment names; without one, the cache tools
/// report the problem and validation uses the built-in catalog.
pub fn server() -> FisServer {
    let store = match Store::locate() {
        Ok(store) => {
            if let Err(error) = store.tighten_dir() {
                log(&error.to_string());
            }
            Some(store)
        }
        Err(error) => {
            log(&format!("{error}; the region cache is unavailable"));
            None
        }
    };
    FisServer::new(store)
}

/// Serves MCP on stdin/stdout until the client closes stdin. Nothing but the protocol is
/// written to stdout, and every line read gets an answer or is a notification.
pub async fn serve_stdio() -> Result<(), String> {
    let server = server();
    let running = match pipes() {
        Some((input, output)) => server.serve(StdioTransport::new(input, output)).await,
        None => {
            let (input, output) = (tokio::io::stdin(), tokio::io::stdout());
            server.serve(StdioTransport::new(input, output)).await
        }
    }
    .map_err(|e| format!("cannot start the MCP session: {e}"))?;
    running
        .waiting()
        .await
        .map(|_| ())
        .map_err(|e| format!("the MCP session ended abnormally: {e}"))
}

/// stdin and stdout as non-blocking pipes driven by the runtime itself, when they are pipes
/// (as MCP clients connect them). Tokio's portable stdin/stdout hand every read and write to a
/// blocking thread; on a busy two-core machine those extra thread switches dominate the tail
/// latency of a call that takes a tenth of a millisecond.
#[cfg(unix)]
fn pipes() -> Option<(
    tokio::net::unix::pipe::Receiver,
    tokio::net::unix::pipe::Sender,
)> {
    use std::os::fd::AsFd;
    let input = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let output = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let receiver = tokio::net::unix::pipe::Receiver::from_owned_fd(input).ok()?;
    let sender = tokio::net::unix::pipe::Sender::from_owned_fd(output).ok()?;
    Some((receiver, sender))
}

#[cfg(not(unix))]
fn pipes() -> Option<(tokio::io::Stdin, tokio::io::Stdout)> {
    None
}

/// Diagnostics about the server itself go to stderr: stdout is the wire. A failed write to
/// stderr is ignored rather than allowed to stop the server.
pub fn log(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "fislint mcp: {message}");
}

/// The JSON `fislint catalog show --format json` prints: the `fis://catalog/{region}` resource
/// (the built-in catalog without a region).
pub fn catalog_json(store: Option<&Store>, region: Option<&RegionName>) -> Result<String, String> {
    let uri = format!(
        "fis://catalog/{}",
        region.map_or("builtin", RegionName::as_str)
    );
    resources::read(store, &uri)
}
