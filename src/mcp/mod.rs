//! `fislint mcp`: the MCP server agents call, over stdio or streamable HTTP.

mod cache_tools;
mod choice;
mod details;
mod http;
mod prompt;
mod resources;
mod server;
mod validate;

pub use http::{DEFAULT_ADDR, HttpOptions, serve_http};
pub use server::{FisServer, SERVER_NAME};

use rmcp::ServiceExt;

use crate::cache::Store;

/// The server over the cache directory the environment names; without one, the cache tools
/// report the problem and validation uses the built-in catalog.
pub fn server() -> FisServer {
    let store = match Store::locate() {
        Ok(store) => Some(store),
        Err(error) => {
            log(&format!("{error}; the region cache is unavailable"));
            None
        }
    };
    FisServer::new(store)
}

/// Serves MCP on stdin/stdout until the client closes stdin. Nothing but the protocol is
/// written to stdout.
pub async fn serve_stdio() -> Result<(), String> {
    let running = server()
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("cannot start the MCP session: {e}"))?;
    running
        .waiting()
        .await
        .map(|_| ())
        .map_err(|e| format!("the MCP session ended abnormally: {e}"))
}

/// Diagnostics about the server itself go to stderr: stdout is the wire.
pub fn log(message: &str) {
    eprintln!("fislint mcp: {message}");
}

/// The JSON `fislint catalog show --format json` prints: the `fis://catalog/{region}` resource
/// (the built-in catalog without a region).
pub fn catalog_json(store: Option<&Store>, region: Option<&str>) -> Result<String, String> {
    let uri = format!("fis://catalog/{}", region.unwrap_or("builtin"));
    resources::read(store, &uri)
}
