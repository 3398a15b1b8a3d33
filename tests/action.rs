//! The GitHub Action's timeline summary step, run as the runner runs it (`bash -eo pipefail`,
//! the step's environment) in a scratch git repository: changed templates only, paths with
//! spaces, nothing changed, and the fallback to every linted path when the base is unknown.

use std::path::Path;
use std::process::Command;

use fislint::source::{Syntax, parse};

/// The `run` script of the action's step with this name.
fn step_script(name: &str) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let root = parse(&text, Syntax::Yaml).unwrap();
    let steps = root.get("runs").unwrap().get("steps").unwrap();
    let step = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("name").and_then(|n| n.as_str()) == Some(name))
        .unwrap_or_else(|| panic!("no step named {name}"));
    step.get("run").unwrap().as_str().unwrap().to_owned()
}

const TEMPLATE: &str = r#"{"stopConditions": [{"source": "none"}],
  "actions": {"Wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT5M"}}}}"#;

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Runs the summary step in `dir` and returns the job summary it wrote.
fn summary(dir: &Path, base: &str, paths: &str) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let summary = scratch.path().join("summary.md");
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step_script("Timeline summary"))
        .current_dir(dir)
        .env("FISLINT", env!("CARGO_BIN_EXE_fislint"))
        .env("PATHS", paths)
        .env("BASE", base)
        .env("OUT", scratch.path().join("timeline.md"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::fs::read_to_string(summary).unwrap()
}

#[test]
fn the_summary_shows_the_timelines_of_changed_templates_only() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    std::fs::write(dir.join("old.json"), TEMPLATE).unwrap();
    std::fs::write(dir.join("gone.json"), TEMPLATE).unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "base"]);
    let base = git(dir, &["rev-parse", "HEAD"]);

    std::fs::create_dir(dir.join("my dir")).unwrap();
    std::fs::write(dir.join("my dir/new exp.json"), TEMPLATE).unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "x"}"#).unwrap();
    std::fs::remove_file(dir.join("gone.json")).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "change"]);

    let text = summary(dir, &base, ".");
    assert!(text.starts_with("### FIS experiment timelines\n"), "{text}");
    assert!(
        text.contains("#### my dir/new exp.json: the template"),
        "{text}"
    );
    assert!(text.contains("```mermaid\ngantt\n"), "{text}");
    assert!(!text.contains("old.json"), "unchanged: {text}");

    // The base unknown (a new branch's push): every linted path.
    let text = summary(dir, "0000000000000000000000000000000000000000", ".");
    assert!(
        text.contains("old.json") && text.contains("new exp.json"),
        "{text}"
    );

    // Nothing that is a template changed.
    let head = git(dir, &["rev-parse", "HEAD"]);
    std::fs::write(dir.join("README.md"), "docs").unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "docs"]);
    let text = summary(dir, &head, ".");
    assert!(
        text.contains("No FIS experiment template among the changed files."),
        "{text}"
    );
}

/// The cache key the action's key step writes for these sources and this `version` input.
fn cache_key(action_path: &Path, version: &str) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let output_file = scratch.path().join("output");
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step_script("Key the cached binary"))
        .env("VERSION", version)
        .env("ACTION_PATH", action_path)
        .env("GITHUB_OUTPUT", &output_file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::fs::read_to_string(output_file).unwrap()
}

#[test]
fn the_cached_binary_is_keyed_by_its_sources_not_by_a_moving_ref() {
    let action = tempfile::tempdir().unwrap();
    for dir in ["src", "schemas", "facts"] {
        std::fs::create_dir(action.path().join(dir)).unwrap();
    }
    std::fs::write(action.path().join("Cargo.toml"), "[package]\n").unwrap();
    std::fs::write(action.path().join("Cargo.lock"), "").unwrap();
    std::fs::write(action.path().join("src/main.rs"), "fn main() {}\n").unwrap();
    let first = cache_key(action.path(), "");
    assert!(first.starts_with("key=source-"), "{first}");
    assert_eq!(
        cache_key(action.path(), ""),
        first,
        "same sources, same key"
    );
    // `@main` moved on: the ref's name is the same, the sources are not.
    std::fs::write(action.path().join("src/main.rs"), "fn main() { todo!() }\n").unwrap();
    assert_ne!(cache_key(action.path(), ""), first);
    assert_eq!(cache_key(action.path(), "0.1.0"), "key=version-0.1.0\n");
}
