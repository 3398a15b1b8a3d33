//! `fislint mcp --http` over real sockets to the built binary on an ephemeral loopback port:
//! the session cap and idle expiry, read timeouts for half-sent requests, the bearer token,
//! and the Host and Origin checks. Hidden flags shorten the timeouts so nothing waits long.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A server on 127.0.0.1, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    _home: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_fislint"))
            .args(["mcp", "--http", "127.0.0.1:0"])
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("xdg"))
            .env_remove("FISLINT_MCP_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut banner = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut banner)
            .unwrap();
        let addr = banner
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split("/mcp").next())
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_owned();
        Server {
            child,
            addr,
            _home: home,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream
    }

    /// One request on its own connection; `headers` are full lines without the line end.
    fn send(&self, method: &str, headers: &[&str], body: &str) -> Response {
        let mut stream = self.connect();
        let mut head = format!("{method} /mcp HTTP/1.1\r\n");
        if !headers
            .iter()
            .any(|h| h.to_ascii_lowercase().starts_with("host:"))
        {
            head.push_str("Host: 127.0.0.1\r\n");
        }
        for header in headers {
            head.push_str(header);
            head.push_str("\r\n");
        }
        head.push_str(&format!(
            "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&String::from_utf8_lossy(&raw))
    }

    fn post(&self, headers: &[&str], message: &Value) -> Response {
        self.send("POST", headers, &message.to_string())
    }

    fn initialize(&self, headers: &[&str]) -> Response {
        self.post(headers, &initialize(1))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn initialize(id: u64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"}}})
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(raw: &str) -> Response {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {raw:?}"));
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}:");
        self.head
            .lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .map(str::trim)
    }

    fn session(&self) -> String {
        self.header("mcp-session-id")
            .unwrap_or_else(|| panic!("no session id: {self:?}"))
            .to_owned()
    }
}

#[test]
fn initialize_beyond_the_session_cap_gets_503_with_a_jsonrpc_error() {
    let server = Server::start(&["--max-sessions", "3"]);
    let mut opened = Vec::new();
    let mut refused = Vec::new();
    for id in 0..20 {
        let response = server.post(&[], &initialize(id));
        match response.status {
            200 => opened.push(response.session()),
            503 => refused.push((id, response)),
            other => panic!("status {other}: {response:?}"),
        }
    }
    assert_eq!(opened.len(), 3);
    assert_eq!(refused.len(), 17);
    let (id, full) = &refused[0];
    assert!(full.header("retry-after").is_some(), "{full:?}");
    let error: Value = serde_json::from_str(&full.body).unwrap();
    assert_eq!(error["id"], json!(id));
    assert_eq!(error["error"]["code"], json!(-32000));
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("--max-sessions"), "{message}");

    // Closing a session frees its place.
    let session = format!("Mcp-Session-Id: {}", opened[0]);
    let closed = server.send("DELETE", &[&session], "");
    assert!(closed.status < 300, "{closed:?}");
    assert_eq!(server.initialize(&[]).status, 200);
    assert_eq!(server.initialize(&[]).status, 503);
}

#[test]
fn idle_sessions_expire_and_free_their_place() {
    let server = Server::start(&["--max-sessions", "1", "--session-idle-ms", "300"]);
    let session = format!("Mcp-Session-Id: {}", server.initialize(&[]).session());
    let ping = json!({"jsonrpc": "2.0", "id": 2, "method": "ping"});
    assert_eq!(server.post(&[&session], &ping).status, 200);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.post(&[&session], &ping).status, 404);
    assert_eq!(server.initialize(&[]).status, 200);
}

/// Reads until the server closes the connection; returns what it sent and how long it took.
fn wait_for_close(mut stream: TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(error) => panic!("the connection stayed open: {error}"),
    }
    (String::from_utf8_lossy(&raw).into_owned(), start.elapsed())
}

