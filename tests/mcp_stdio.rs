//! `fislint mcp` over raw stdio lines, as a careless or hostile client writes them: every line
//! that is not a message gets a JSON-RPC error, the session goes on, and closing stdin ends it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// Generous: a debug build on a two-core machine shared with other test binaries.
const WAIT: Duration = Duration::from_secs(20);

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_fislint"))
            .arg("mcp")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("xdg"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut session = Session {
            stdin: child.stdin.take(),
            child,
            lines,
            _home: home,
        };
        session.send(
            &json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {},
            "clientInfo": {"name": "raw", "version": "0"}}}),
        );
        assert!(session.next()["result"]["serverInfo"].is_object());
        session.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        session
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(format!("{message}\n").as_bytes());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no answer: {e}"));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }

    /// The error the server answered to `line`, as (id, code).
    fn error_for(&mut self, line: &[u8]) -> (Value, i64) {
        self.send_raw(line);
        let answer = self.next();
        let code = answer["error"]["code"].as_i64();
        (
            answer["id"].clone(),
            code.unwrap_or_else(|| panic!("{answer}")),
        )
    }

    fn ping(&mut self, id: i64) {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": "ping"}));
        let answer = self.next();
        assert_eq!(answer["id"], id, "{answer}");
        assert!(answer["result"].is_object(), "{answer}");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn garbage_not_a_message_and_too_deep_lines_get_errors_with_their_id() {
    let mut session = Session::start();
    assert_eq!(session.error_for(b"garbage\n"), (Value::Null, -32700));
    assert_eq!(session.error_for(b"{\"id\": 3,\n"), (Value::Null, -32700));
    assert_eq!(session.error_for(b"[1, 2]\n"), (Value::Null, -32600));
    let deep = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{{\"name\":\
         \"validate_fis_template\",\"arguments\":{{\"template\":{}{}}}}}}}\n",
        "{\"a\":".repeat(200),
        "}".repeat(200)
    );
    assert_eq!(session.error_for(deep.as_bytes()), (json!(7), -32600));
    // A notification rmcp cannot read is dropped without an answer: the next line answered is
    // the ping's.
    session.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":1}\n");
    session.ping(8);
}

#[test]
fn a_line_longer_than_the_limit_is_refused_by_id_and_the_session_goes_on() {
    let mut session = Session::start();
    let mut line = br#"{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"validate_fis_template","arguments":{"template":""#.to_vec();
    line.resize(fislint::mcp::MAX_LINE_BYTES + 1024, b'a');
    line.extend_from_slice(b"\"}}}\n");
    let mut stdin = session.stdin.take().unwrap();
    // The server answers before the line ends: write from another thread.
    let writer = std::thread::spawn(move || {
        stdin.write_all(&line).unwrap();
        stdin
    });
    let answer = session.next();
    assert_eq!(answer["id"], "big", "{answer}");
    assert_eq!(answer["error"]["code"], -32600);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("16 MiB")
    );
    session.stdin = Some(writer.join().unwrap());
    session.ping(9);
}

#[test]
fn closing_stdin_ends_the_server_cleanly() {
    let mut session = Session::start();
    session.send_raw(b"not json either\n");
    assert_eq!(session.next()["error"]["code"], -32700);
    drop(session.stdin.take());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = session.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(started.elapsed() < WAIT, "the server outlived its stdin");
        std::thread::sleep(Duration::from_millis(20));
    }
}
