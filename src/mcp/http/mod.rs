//! Streamable HTTP at `/mcp`: loopback by default; any other address only with `--allow-remote`
//! and a bearer token. Every cost a client can impose is capped: sessions, connections, and the
//! time a request may take to arrive.

mod admission;
mod auth;
mod guard;
mod listener;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::{self, Next};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio_util::sync::CancellationToken;

use self::admission::Admission;
use self::guard::AllowedHosts;
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
    pub limits: HttpLimits,
}

/// What one server grants all its clients together.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// Sessions open at once; an `initialize` beyond them is answered 503.
    pub max_sessions: usize,
    /// A session with no traffic for this long is closed.
    pub session_idle: Duration,
    /// How long a request's headers, and then its body, may take to arrive.
    pub read_timeout: Duration,
    /// Connections open at once; more wait to be accepted. Below the common 1,024 open-file
    /// limit, so the cache can still open its files under a flood.
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> HttpLimits {
        HttpLimits {
            max_sessions: 64,
            session_idle: Duration::from_secs(60),
            read_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve_http(options: HttpOptions) -> Result<(), String> {
    let token = check_exposure(&options)?;
    let limits = options.limits;
    let mut hosts: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    if !options.addr.ip().is_unspecified() {
        hosts.push(options.addr.ip().to_string());
    }
    hosts.extend(options.allowed_hosts);
    let stop = CancellationToken::new();
    // rmcp's own Host check stays on behind ours, with the same list.
    let config = StreamableHttpServerConfig::default()
        .with_allowed_hosts(hosts.clone())
        .with_cancellation_token(stop.child_token());
    let mut sessions = LocalSessionManager::default();
    sessions.session_config.keep_alive = Some(limits.session_idle);
    let sessions = Arc::new(sessions);
    let admission = Arc::new(Admission::new(
        sessions.clone(),
        limits.max_sessions,
        config.max_request_body_bytes,
        limits.read_timeout,
        limits.session_idle,
    ));
    let base = server();
    let service = StreamableHttpService::new(move || Ok(base.new_session()), sessions, config);

    // Layers run outside in: sites, then the token, then admission, then rmcp.
    let mut app = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            admission::admit(admission.clone(), request, next)
        }));
    if let Some(token) = token {
        app = app.layer(middleware::from_fn(move |request: Request, next: Next| {
            let token = token.clone();
            async move { auth::authorize(&token, request, next).await }
        }));
    }
    let allowed = Arc::new(AllowedHosts::new(hosts.iter().map(String::as_str)));
    app = app.layer(middleware::from_fn(move |request: Request, next: Next| {
        let allowed = allowed.clone();
        async move { guard::check_sites(&allowed, request, next).await }
    }));

    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let bound = listener.local_addr().unwrap_or(options.addr);
    log(&format!("serving MCP at http://{bound}/mcp"));
    let connections = listener::Connections {
        max: limits.max_connections,
        header_timeout: limits.read_timeout,
    };
    let stopper = stop.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.cancel();
    });
    listener::serve(listener, app, connections, stop).await;
    Ok(())
}

/// Refuses to serve other machines unless asked to, and then only behind a long token.
/// Returns the token clients must present, if any.
fn check_exposure(options: &HttpOptions) -> Result<Option<String>, String> {
    let remote = !options.addr.ip().is_loopback();
    if remote && !options.allow_remote {
        return Err(format!(
            "refusing to listen on {}, which is not a loopback address: pass --allow-remote \
             (with a bearer token) to serve other machines",
            options.addr
        ));
    }
    let token = options.token.clone().filter(|t| !t.is_empty());
    match &token {
        None if remote => Err(
            "--allow-remote requires a bearer token: pass --token or set FISLINT_MCP_TOKEN"
                .to_owned(),
        ),
        Some(token) => auth::check_token(token, remote).map(|()| Some(token.clone())),
        None => Ok(None),
    }
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
