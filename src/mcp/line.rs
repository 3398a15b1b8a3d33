//! What one stdio line is: a message for rmcp, a notification to drop, or the JSON-RPC error
//! it earns.

use rmcp::RoleServer;
use rmcp::service::RxJsonRpcMessage;
use serde_json::{Value, json};

/// serde_json refuses the 128th level of nesting; saying so is cheaper than parsing.
const MAX_DEPTH: usize = 128;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

#[derive(Debug)]
pub enum Verdict {
    Message(Box<RxJsonRpcMessage<RoleServer>>),
    /// A notification rmcp cannot read: JSON-RPC never answers notifications.
    Ignore,
    Reply(Value),
}

/// Reads one line (without its newline). Only lines rmcp cannot read pay for a second look.
pub fn classify(line: &[u8]) -> Verdict {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let error = match serde_json::from_slice::<RxJsonRpcMessage<RoleServer>>(line) {
        Ok(message) => return Verdict::Message(Box::new(message)),
        Err(error) => error,
    };
    if exceeds_depth(line) {
        let message = format!("the message is nested deeper than {} levels", MAX_DEPTH - 1);
        return Verdict::Reply(reply(find_id(line), INVALID_REQUEST, &message));
    }
    let Ok(value) = serde_json::from_slice::<Value>(line) else {
        return Verdict::Reply(reply(Value::Null, PARSE_ERROR, "the line is not JSON"));
    };
    let Value::Object(object) = &value else {
        let message = "a message must be a JSON-RPC object (batches are not supported)";
        return Verdict::Reply(reply(Value::Null, INVALID_REQUEST, message));
    };
    // A notification never gets an answer, even a malformed one (JSON-RPC 2.0, section 4.1).
    if object.contains_key("method") && !object.contains_key("id") {
        return Verdict::Ignore;
    }
    let id = object
        .get("id")
        .cloned()
        .filter(is_id)
        .unwrap_or(Value::Null);
    let message = format!("not a JSON-RPC 2.0 message: {error}");
    Verdict::Reply(reply(id, INVALID_REQUEST, &message))
}

/// The error a line longer than the limit earns; `head` is its beginning, where the id
/// usually is.
pub fn too_long(head: &[u8], limit: usize) -> Value {
    let message = format!("the message is longer than {} MiB", limit >> 20);
    reply(find_id(head), INVALID_REQUEST, &message)
}

pub fn reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

fn is_id(value: &Value) -> bool {
    value.is_string() || value.is_i64() || value.is_u64()
}

/// Whether brackets outside strings nest `MAX_DEPTH` deep.
fn exceeds_depth(text: &[u8]) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &byte in text {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth >= MAX_DEPTH {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The top-level `"id"` of a JSON object, or null. Values before it are skipped by scanning
/// strings and brackets, so neither their depth nor their size costs more than one pass, and
/// a truncated text still yields an id that came early.
fn find_id(text: &[u8]) -> Value {
    let mut at = skip_space(text, 0);
    if text.get(at) != Some(&b'{') {
        return Value::Null;
    }
    at += 1;
    loop {
        at = skip_space(text, at);
        let Some(key_end) = string_end(text, at) else {
            return Value::Null;
        };
        let key = &text[at..key_end];
        at = skip_space(text, key_end);
        if text.get(at) != Some(&b':') {
            return Value::Null;
        }
        at = skip_space(text, at + 1);
        let Some(value_end) = value_end(text, at) else {
            return Value::Null;
        };
        if key == b"\"id\"" {
            return serde_json::from_slice::<Value>(&text[at..value_end])
                .ok()
                .filter(is_id)
                .unwrap_or(Value::Null);
        }
        at = skip_space(text, value_end);
        if text.get(at) != Some(&b',') {
            return Value::Null;
        }
        at += 1;
    }
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end (exclusive) of the string starting at `at`.
fn string_end(text: &[u8], at: usize) -> Option<usize> {
    if text.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        match text.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end (exclusive) of the value starting at `at`.
fn value_end(text: &[u8], at: usize) -> Option<usize> {
    match text.get(at)? {
        b'"' => string_end(text, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match text.get(i)? {
                    b'"' => {
                        i = string_end(text, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let rest = &text[at..];
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .unwrap_or(rest.len());
            Some(at + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> (Value, i64) {
        match classify(line.as_bytes()) {
            Verdict::Reply(reply) => (
                reply["id"].clone(),
                reply["error"]["code"].as_i64().unwrap(),
            ),
            other => panic!("{line:?} was not answered with an error: {other:?}"),
        }
    }

    #[test]
    fn messages_pass_and_unreadable_notifications_are_dropped() {
        let ping = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        assert!(matches!(classify(ping.as_bytes()), Verdict::Message(_)));
        let odd = r#"{"jsonrpc":"2.0","method":"notifications/initialized","params":7}"#;
        assert!(matches!(classify(odd.as_bytes()), Verdict::Ignore));
    }

    #[test]
    fn bad_lines_earn_the_error_their_fault_deserves_with_the_id_when_known() {
        assert_eq!(error_of("garbage"), (Value::Null, PARSE_ERROR));
        assert_eq!(
            error_of(r#"{"id": 3, "method""#),
            (Value::Null, PARSE_ERROR)
        );
        assert_eq!(error_of("[1, 2]"), (Value::Null, INVALID_REQUEST));
        assert_eq!(error_of(r#"{"id":"a","result":5}"#).1, INVALID_REQUEST);
        let old_version = r#"{"jsonrpc":"1.0","id":4,"method":"ping"}"#;
        assert_eq!(error_of(old_version), (json!(4), INVALID_REQUEST));
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"tools/call","params":{}0{},"id":"x"}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(error_of(&deep), (json!("x"), INVALID_REQUEST));
    }

    #[test]
    fn the_id_is_found_past_nested_values_and_strings_and_in_a_truncated_head() {
        let text = br#"{"params":{"a":["}",{"b":"\"]"}]},"x":-1.5e3, "id" : 12,"z":"#;
        assert_eq!(find_id(text), json!(12));
        assert_eq!(
            find_id(br#"{"jsonrpc":"2.0","id":"r-1","params":{"t":"aaa"#),
            json!("r-1")
        );
        assert_eq!(
            find_id(br#"{"jsonrpc":"2.0","params":{"t":"aaa"#),
            Value::Null
        );
        assert_eq!(find_id(br#"{"id":{"x":1}}"#), Value::Null);
        assert_eq!(find_id(b"[]"), Value::Null);
        let reply = too_long(br#"{"id":9,"method":"ping","params":{"x":"aaa"#, 16 << 20);
        assert_eq!(reply["id"], json!(9));
        assert!(
            reply["error"]["message"]
                .as_str()
                .unwrap()
                .contains("16 MiB")
        );
    }
}
