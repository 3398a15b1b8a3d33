//! `fislint catalog` and `fislint check --region` through the built binary, with a stand-in
//! `aws` executable (tests/aws-cli/aws) that prints recorded AWS CLI output or replays a failure.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

struct Sandbox {
    home: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn cache_file(&self, region: &str) -> PathBuf {
        self.home
            .path()
            .join("xdg/aws-chaos-engineering")
            .join(format!("fis_actions_{region}.json"))
    }

    /// `fislint ARGS` with the cache inside the sandbox and `PATH` limited to `path`.
    fn fislint(&self, path: &Path) -> Command {
        let mut command = Command::cargo_bin("fislint").unwrap();
        command
            .env("HOME", self.home.path())
            .env("XDG_CACHE_HOME", self.home.path().join("xdg"))
            .env("PATH", path)
            .env_remove("FAKE_AWS_FAIL");
        command
    }

    /// The stand-in first on `PATH`, then the system directories its shell script needs.
    fn with_aws(&self) -> Command {
        let mut path = aws_dir().into_os_string();
        path.push(":/usr/bin:/bin");
        self.fislint(Path::new(&path))
    }

    fn cached(&self, region: &str) -> Value {
        serde_json::from_slice(&std::fs::read(self.cache_file(region)).unwrap()).unwrap()
    }
}

fn aws_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws-cli")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn refresh_stores_every_action_with_its_target_keys_and_parameters() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .with_aws()
        .args(["catalog", "refresh", "--region", "eu-west-1"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("cached 3 actions (2 with target keys) and 2 resource types"),
        "{stdout}"
    );
    let file = sandbox.cached("eu-west-1");
    assert_eq!(file["region"], "eu-west-1");
    assert_eq!(file["cache_ttl_hours"], 24);
    let actions = file["fis_actions"].as_array().unwrap();
    let ids: Vec<&str> = actions.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "aws:ec2:stop-instances",
            "aws:fis:wait",
            "aws:rds:failover-db-cluster"
        ]
    );
    assert_eq!(
        actions[2]["targets"]["Clusters"]["resourceType"],
        "aws:rds:cluster"
    );
    assert_eq!(actions[1]["parameters"]["duration"]["required"], true);
    let types = file["resource_types"].as_array().unwrap();
    assert_eq!(types[0]["type"], "aws:ec2:instance");
    assert!(types[1]["parameters"].is_object());
    // Not a terminal: no progress bar drawn on stderr.
    assert!(stderr_of(&output).is_empty(), "{}", stderr_of(&output));
}

