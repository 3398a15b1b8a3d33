//! Walking a repository through the built binary: symbolic links, the size limit, excludes and
//! `--only-templates`.

use crate::common;

use common::{check_json_in, write};
use serde_json::Value;

const BROKEN: &str = r#"{"actions": {"a": {"actionId": "aws:ec2:stop-instance"}},
 "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "arn"}]}"#;

fn files(report: &Value) -> Vec<&str> {
    let mut files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    files.dedup();
    files
}

#[test]
fn symbolic_links_are_never_followed_out_of_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "elsewhere/t.json", BROKEN);
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "real/t.json", BROKEN);
    std::os::unix::fs::symlink(outside.path().join("elsewhere"), repo.path().join("linked"))
        .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere/t.json"),
        repo.path().join("real/link.json"),
    )
    .unwrap();
    let (code, report, _) = check_json_in(repo.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(files(&report), ["real/t.json"]);
}

#[test]
fn oversized_files_found_by_walking_are_reported_and_skipped() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "small.json", BROKEN);
    write(
        repo.path(),
        "big.json",
        &format!("{BROKEN}{}", " ".repeat(2000)),
    );
    let (code, report, stderr) = check_json_in(repo.path(), &["--max-file-size", "1000"]);
    assert_eq!(
        code, 1,
        "a discovered file that is skipped is not a failure"
    );
    assert_eq!(files(&report), ["small.json"]);
    assert!(
        stderr.contains("big.json: skipped: 2") && stderr.contains("1000 byte limit"),
        "{stderr}"
    );
}

#[test]
fn excludes_are_gitignore_lines_and_apply_to_named_files() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "a/t.json", BROKEN);
    write(repo.path(), "b/generated/t.json", BROKEN);
    write(repo.path(), "c/t.json", BROKEN);
    let (_, report, _) =
        check_json_in(repo.path(), &["--exclude", "generated", "--exclude", "/c/"]);
    assert_eq!(files(&report), ["a/t.json"]);
    let (code, report, _) = check_json_in(repo.path(), &["c/t.json", "--exclude", "c/"]);
    assert_eq!((code, files(&report).len()), (0, 0));
    let (code, _, stderr) = check_json_in(repo.path(), &["--exclude", "a/[", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--exclude: invalid exclude pattern `a/[`"),
        "{stderr}"
    );
}

#[test]
fn only_templates_skips_named_files_that_hold_none() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "t.json", BROKEN);
    write(
        repo.path(),
        "chart.yaml",
        "image: {{ .Values.image }}\n  bad: [\n",
    );
    write(repo.path(), "package.json", r#"{"name": "x"}"#);
    let named = ["t.json", "chart.yaml", "package.json"];
    let (code, report, _) = check_json_in(repo.path(), &named);
    assert_eq!(code, 1);
    assert_eq!(
        files(&report),
        ["chart.yaml", "t.json"],
        "named files are all parsed"
    );
    let mut args = named.to_vec();
    args.push("--only-templates");
    let (code, report, _) = check_json_in(repo.path(), &args);
    assert_eq!(code, 1);
    assert_eq!(files(&report), ["t.json"]);
    assert_eq!(report["files_checked"], 1);
}

#[test]
fn fifos_and_links_found_by_walking_are_skipped_and_counted_everywhere() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "t.json", BROKEN);
    // Nobody writes to this FIFO: reading it would block the walk forever.
    let made = std::process::Command::new("mkfifo")
        .arg(repo.path().join("pipe.json"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(repo.path().join("t.json"), repo.path().join("link.json")).unwrap();

    let (code, report, stderr) = check_json_in(repo.path(), &[]);
    assert_eq!(code, 1, "skipping what a walk found is not a failure");
    assert_eq!(files(&report), ["t.json"]);
    assert_eq!(report["files_skipped"], 2);
    let skipped: Vec<(&str, &str)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["path"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("link.json", "symbolic-link"),
            ("pipe.json", "not-a-regular-file")
        ]
    );
    assert!(stderr.contains("pipe.json: skipped"), "{stderr}");

    let pretty = assert_cmd::Command::cargo_bin("fislint")
        .unwrap()
        .current_dir(repo.path())
        .arg("check")
        .output()
        .unwrap();
    let stdout = String::from_utf8(pretty.stdout).unwrap();
    assert!(
        stdout.contains("pipe.json: skipped: not a regular file"),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("in 1 file (2 skipped)"),
        "{stdout}"
    );

    let sarif = assert_cmd::Command::cargo_bin("fislint")
        .unwrap()
        .current_dir(repo.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2);
    assert_eq!(notifications[1]["descriptor"]["id"], "not-a-regular-file");
    assert_eq!(notifications[1]["level"], "warning");
    assert_eq!(
        notifications[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pipe.json"
    );
}

#[test]
fn a_named_file_that_cannot_be_linted_makes_sarif_execution_unsuccessful() {
    let repo = tempfile::tempdir().unwrap();
    write(
        repo.path(),
        "big.json",
        &format!("{BROKEN}{}", " ".repeat(2000)),
    );
    let output = assert_cmd::Command::cargo_bin("fislint")
        .unwrap()
        .current_dir(repo.path())
        .args([
            "check",
            "--format",
            "sarif",
            "--max-file-size",
            "1000",
            "big.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["descriptor"]["id"], "too-large");
    let text = notification["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("big.json") && text.contains("byte limit"),
        "{text}"
    );
}
