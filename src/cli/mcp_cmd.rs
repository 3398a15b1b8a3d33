//! `fislint mcp [--http [ADDR]]`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use super::{McpArgs, exit, fail};
use crate::mcp::{self, HttpLimits, HttpOptions};

/// The variable a token may come from instead of `--token`. Read only for `--http`, so a
/// token exported for HTTP does not stop the stdio server from starting.
const TOKEN_VAR: &str = "FISLINT_MCP_TOKEN";

pub fn run(args: &McpArgs) -> u8 {
    let outcome = match &args.http {
        None => runtime(false).and_then(|rt| {
            let served = rt.block_on(mcp::serve_stdio());
            // A call past its budget may still be running on the blocking pool: don't wait.
            rt.shutdown_background();
            served
        }),
        Some(addr) => http_options(addr, args)
            .and_then(|options| runtime(true).and_then(|rt| rt.block_on(mcp::serve_http(options)))),
    };
    match outcome {
        Ok(()) => exit::CLEAN,
        Err(message) => fail(message),
    }
}

fn http_options(addr: &str, args: &McpArgs) -> Result<HttpOptions, String> {
    let defaults = HttpLimits::default();
    let limits = HttpLimits {
        max_sessions: args
            .max_sessions
            .map_or(defaults.max_sessions, |n| n as usize),
        session_idle: args
            .session_idle_ms
            .map_or(defaults.session_idle, Duration::from_millis),
        read_timeout: args
            .read_timeout_ms
            .map_or(defaults.read_timeout, Duration::from_millis),
        ..defaults
    };
    Ok(HttpOptions {
        addr: resolve(addr)?,
        allow_remote: args.allow_remote,
        token: match &args.token {
            Some(token) => Some(token.clone()),
            None => token_from_env()?,
        },
        allowed_hosts: args.allowed_host.clone(),
        limits,
    })
}

fn token_from_env() -> Result<Option<String>, String> {
    match std::env::var(TOKEN_VAR) {
        Ok(token) => Ok(Some(token)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{TOKEN_VAR} is not valid UTF-8")),
    }
}

/// stdio serves one client: a single-threaded runtime answers fastest. HTTP may serve several.
fn runtime(multi_thread: bool) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = if multi_thread {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        // rmcp parses each request body (up to 4 MiB) and serializes each result on the async
        // workers; with one worker per core, a few large calls at once left none free to answer
        // another session's ping for seconds. Tool work itself runs on the blocking pool.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        builder.worker_threads((cores * 4).max(8));
        builder
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// `127.0.0.1:8765`, `[::1]:9000`, or `localhost:8765` (the first address it names).
fn resolve(addr: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = addr.parse() {
        return Ok(addr);
    }
    addr.to_socket_addrs()
        .map_err(|e| format!("cannot use {addr:?} as an address to listen on: {e}"))?
        .next()
        .ok_or_else(|| format!("{addr:?} names no address"))
}
