//! `fislint mcp [--http [ADDR]]`.

use std::net::{SocketAddr, ToSocketAddrs};

use super::{McpArgs, exit, fail};
use crate::mcp::{self, HttpOptions};

pub fn run(args: &McpArgs) -> u8 {
    let outcome = match &args.http {
        None => runtime(false).and_then(|rt| {
            let served = rt.block_on(mcp::serve_stdio());
            // A call past its budget may still be running on the blocking pool: don't wait.
            rt.shutdown_background();
            served
        }),
        Some(addr) => resolve(addr).and_then(|addr| {
            let options = HttpOptions {
                addr,
                allow_remote: args.allow_remote,
                token: args.token.clone(),
                allowed_hosts: args.allowed_host.clone(),
            };
            runtime(true).and_then(|rt| rt.block_on(mcp::serve_http(options)))
        }),
    };
    match outcome {
        Ok(()) => exit::CLEAN,
        Err(message) => fail(message),
    }
}

/// stdio serves one client: a single-threaded runtime answers fastest. HTTP may serve several.
fn runtime(multi_thread: bool) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
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