#[test]
fn half_sent_headers_and_silent_connections_are_closed_after_the_read_timeout() {
    let server = Server::start(&["--read-timeout-ms", "300"]);
    let mut half = server.connect();
    half.write_all(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        .unwrap();
    let silent = server.connect();
    let (_, waited) = wait_for_close(half);
    assert!(waited < Duration::from_secs(15), "{waited:?}");
    let (sent, _) = wait_for_close(silent);
    assert!(!sent.contains(" 200 "), "{sent}");
    // The server still serves.
    assert_eq!(server.initialize(&[]).status, 200);
}

#[test]
fn a_body_that_stops_arriving_gets_408_and_is_closed() {
    let server = Server::start(&["--read-timeout-ms", "300"]);
    let mut stream = server.connect();
    stream
        .write_all(
            b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Accept: application/json, text/event-stream\r\nContent-Length: 100\r\n\r\n{\"json",
        )
        .unwrap();
    let (sent, waited) = wait_for_close(stream);
    assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
    assert!(waited < Duration::from_secs(15), "{waited:?}");
}

#[test]
fn the_bearer_scheme_is_case_insensitive_and_the_token_exact() {
    let token = "0123456789abcdef-token";
    let server = Server::start(&["--token", token]);
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let header = format!("Authorization: {scheme} {token}");
        assert_eq!(server.initialize(&[&header]).status, 200, "{scheme}");
    }
    let upper = format!("Authorization: Bearer {}", token.to_uppercase());
    assert_eq!(server.initialize(&[&upper]).status, 401);
    assert_eq!(server.initialize(&["Authorization: Basic abc"]).status, 401);
    assert_eq!(server.initialize(&[]).status, 401);
}

fn run_mcp(args: &[&str], token_var: Option<&str>, stdin: &[u8]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_fislint"));
    command
        .arg("mcp")
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("xdg"))
        .env_remove("FISLINT_MCP_TOKEN")
        .write_stdin(stdin)
        .timeout(Duration::from_secs(30));
    if let Some(token) = token_var {
        command.env("FISLINT_MCP_TOKEN", token);
    }
    command.output().unwrap()
}

#[test]
fn a_short_token_is_refused_for_a_remote_listener() {
    let remote = ["--http", "0.0.0.0:0", "--allow-remote"];
    let flag = run_mcp(&[&remote[..], &["--token", "short"]].concat(), None, b"");
    assert_eq!(flag.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&flag.stderr);
    assert!(stderr.contains("at least 16"), "{stderr}");
    let var = run_mcp(&remote, Some("x"), b"");
    assert_eq!(var.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&var.stderr).contains("at least 16"));
}

#[test]
fn stdio_ignores_the_token_variable() {
    let line = format!("{}\n", initialize(1));
    let output = run_mcp(&[], Some("x"), line.as_bytes());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reply: Value = serde_json::from_slice(
        output
            .stdout
            .split(|b| *b == b'\n')
            .next()
            .unwrap_or_default(),
    )
    .unwrap();
    assert_eq!(reply["id"], json!(1));
    assert!(reply["result"]["serverInfo"].is_object(), "{reply}");
    // The flag itself still means HTTP only.
    let flag = run_mcp(&["--token", "0123456789abcdef"], None, b"");
    assert_eq!(flag.status.code(), Some(2));
}

#[test]
fn a_foreign_origin_is_refused_and_a_loopback_one_accepted() {
    let server = Server::start(&["--allowed-host", "mcp.internal"]);
    let foreign = server.initialize(&["Origin: https://evil.example"]);
    assert_eq!(foreign.status, 403);
    assert!(foreign.body.contains("Origin"), "{foreign:?}");
    assert_eq!(server.initialize(&["Origin: null"]).status, 403);
    assert_eq!(
        server.initialize(&["Origin: http://localhost:6274"]).status,
        200
    );
    assert_eq!(
        server.initialize(&["Origin: https://mcp.internal"]).status,
        200
    );
}

#[test]
fn a_foreign_host_gets_403_naming_allowed_host() {
    let server = Server::start(&["--allowed-host", "mcp.internal"]);
    let refused = server.initialize(&["Host: evil.example"]);
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("--allowed-host evil.example"),
        "{refused:?}"
    );
    assert_eq!(server.initialize(&["Host: mcp.internal:8765"]).status, 200);
}

/// Standing notes are given once per session, and every HTTP session is a new one.
#[test]
fn each_http_session_is_told_the_standing_notes_once() {
    let server = Server::start(&[]);
    let validate = |session: &str, id: u64| {
        let header = format!("Mcp-Session-Id: {session}");
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
            "name": "validate_fis_template",
            "arguments": {"template": {"actions": {"A": {"actionId": "aws:fis:wait"}}}}}});
        let response = server.post(&[&header, "Mcp-Protocol-Version: 2025-11-25"], &call);
        assert_eq!(response.status, 200, "{response:?}");
        response
            .body
            .matches("the original server's checks")
            .count()
    };
    let open = || {
        let session = server.initialize(&[]).session();
        let header = format!("Mcp-Session-Id: {session}");
        let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        let response = server.post(&[&header, "Mcp-Protocol-Version: 2025-11-25"], &initialized);
        assert!(response.status < 300, "{response:?}");
        session
    };
    let first = open();
    // Each note appears in the text content and in the structured content.
    let told = validate(&first, 2);
    assert!(told > 0, "the first call was not told");
    assert_eq!(validate(&first, 3), 0);
    let second = open();
    assert_eq!(validate(&second, 2), told);
}
