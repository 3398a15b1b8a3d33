//! Streamable HTTP at `/mcp`: loopback by default; any other address only with `--allow-remote`
//! and a bearer token. rmcp's Host check (DNS-rebinding protection) stays on.

use std::net::SocketAddr;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio_util::sync::CancellationToken;

use super::{log, server};

/// The address `fislint mcp --http` listens on when given none.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8765";

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub addr: SocketAddr,
    pub allow_remote: bool,
    /// Required from clients as `Authorization: Bearer <token>` when set.
    pub token: Option<String>,
    /// Host names clients may use besides loopback (and the bound address).
    pub allowed_hosts: Vec<String>,
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve_http(options: HttpOptions) -> Result<(), String> {
    let loopback = options.addr.ip().is_loopback();
    if !loopback && !options.allow_remote {
        return Err(format!(
            "refusing to listen on {}, which is not a loopback address: pass --allow-remote \
             (with a bearer token) to serve other machines",
            options.addr
        ));
    }
    let token = options.token.filter(|t| !t.is_empty());
    if !loopback && token.is_none() {
        return Err(
            "--allow-remote requires a bearer token: pass --token or set FISLINT_MCP_TOKEN"
                .to_owned(),
        );
    }
    let mut hosts: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    if !options.addr.ip().is_unspecified() {
        hosts.push(options.addr.ip().to_string());
    }
    hosts.extend(options.allowed_hosts);
    let stop = CancellationToken::new();
    let config = StreamableHttpServerConfig::default()
        .with_allowed_hosts(hosts)
        .with_cancellation_token(stop.child_token());
    let base = server();
    let service = StreamableHttpService::new(
        move || Ok(base.clone()),
        LocalSessionManager::default().into(),
        config,
    );
    let mut app = axum::Router::new().nest_service("/mcp", service);
    if let Some(token) = token {
        let expected = format!("Bearer {token}");
        app = app.layer(middleware::from_fn(move |request: Request, next: Next| {
            let expected = expected.clone();
            async move { authorize(&expected, request, next).await }
        }));
    }
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let bound = listener.local_addr().unwrap_or(options.addr);
    log(&format!("serving MCP at http://{bound}/mcp"));
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            stop.cancel();
        })
        .await
        .map_err(|e| format!("the HTTP server failed: {e}"))
}

async fn authorize(expected: &str, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if constant_time_eq(given, expected.as_bytes()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "missing or wrong bearer token\n",
        )
            .into_response()
    }
}

/// Compares without stopping at the first difference, so timing does not leak the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, byte) in b.iter().enumerate() {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ byte);
    }
    diff == 0
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison_is_exact() {
        assert!(constant_time_eq(b"Bearer abc", b"Bearer abc"));
        assert!(!constant_time_eq(b"Bearer ab", b"Bearer abc"));
        assert!(!constant_time_eq(b"Bearer abcd", b"Bearer abc"));
        assert!(!constant_time_eq(b"", b"Bearer abc"));
        assert!(!constant_time_eq(b"Bearer abd", b"Bearer abc"));
    }
}
