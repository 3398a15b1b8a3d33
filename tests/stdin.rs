//! Input that is not a regular file: `-` and `--stdin-filename`, `/dev/stdin`, FIFOs and
//! devices are read (under the size limit) rather than skipped.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::write;
use serde_json::Value;

const BROKEN: &str = r#"{"actions": {"a": {"actionId": "aws:ec2:stop-instance"}},
 "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "arn"}]}"#;

/// Runs `fislint ARGS` in `dir` with `input` on standard input.
fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fislint"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    // Written from a thread: a large input must not deadlock against the child's output.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

fn codes_in(report: &Value, file: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_dash_reads_standard_input_as_a_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_with_stdin(dir.path(), &["check", "--format", "json", "-"], BROKEN);
    assert_eq!(output.status.code(), Some(1), "an error finding fails");
    let report = report(&output);
    assert_eq!(report["files_checked"], 1);
    assert_eq!(report["files_skipped"], 0);
    assert!(
        codes_in(&report, "-").contains(&"FIS001".to_owned()),
        "{report}"
    );
}

#[test]
fn stdin_filename_names_the_input_and_chooses_its_syntax() {
    let dir = tempfile::tempdir().unwrap();
    // Valid YAML, not JSON: the name's extension decides how it is read.
    let yaml = "actions:\n  a:\n    actionId: aws:ec2:stop-instance\nstopConditions: []\n";
    let args = |name: &'static str| ["check", "--format", "json", "-", "--stdin-filename", name];
    let output = run_with_stdin(dir.path(), &args("exp/t.yaml"), yaml);
    let codes = codes_in(&report(&output), "exp/t.yaml");
    assert!(codes.contains(&"FIS001".to_owned()), "{codes:?}");
    let output = run_with_stdin(dir.path(), &args("exp/t.json"), yaml);
    assert_eq!(codes_in(&report(&output), "exp/t.json"), ["FIS000"]);
}

#[test]
fn stdin_filename_is_matched_by_excludes_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "[per-file-ignores]\n\"legacy/**\" = [\"FIS001\"]\n",
    );
    let named = |name: &'static str| ["check", "--format", "json", "-", "--stdin-filename", name];
    let output = run_with_stdin(dir.path(), &named("legacy/t.json"), BROKEN);
    let report_ = report(&output);
    assert_eq!(report_["files_checked"], 1);
    assert!(!codes_in(&report_, "legacy/t.json").contains(&"FIS001".to_owned()));

    let mut args = named("gen/t.json").to_vec();
    args.extend(["--exclude", "gen/"]);
    let output = run_with_stdin(dir.path(), &args, BROKEN);
    assert_eq!(output.status.code(), Some(0));
    let report = report(&output);
    assert_eq!(report["files_checked"], 0);
    assert_eq!(report["files_skipped"], 1);
    assert_eq!(report["skipped"][0]["path"], "gen/t.json");
    assert_eq!(report["skipped"][0]["reason"], "excluded");
}

#[test]
fn dev_stdin_is_read_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_with_stdin(
        dir.path(),
        &["check", "--format", "json", "/dev/stdin"],
        BROKEN,
    );
    assert_eq!(output.status.code(), Some(1));
    let report = report(&output);
    assert_eq!(report["files_checked"], 1);
    assert!(codes_in(&report, "/dev/stdin").contains(&"FIS001".to_owned()));
}

#[test]
fn standard_input_over_the_limit_is_a_failure_measured_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{BROKEN}{}", " ".repeat(5000));
    let args = ["check", "--format", "json", "--max-file-size", "1000", "-"];
    let output = run_with_stdin(dir.path(), &args, &big);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a named input was not linted"
    );
    let report = report(&output);
    assert_eq!(report["files_checked"], 0);
    assert_eq!(report["skipped"][0]["reason"], "too-large");
    assert_eq!(report["skipped"][0]["failure"], true);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("more than the 1000 byte limit"), "{stderr}");
}

#[test]
fn a_named_fifo_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("t.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        // Opening a FIFO for writing waits for the reader: fislint.
        std::thread::spawn(move || std::fs::write(fifo, BROKEN).unwrap())
    };
    let output = Command::new(env!("CARGO_BIN_EXE_fislint"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", "t.json"])
        .output()
        .unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(codes_in(&report(&output), "t.json").contains(&"FIS001".to_owned()));
}

#[test]
fn dev_null_is_an_empty_named_file() {
    let output = Command::new(env!("CARGO_BIN_EXE_fislint"))
        .args(["check", "--format", "json", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = report(&output);
    assert_eq!(report["files_checked"], 1);
    assert_eq!(codes_in(&report, "/dev/null"), ["FIS000"]);
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
}
