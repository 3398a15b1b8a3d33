//! Hostile and broken input through the built binary: always a diagnostic or a clear error,
//! never a panic, a hang, or runaway memory.

use std::fs;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// Generous: a hang is what this catches, not slowness.
const HANG: Duration = Duration::from_secs(60);

fn check_json(path: &std::path::Path, extra: &[&str]) -> (i32, Value, String) {
    let output = Command::cargo_bin("fislint")
        .unwrap()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .timeout(HANG)
        .output()
        .unwrap();
    let code = output
        .status
        .code()
        .expect("exited normally, not killed by a signal");
    assert_ne!(
        code,
        101,
        "fislint panicked: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (
        code,
        report,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn only_diagnostic(report: &Value) -> &Value {
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    &diagnostics[0]
}

fn file_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn truncated_json() {
    let (_dir, path) = file_with("t.json", br#"{"actions": {"a": {"actionId": "aws:fis:wa"#);
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let d = only_diagnostic(&report);
    assert_eq!(d["code"], "FIS000");
    assert_eq!(d["line"], 1);
}

#[test]
fn tabs_in_yaml() {
    let (_dir, path) = file_with(
        "t.yaml",
        b"Resources:\n\tX:\n    Type: AWS::FIS::ExperimentTemplate\n",
    );
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let d = only_diagnostic(&report);
    assert_eq!(d["code"], "FIS000");
    assert!(d["message"].as_str().unwrap().contains("tab"), "{d}");
    assert_eq!(d["line"], 2);
}

#[test]
fn binary_file_renamed_json() {
    let mut bytes = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    let (_dir, path) = file_with("image.json", &bytes);
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let d = only_diagnostic(&report);
    assert_eq!(d["code"], "FIS000");
    assert!(d["message"].as_str().unwrap().contains("binary"), "{d}");
}

#[test]
fn non_utf8_text() {
    let (_dir, path) = file_with("latin1.yaml", b"Description: caf\xe9\nactionId: x\n");
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let d = only_diagnostic(&report);
    assert!(d["message"].as_str().unwrap().contains("not UTF-8"), "{d}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(17))
    );
}

#[test]
fn empty_file() {
    let (_dir, path) = file_with("empty.json", b"");
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    assert!(
        only_diagnostic(&report)["message"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
}

#[test]
fn a_fifty_megabyte_file_is_skipped_with_a_reason() {
    let mut big = br#"{"description": ""#.to_vec();
    big.resize(50 * 1024 * 1024, b'x');
    big.extend_from_slice(br#"", "actions": {}}"#);
    let (_dir, path) = file_with("big.json", &big);
    let (code, report, stderr) = check_json(&path, &[]);
    assert_eq!(code, 2, "a named file that cannot be linted is a failure");
    assert_eq!(report["files_checked"], 0);
    assert!(
        stderr.contains("big.json") && stderr.contains("--max-file-size"),
        "{stderr}"
    );

    // Raising the limit lints it, in bounded time and memory (one long string).
    let (code, report, _) = check_json(&path, &["--max-file-size", "100000000"]);
    assert_eq!(
        code, 1,
        "a skeleton with empty actions is a template, and breaks the schema"
    );
    assert_eq!(report["files_checked"], 1);
}

#[test]
fn json_nested_ten_thousand_deep() {
    let text = format!(
        "{{\"actionId\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (_dir, path) = file_with("deep.json", text.as_bytes());
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    assert!(
        only_diagnostic(&report)["message"]
            .as_str()
            .unwrap()
            .contains("nest")
    );
}

#[test]
fn yaml_nested_ten_thousand_deep() {
    // Compact block sequences (`- - - x`) nest without the indentation growing quadratically.
    let block = format!("{}x\n", "- ".repeat(10_000));
    for (name, text) in [
        (
            "flow.yaml",
            format!("actionId: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("block.yaml", format!("actionId:\n{block}")),
    ] {
        let (_dir, path) = file_with(name, text.as_bytes());
        let (code, report, _) = check_json(&path, &[]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(only_diagnostic(&report)["code"], "FIS000", "{name}");
    }
}

#[test]
fn yaml_alias_bomb() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = ('a'..='i').collect();
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text.push_str("ActionId: x\n");
    let (_dir, path) = file_with("bomb.yaml", text.as_bytes());
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let d = only_diagnostic(&report);
    assert!(
        d["message"].as_str().unwrap().contains("aliases expand"),
        "{d}"
    );
}

#[test]
fn wrong_types_everywhere_do_not_stop_the_checks() {
    let text = r#"{
      "stopConditions": "none",
      "targets": [1, 2],
      "actions": {
        "a": {"actionId": 42, "targets": "x", "startAfter": {"b": 1}},
        "b": {"actionId": ["aws:fis:wait"], "parameters": null},
        "c": {"actionId": "aws:ec2:stop-instance"},
        "d": null
      }
    }"#;
    let (_dir, path) = file_with("odd.json", text.as_bytes());
    let (code, report, _) = check_json(&path, &[]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"FIS001"),
        "the one well-typed mistake is still found: {codes:?}"
    );
}
