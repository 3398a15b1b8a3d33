//! What a POST must pass before rmcp sees it: its body read in full within the time limit and
//! the size limit, and, when it opens a session, a free place under the cap on live sessions.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// The header that ties a request to a session; a request without one may open a session.
const SESSION_HEADER: &str = "mcp-session-id";

pub struct Admission {
    pub sessions: Arc<LocalSessionManager>,
    pub max_sessions: usize,
    pub max_body_bytes: usize,
    pub read_timeout: Duration,
    /// How long a refused client should wait: an idle session expires within it.
    pub retry_after: Duration,
    /// Held while a session is opened, so concurrent `initialize` requests cannot overshoot.
    opening: Mutex<()>,
}

impl Admission {
    pub fn new(
        sessions: Arc<LocalSessionManager>,
        max_sessions: usize,
        max_body_bytes: usize,
        read_timeout: Duration,
        retry_after: Duration,
    ) -> Admission {
        Admission {
            sessions,
            max_sessions,
            max_body_bytes,
            read_timeout,
            retry_after,
            opening: Mutex::new(()),
        }
    }
}

pub async fn admit(admission: Arc<Admission>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match read_body(&admission, body).await {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    let opening = match parts.headers.contains_key(SESSION_HEADER) {
        true => None,
        false => initialize_id(&bytes),
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    let Some(id) = opening else {
        return next.run(request).await;
    };
    // rmcp has registered the session by the time it answers `initialize`, so holding the
    // turn until then makes the count exact.
    let _turn = admission.opening.lock().await;
    let live = admission.sessions.sessions.read().await.len();
    if live >= admission.max_sessions {
        return sessions_full(&admission, live, id);
    }
    next.run(request).await
}

async fn read_body(admission: &Admission, body: Body) -> Result<Bytes, Response> {
    let limited = Limited::new(body, admission.max_body_bytes);
    match tokio::time::timeout(admission.read_timeout, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => Err(jsonrpc_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            Value::Null,
            -32600,
            &format!(
                "the request body exceeds {} bytes, the most this server reads",
                admission.max_body_bytes
            ),
        )),
        Ok(Err(error)) => Err((
            StatusCode::BAD_REQUEST,
            format!("the request body could not be read: {error}\n"),
        )
            .into_response()),
        Err(_) => Err((
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request body did not arrive within {} ms\n",
                admission.read_timeout.as_millis()
            ),
        )
            .into_response()),
    }
}

/// The id of an `initialize` request; `None` for anything else.
fn initialize_id(body: &[u8]) -> Option<Value> {
    #[derive(Deserialize)]
    struct Probe {
        method: Option<String>,
        id: Option<Value>,
    }
    // Most requests are not `initialize`: skip parsing them twice.
    memchr::memmem::find(body, b"initialize")?;
    let probe: Probe = serde_json::from_slice(body).ok()?;
    (probe.method.as_deref() == Some("initialize")).then(|| probe.id.unwrap_or(Value::Null))
}

fn sessions_full(admission: &Admission, live: usize, id: Value) -> Response {
    let retry = admission.retry_after.as_secs().max(1);
    let message = format!(
        "the server already has {live} live MCP sessions, its limit (--max-sessions); \
         close one with DELETE or retry after {retry} s, when idle sessions expire"
    );
    let mut response = jsonrpc_error(StatusCode::SERVICE_UNAVAILABLE, id, -32000, &message);
    if let Ok(value) = retry.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn jsonrpc_error(status: StatusCode, id: Value, code: i64, message: &str) -> Response {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_initialize_requests_open_sessions() {
        let init = br#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"#;
        assert_eq!(initialize_id(init), Some(json!(7)));
        let ping = br#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"note":"initialize"}}"#;
        assert_eq!(initialize_id(ping), None);
        let done = br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
        assert_eq!(initialize_id(done), None);
        assert_eq!(initialize_id(b"initialize{"), None);
    }
}
