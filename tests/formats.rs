//! SARIF and GitHub output through the built binary, on a small fixture set.

use assert_cmd::Command;
use serde_json::Value;

/// Files with an error, a warning, a parse failure and a suppression finding.
const FIXTURES: &[&str] = &[
    "tests/fixtures/FIS000/fail-cfn.yaml",
    "tests/fixtures/FIS001/fail-api.json",
    "tests/fixtures/FIS003/fail-cfn.yaml",
    "tests/fixtures/FIS100/fail-cfn.yaml",
];

fn fislint() -> Command {
    let mut cmd = Command::cargo_bin("fislint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn sarif_of(paths: &[&str]) -> Value {
    let output = fislint()
        .arg("check")
        .args(paths)
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "errors among the fixtures");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sarif_is_one_run_with_every_rule_and_repository_relative_results() {
    let mut log = sarif_of(FIXTURES);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        fislint::rules::ALL.len(),
        "every rule, fired or not"
    );
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("rules/{id}.md"))
        );
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
    }

    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["FIS000", "FIS001", "FIS003", "FIS100"]);
    let unknown_action = &results[1];
    assert_eq!(unknown_action["level"], "error");
    assert_eq!(
        rules[unknown_action["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "FIS001"
    );
    let location = &unknown_action["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": "tests/fixtures/FIS001/fail-api.json", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 21, "startColumn": 19, "endLine": 21, "endColumn": 42})
    );
    assert_eq!(results[2]["level"], "warning");
    let srcroot = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        srcroot.starts_with("file:///") && srcroot.ends_with('/'),
        "{srcroot}"
    );

    // The parts that vary by machine and release are pinned by the assertions above.
    log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///repo/".into();
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = "[version]".into();
    // Rule documentation is pinned by the generated pages in rules/; keep the snapshot small.
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        rule["help"] = "[rules/<id>.md]".into();
    }
    insta::assert_json_snapshot!("sarif", log);
}

#[test]
fn sarif_fingerprints_ignore_where_a_file_moved_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES[1]))
            .unwrap();
    let path = dir.path().join("t.json");
    let print = |text: &str| {
        std::fs::write(&path, text).unwrap();
        let log = sarif_of(&[path.to_str().unwrap()]);
        let result = &log["runs"][0]["results"][0];
        (
            result["partialFingerprints"]["primaryLocationLineHash"].clone(),
            result["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    let (before, line_before) = print(&original);
    let shifted = original.replacen("{\n", "{\n  \"tags\": {\"team\": \"web\"},\n\n", 1);
    let (after, line_after) = print(&shifted);
    assert_ne!(line_before, line_after, "the finding moved");
    assert_eq!(before, after, "but its fingerprint did not");
}

#[test]
fn a_clean_run_is_valid_sarif_with_no_results() {
    let output = fislint()
        .args([
            "check",
            "tests/fixtures/FIS001/pass-api.json",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_annotations_are_workflow_commands() {
    let output = fislint()
        .arg("check")
        .args(FIXTURES)
        .args(["--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(
        lines[1],
        "::error file=tests/fixtures/FIS001/fail-api.json,line=21,col=19,endLine=21,endColumn=42,\
         title=FIS001 unknown-action-id::unknown action id `aws:ec2:stop-instance`\
         %0Ahelp: did you mean `aws:ec2:stop-instances`?"
    );
    assert!(lines[2].starts_with("::warning file=tests/fixtures/FIS003/fail-cfn.yaml,"));
    assert!(lines.iter().take(4).all(|l| !l[2..].contains('\n')));
    assert_eq!(lines[4], "fislint: 2 errors, 2 warnings in 4 files");
    insta::assert_snapshot!("github", stdout);
}

#[test]
fn a_named_file_without_a_template_is_a_note_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package.json");
    std::fs::write(&path, r#"{"name": "web", "version": "1.0.0"}"#).unwrap();
    let run = |format: &str| {
        let output = fislint()
            .arg("check")
            .arg(&path)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: a note is no failure"
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let summary = "0 errors, 0 warnings in 0 files; 1 file named holds no FIS template";

    let pretty = run("pretty");
    assert!(
        pretty.contains("package.json: holds no FIS experiment template"),
        "{pretty}"
    );
    assert_eq!(pretty.lines().last(), Some(summary), "{pretty}");

    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["files_checked"], 0);
    assert_eq!(json["files_skipped"], 1);
    let skipped = &json["skipped"][0];
    assert_eq!(skipped["reason"], "no-template");
    assert_eq!(skipped["failure"], false);
    assert!(skipped["path"].as_str().unwrap().ends_with("package.json"));

    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "note");
    assert_eq!(notification["descriptor"]["id"], "no-template");

    let github = run("github");
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 2, "{github}");
    assert!(lines[0].starts_with("::notice file="), "{github}");
    assert!(
        lines[0].ends_with("::holds no FIS experiment template"),
        "{github}"
    );
    assert_eq!(lines[1], format!("fislint: {summary}"));

    // Found by walking, the same file is not worth a word.
    let walked = fislint().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(walked.stdout).unwrap();
    assert_eq!(
        stdout.trim_end(),
        "0 errors, 0 warnings in 0 files",
        "{stdout}"
    );
}

#[test]
fn a_named_skeleton_with_empty_actions_is_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skeleton.json");
    std::fs::write(&path, r#"{"description": "to fill in", "actions": {}}"#).unwrap();
    let output = fislint()
        .arg("check")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files_checked"], 1);
    assert_eq!(json["files_skipped"], 0);
    let pointers: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/stopConditions"), "{pointers:?}");
    assert_eq!(output.status.code(), Some(1));
}
