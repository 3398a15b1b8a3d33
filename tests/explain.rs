//! `fislint explain`: the timeline of `examples/` in every format (snapshots, each paired with
//! what it must say), inputs found and refused as `fislint policy` finds and refuses them.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;

fn fislint() -> Command {
    let mut cmd = Command::cargo_bin("fislint").unwrap();
    cmd.env_remove("FISLINT_CACHE_DIR")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Standard output and exit status of `fislint explain ARGS`.
fn explain(args: &[&str]) -> (String, Option<i32>) {
    let output = fislint().arg("explain").args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code(),
    )
}

#[test]
fn text_shows_one_line_per_action_with_its_offsets() {
    let (text, status) = explain(&["examples"]);
    assert_eq!(status, Some(0));
    assert!(
        text.contains("+2m → +7m  Observe    aws:fis:wait, 5m, after Interrupt"),
        "{text}"
    );
    assert!(text.contains("longest path: Interrupt → Observe"), "{text}");
    assert!(text.contains("lasts: 7m"), "{text}");
    assert!(
        text.contains("Instances: WebServers (aws:ec2:instance; tags Tier=web; COUNT(1))"),
        "{text}"
    );
    assert!(
        text.contains("cycle (FIS012)"),
        "the cyclic example: {text}"
    );
    assert!(
        text.contains("stop conditions: aws:cloudwatch:alarm <Fn::Sub>"),
        "deferred, not guessed: {text}"
    );
    assert!(
        !text.contains("broken-syntax"),
        "a file found while walking that does not parse is check's business"
    );
    insta::assert_snapshot!("explain_examples_text", text);
}

#[test]
fn json_is_a_stable_document() {
    let (json, status) = explain(&["examples", "--format", "json"]);
    assert_eq!(status, Some(0));
    let (again, _) = explain(&["examples", "--format", "json"]);
    assert_eq!(json, again, "the output is deterministic");
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["version"], 1);
    let experiments = doc["experiments"].as_array().unwrap();
    let files: Vec<&str> = experiments
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "examples/az-power-cfn.json",
            "examples/database-failover.yaml",
            "examples/spot-interruption.json",
            "examples/web-tier-stop.json"
        ]
    );
    let spot = &experiments[2];
    assert_eq!(spot["duration"]["min"]["iso"], "PT7M");
    assert_eq!(spot["actions"][1]["start"]["min"]["seconds"], 120);
    assert_eq!(
        spot["actions"][0]["targets"][0]["selection"]["selectionMode"],
        "PERCENT(25)"
    );
    let failover = &experiments[1];
    assert_eq!(failover["template"], "DatabaseFailover");
    assert_eq!(failover["actions"][0]["length"]["kind"], "instant");
    assert_eq!(failover["actions"][1]["length"]["kind"], "unknown");
    assert_eq!(failover["duration"]["max"], Value::Null);
    insta::assert_snapshot!("explain_examples_json", json);
}

#[test]
fn mermaid_is_a_gantt_when_times_are_known_else_a_flowchart() {
    let (markdown, status) = explain(&["examples", "--format", "mermaid"]);
    assert_eq!(status, Some(0));
    assert_eq!(markdown.matches("```mermaid\n").count(), 4, "{markdown}");
    assert!(
        markdown.contains("    Interrupt (2m) :crit, a0, 00:00:00, 00:02:00\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("flowchart LR\n    a0[\"PauseVolumes"),
        "{markdown}"
    );
    assert!(
        markdown.contains("    a1 --> a0\n    a0 --> a1\n"),
        "{markdown}"
    );
    insta::assert_snapshot!("explain_examples_mermaid", markdown);
}

#[test]
fn template_selects_one_experiment() {
    let (text, status) = explain(&["examples", "--template", "DatabaseFailover"]);
    assert_eq!(status, Some(0));
    assert!(text.starts_with("examples/database-failover.yaml: resource `DatabaseFailover`"));
    assert_eq!(text.matches("stop conditions:").count(), 1, "{text}");
    let (_, status) = explain(&["examples", "--template", "Nothing"]);
    assert_eq!(status, Some(2));
}

#[test]
fn named_files_without_a_template_or_that_do_not_parse_fail() {
    let (_, status) = explain(&["examples/broken-syntax.yaml"]);
    assert_eq!(status, Some(2));
    let dir = tempfile::tempdir().unwrap();
    let unrelated = dir.path().join("package.json");
    std::fs::write(&unrelated, r#"{"name": "x"}"#).unwrap();
    let output = fislint().arg("explain").arg(&unrelated).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("holds no FIS experiment template"));
    // One good file and one broken: the good one is explained, and the run fails.
    let output = fislint()
        .args([
            "explain",
            "examples/web-tier-stop.json",
            "examples/broken-syntax.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains("StopOne"));
}

#[test]
fn standard_input_is_named_by_stdin_filename() {
    let yaml = "actions:\n  Wait: {actionId: aws:fis:wait, parameters: {duration: PT1M}}\n";
    let output = fislint()
        .args(["explain", "-", "--stdin-filename", "exp.yaml"])
        .write_stdin(yaml)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("exp.yaml: the template\n"), "{text}");
    assert!(text.contains("+0s → +1m  Wait  aws:fis:wait, 1m"), "{text}");
}

#[test]
fn names_from_the_template_cannot_steer_the_terminal() {
    let template = r#"{"actions": {"evil\u001b[2J": {"actionId": "aws:fis:wait",
        "parameters": {"duration": "PT1M"}}}}"#;
    let output = fislint()
        .args(["explain", "-", "--stdin-filename", "t.json"])
        .write_stdin(template)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("evil\\u{1b}[2J"), "{text}");
}

#[test]
fn the_readme_shows_the_current_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let (text, _) = explain(&["examples"]);
    assert!(
        readme.contains(&format!("$ fislint explain examples\n{text}```")),
        "README's `fislint explain examples` output is out of date; paste the command's output"
    );
    let (markdown, _) = explain(&["examples/spot-interruption.json", "--format", "mermaid"]);
    let chart = markdown.split("```mermaid\n").nth(1).unwrap();
    assert!(
        readme.contains(chart),
        "README's gantt chart is out of date"
    );
}

#[test]
fn the_json_follows_its_committed_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/explain.schema.json");
    let schema = fislint::explain::schema();
    common::compare_or_bless(&path, &schema, "cargo test --test integration explain::");
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let (json, _) = explain(&["examples", "tests/fixtures", "--format", "json"]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(doc["experiments"].as_array().unwrap().len() > 50);
}
