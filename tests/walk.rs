//! Walking a repository through the built binary: symbolic links, the size limit, excludes and
//! `--only-templates`.

mod common;

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