/// Each failure is one line, exits 2, and leaves the previous cache exactly as it was.
#[test]
fn refresh_failures_are_one_line_and_keep_the_old_cache() {
    let sandbox = Sandbox::new();
    sandbox
        .with_aws()
        .args(["catalog", "refresh", "--region", "eu-west-1"])
        .assert()
        .success();
    let before = std::fs::read(sandbox.cache_file("eu-west-1")).unwrap();
    for (mode, expected) in [
        ("nocreds", "no usable AWS credentials"),
        ("throttle", "was throttled by AWS"),
        ("exit", "User is not authorized to perform: fis:ListActions"),
        ("malformed", "printed output that is not JSON"),
    ] {
        let output = sandbox
            .with_aws()
            .env("FAKE_AWS_FAIL", mode)
            .args(["catalog", "refresh", "--region", "eu-west-1"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{mode}");
        let stderr = stderr_of(&output);
        assert_eq!(stderr.lines().count(), 1, "{mode}: {stderr}");
        assert!(stderr.contains(expected), "{mode}: {stderr}");
        assert!(
            stderr.contains("the cache was not changed"),
            "{mode}: {stderr}"
        );
        assert_eq!(
            std::fs::read(sandbox.cache_file("eu-west-1")).unwrap(),
            before,
            "{mode}"
        );
    }
}

#[test]
fn a_missing_aws_cli_is_reported_in_one_line() {
    let sandbox = Sandbox::new();
    let empty = tempfile::tempdir().unwrap();
    let output = sandbox
        .fislint(empty.path())
        .args(["catalog", "refresh", "--region", "us-east-1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("the AWS CLI (`aws`) is not installed"),
        "{stderr}"
    );
    assert!(!sandbox.cache_file("us-east-1").exists());
}

#[test]
fn hostile_regions_are_refused_before_anything_runs() {
    let sandbox = Sandbox::new();
    for region in ["../../x", "a/b", "US-EAST-1", ""] {
        let output = sandbox
            .with_aws()
            .args(["catalog", "refresh", "--region", region])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{region}");
        assert!(stderr_of(&output).contains("invalid region"), "{region}");
    }
    assert!(!sandbox.home.path().join("xdg").exists());
}

#[test]
fn import_reads_saved_outputs_and_refuses_bad_data_untouched() {
    let sandbox = Sandbox::new();
    let dir = aws_dir();
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "test-region"])
        .arg(dir.join("list-actions.json"))
        .arg(dir.join("get-action-aws_fis_wait.json"))
        .assert()
        .success();
    let before = sandbox.cached("test-region");
    assert_eq!(before["fis_actions"].as_array().unwrap().len(), 3);
    assert_eq!(
        before["fis_actions"][1]["parameters"]["duration"]["required"],
        true
    );
    assert_eq!(before["resource_types"], serde_json::json!([]));

    let scratch = tempfile::tempdir().unwrap();
    let bad = scratch.path().join("bad.json");
    std::fs::write(&bad, r#"{"actions": [{"id": 7}]}"#).unwrap();
    let output = sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "test-region"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("/actions/0/id"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(sandbox.cached("test-region"), before);
}

#[test]
fn show_reports_the_cache_and_its_json_matches_the_resource() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .with_aws()
        .args(["catalog", "show", "--region", "eu-west-1"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("eu-west-1: no cache at"), "{text}");
    // The note `check --region eu-west-1` would give, and the catalog it would use.
    assert!(
        text.contains(
            "note: No cached FIS capabilities for eu-west-1; fislint's built-in catalog (as of"
        ),
        "{text}"
    );
    assert!(text.contains("aws:ec2:stop-instances"), "{text}");
    sandbox
        .with_aws()
        .args(["catalog", "refresh", "--region", "eu-west-1"])
        .assert()
        .success();
    let output = sandbox
        .with_aws()
        .args([
            "catalog",
            "show",
            "--region",
            "eu-west-1",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(shown["source"], "cache");
    assert_eq!(shown["actions"].as_array().unwrap().len(), 3);
    let text = sandbox
        .with_aws()
        .args(["catalog", "show", "--region", "eu-west-1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("eu-west-1: fresh cache"), "{text}");
    assert!(text.contains("Clusters -> aws:rds:cluster"), "{text}");
}

/// `check --region` uses the region's cache when fresh: an action only that cache lists passes
/// there and fails against the built-in catalog.
#[test]
fn check_with_a_region_validates_against_its_cache() {
    let sandbox = Sandbox::new();
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data.json");
    std::fs::write(
        &data,
        r#"{"fis_actions": [{"id": "aws:new:only-here", "targets": {}}],
            "resource_types": [{"type": "aws:ec2:instance"}]}"#,
    )
    .unwrap();
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "test-region"])
        .arg(&data)
        .assert()
        .success();
    let template = scratch.path().join("t.json");
    std::fs::write(
        &template,
        r#"{"description": "d", "roleArn": "arn:aws:iam::111122223333:role/fis",
            "stopConditions": [{"source": "aws:cloudwatch:alarm",
              "value": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a"}],
            "targets": {}, "actions": {"A": {"actionId": "aws:new:only-here"}}}"#,
    )
    .unwrap();
    let with_region = sandbox
        .with_aws()
        .args(["check", "--format", "json", "--region", "test-region"])
        .arg(&template)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&with_region.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"FIS001"), "{codes:?}");
    let builtin = sandbox
        .with_aws()
        .args(["check", "--format", "json"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(builtin.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&builtin.stdout).contains("FIS001"));
    // A region without a cache: the built-in catalog, and a note saying so.
    let uncached = sandbox
        .with_aws()
        .args(["check", "--region", "us-west-2"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(uncached.status.code(), Some(1));
    assert!(stderr_of(&uncached).contains("No cached FIS capabilities for us-west-2"));
}

#[test]
fn an_import_too_large_to_read_back_is_refused_and_the_old_cache_kept() {
    let sandbox = Sandbox::new();
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "test-region"])
        .arg(aws_dir().join("list-actions.json"))
        .assert()
        .success();
    let before = sandbox.cached("test-region");
    // Each file is valid and under the import limit; together they would not fit in a cache
    // file the next read accepts.
    let scratch = tempfile::tempdir().unwrap();
    let mut command = sandbox.with_aws();
    command.args(["catalog", "import", "--region", "test-region"]);
    for part in 0..3 {
        let actions: Vec<Value> = (0..1500)
            .map(|i| serde_json::json!({"id": format!("aws:ec2:act-{part}-{i}"), "description": "d".repeat(4000)}))
            .collect();
        let path = scratch.path().join(format!("part{part}.json"));
        std::fs::write(&path, serde_json::json!({ "actions": actions }).to_string()).unwrap();
        command.arg(path);
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("more than the 16 MiB a cache file may hold"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(sandbox.cached("test-region"), before);
}

#[cfg(unix)]
#[test]
fn show_reports_a_cache_file_that_links_to_a_device_without_reading_it() {
    let sandbox = Sandbox::new();
    let path = sandbox.cache_file("us-east-1");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    let output = sandbox
        .with_aws()
        .args(["catalog", "show", "--region", "us-east-1"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("is not a regular file"), "{stdout}");
    let json = sandbox
        .with_aws()
        .args([
            "catalog",
            "show",
            "--region",
            "us-east-1",
            "--format",
            "json",
        ])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(json.status.success(), "{}", stderr_of(&json));
    let document: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["source"], "builtin");
    let note = document["note"].as_str().unwrap();
    assert!(note.contains("is not a regular file"), "{note}");
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// The reproducer of issue 10: one `get-action` output imported alone used to become the
/// region's whole catalog, so `aws:rds:failover-db-cluster` was suddenly unknown.
#[test]
fn an_imported_get_action_adds_details_beside_the_catalog_instead_of_replacing_it() {
    let sandbox = Sandbox::new();
    let dir = aws_dir();
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "us-east-1"])
        .arg(dir.join("get-action-aws_ec2_stop-instances.json"))
        .assert()
        .success();
    let cached = sandbox.cached("us-east-1");
    assert_eq!(cached["details_only"], serde_json::json!(["actions"]));
    let scratch = tempfile::tempdir().unwrap();
    let template = scratch.path().join("t.json");
    std::fs::write(&template, failover_template()).unwrap();
    let output = sandbox
        .with_aws()
        .args(["check", "--format", "json", "--region", "us-east-1"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));

    // A later import of another action's details merges with the first.
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "us-east-1"])
        .arg(dir.join("get-action-aws_fis_wait.json"))
        .assert()
        .success();
    let merged = sandbox.cached("us-east-1");
    assert_eq!(
        cached_ids(&merged),
        ["aws:ec2:stop-instances", "aws:fis:wait"]
    );

    // A whole list replaces the actions, keeping the details already known of those it lists.
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "us-east-1"])
        .arg(dir.join("list-actions.json"))
        .assert()
        .success();
    let cached = sandbox.cached("us-east-1");
    assert_eq!(cached.get("details_only"), None);
    let wait = cached["fis_actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "aws:fis:wait")
        .unwrap();
    assert_eq!(wait["parameters"]["duration"]["required"], true);
}

#[test]
fn a_finding_the_region_cache_decided_says_so() {
    let sandbox = Sandbox::new();
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("list.json");
    // A whole list without the failover action: the region does not offer it.
    std::fs::write(
        &data,
        r#"{"actions": [{"id": "aws:ec2:stop-instances"}, {"id": "aws:fis:wait"}]}"#,
    )
    .unwrap();
    sandbox
        .with_aws()
        .args(["catalog", "import", "--region", "us-east-1"])
        .arg(&data)
        .assert()
        .success();
    let template = scratch.path().join("t.json");
    std::fs::write(&template, failover_template()).unwrap();
    let output = sandbox
        .with_aws()
        .args(["check", "--format", "json", "--region", "us-east-1"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "FIS001")
        .expect("FIS001");
    let help = unknown["help"].as_str().unwrap();
    assert!(
        help.contains("rests on the FIS capabilities cached for us-east-1"),
        "{help}"
    );
    // Findings the built-in catalog makes too are not attributed to the cache.
    for d in diagnostics.iter().filter(|d| d["code"] != "FIS001") {
        let help = d["help"].as_str().unwrap_or_default();
        assert!(
            !help.contains("rests on the FIS capabilities cached"),
            "{d}"
        );
    }
}

fn failover_template() -> &'static str {
    r#"{"description": "d", "roleArn": "arn:aws:iam::111122223333:role/fis",
        "stopConditions": [{"source": "aws:cloudwatch:alarm",
          "value": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a"}],
        "targets": {"Orders": {"resourceType": "aws:rds:cluster",
          "resourceArns": ["arn:aws:rds:us-east-1:111122223333:cluster:orders"],
          "selectionMode": "ALL"}},
        "actions": {"Failover": {"actionId": "aws:rds:failover-db-cluster",
          "targets": {"Clusters": "Orders"}}}}"#
}

fn cached_ids(cached: &Value) -> Vec<&str> {
    cached["fis_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
