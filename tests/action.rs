//! The GitHub Action's steps, run as the runner runs them (`bash -eo pipefail`, the step's
//! environment): the timeline summary in a scratch git repository (changed templates only, paths
//! with spaces, nothing changed, every linted path when the base is unknown), the cache key, and
//! the release download (the asset for each runner matches what the release workflow builds; the
//! checksum is verified; a missing asset falls back to building).

use std::path::Path;
use std::process::Command;

use fislint::source::{Node, Syntax, parse};

/// The `run` script of the action's step with this name.
fn step_script(name: &str) -> String {
    let root = yaml("action.yml");
    let steps = root.get("runs").unwrap().get("steps").unwrap();
    let step = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("name").and_then(|n| n.as_str()) == Some(name))
        .unwrap_or_else(|| panic!("no step named {name}"));
    step.get("run").unwrap().as_str().unwrap().to_owned()
}

/// A YAML file of this repository, parsed.
fn yaml(path: &str) -> Node {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    parse(&text, Syntax::Yaml).unwrap()
}

/// Runs the action's step `name` with `env`, returning whether it succeeded, the lines it wrote
/// to `$GITHUB_OUTPUT`, and its standard output.
fn run_step(name: &str, env: &[(&str, &str)]) -> (bool, Vec<String>, String) {
    let scratch = tempfile::tempdir().unwrap();
    let output_file = scratch.path().join("output");
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step_script(name))
        .env("GITHUB_OUTPUT", &output_file)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let outputs = std::fs::read_to_string(output_file).unwrap_or_default();
    (
        output.status.success(),
        outputs.lines().map(str::to_owned).collect(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
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

/// The release URL the find step gives a runner, if any.
fn release_url(env: &[(&str, &str)]) -> Option<String> {
    let (ok, outputs, _) = run_step("Find the release binary", env);
    assert!(ok, "{outputs:?}");
    outputs
        .iter()
        .find_map(|line| line.strip_prefix("url="))
        .map(str::to_owned)
}

#[test]
fn every_runner_the_action_downloads_for_is_a_target_the_release_builds() {
    let release = yaml(".github/workflows/release.yml");
    let matrix = release
        .get("jobs")
        .and_then(|jobs| jobs.get("binaries"))
        .and_then(|job| job.get("strategy"))
        .and_then(|strategy| strategy.get("matrix"))
        .and_then(|matrix| matrix.get("include"))
        .and_then(Node::as_array)
        .unwrap();
    let mut built: Vec<&str> = matrix
        .iter()
        .map(|entry| entry.get("target").unwrap().as_str().unwrap())
        .collect();
    built.sort_unstable();

    let runners = [
        ("Linux", "X64"),
        ("Linux", "ARM64"),
        ("macOS", "X64"),
        ("macOS", "ARM64"),
        ("Windows", "X64"),
    ];
    let mut downloaded = Vec::new();
    for (os, arch) in runners {
        let url = release_url(&[
            ("RUNNER_OS", os),
            ("RUNNER_ARCH", arch),
            ("VERSION", ""),
            ("ACTION_REF", "v0.1.0"),
            ("ACTION_REPOSITORY", "fislint/fislint"),
            ("ACTION_PATH", "/unused"),
        ])
        .unwrap_or_else(|| panic!("no release binary for {os}/{arch}"));
        let archive = url
            .strip_prefix("https://github.com/fislint/fislint/releases/download/v0.1.0/fislint-")
            .unwrap_or_else(|| panic!("{url}"));
        let target = match os {
            "Windows" => archive.strip_suffix(".zip"),
            _ => archive.strip_suffix(".tar.gz"),
        };
        downloaded.push(target.unwrap_or_else(|| panic!("{url}")).to_owned());
    }
    downloaded.sort_unstable();
    assert_eq!(downloaded, built);

    // The release names its archives as the action asks for them.
    let archive_step = release
        .get("jobs")
        .unwrap()
        .get("binaries")
        .unwrap()
        .get("steps");
    let script = archive_step
        .and_then(Node::as_array)
        .unwrap()
        .iter()
        .find_map(|step| {
            step.get("run")
                .and_then(Node::as_str)
                .filter(|run| run.contains("archive="))
        })
        .unwrap();
    assert!(
        script.contains(r#"archive="fislint-$TARGET.zip""#),
        "{script}"
    );
    assert!(
        script.contains(r#"archive="fislint-$TARGET.tar.gz""#),
        "{script}"
    );

    // A runner no release is built for builds from source.
    let none = release_url(&[
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "ARM"),
        ("VERSION", ""),
        ("ACTION_REF", "v0.1.0"),
        ("ACTION_REPOSITORY", "fislint/fislint"),
        ("ACTION_PATH", "/unused"),
    ]);
    assert_eq!(none, None);
}

#[test]
fn the_release_is_the_version_input_else_the_actions_own_tag() {
    let on_linux = |version: &str, action_ref: &str, repository: &str, path: &str| {
        release_url(&[
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("VERSION", version),
            ("ACTION_REF", action_ref),
            ("ACTION_REPOSITORY", repository),
            ("ACTION_PATH", path),
        ])
    };
    let asset = "fislint-x86_64-unknown-linux-musl.tar.gz";
    assert_eq!(
        on_linux("0.2.0", "main", "fislint/fislint", "/unused"),
        Some(format!(
            "https://github.com/fislint/fislint/releases/download/v0.2.0/{asset}"
        ))
    );
    // A branch, with no version asked for: build that branch.
    assert_eq!(on_linux("", "main", "fislint/fislint", "/unused"), None);
    // The runner left the context empty: the action's path names the repository and the ref.
    assert_eq!(
        on_linux(
            "",
            "",
            "",
            "/home/runner/work/_actions/someone/fislint/v0.3.1"
        ),
        Some(format!(
            "https://github.com/someone/fislint/releases/download/v0.3.1/{asset}"
        ))
    );
}

#[test]
fn a_download_is_installed_only_when_its_checksum_matches() {
    let release = tempfile::tempdir().unwrap();
    let content = tempfile::tempdir().unwrap();
    std::fs::write(
        content.path().join("fislint"),
        "#!/bin/sh\necho fislint 9.9.9\n",
    )
    .unwrap();
    let archive = release
        .path()
        .join("fislint-x86_64-unknown-linux-musl.tar.gz");
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(content.path())
        .arg("fislint")
        .status()
        .unwrap();
    assert!(status.success());
    let sha = Command::new("sha256sum").arg(&archive).output().unwrap();
    assert!(sha.status.success());
    let sha256 = release
        .path()
        .join("fislint-x86_64-unknown-linux-musl.tar.gz.sha256");
    let url = format!("file://{}", archive.display());

    let download = |sums: Option<&[u8]>| {
        match sums {
            Some(sums) => std::fs::write(&sha256, sums).unwrap(),
            None => {
                let _ = std::fs::remove_file(&sha256);
            }
        }
        let runner = tempfile::tempdir().unwrap();
        let root = runner.path().join("fislint-bin");
        let (ok, outputs, stdout) = run_step(
            "Download fislint",
            &[
                ("URL", url.as_str()),
                ("ROOT", root.to_str().unwrap()),
                ("SCRATCH", runner.path().join("download").to_str().unwrap()),
            ],
        );
        let installed = std::fs::read_to_string(root.join("bin/fislint")).ok();
        (ok, outputs, stdout, installed)
    };

    let (ok, outputs, _, installed) = download(Some(&sha.stdout));
    assert!(ok);
    assert_eq!(outputs, ["installed=true"]);
    assert_eq!(
        installed.as_deref(),
        Some("#!/bin/sh\necho fislint 9.9.9\n")
    );

    let wrong = format!(
        "{}  fislint-x86_64-unknown-linux-musl.tar.gz\n",
        "0".repeat(64)
    );
    let (ok, outputs, stdout, _) = download(Some(wrong.as_bytes()));
    assert!(!ok, "a checksum mismatch must fail the step");
    assert!(outputs.is_empty(), "{outputs:?}");
    assert!(stdout.contains("::error::"), "{stdout}");

    // No checksum file (no such release asset): build from source instead.
    let (ok, outputs, stdout, installed) = download(None);
    assert!(ok);
    assert!(outputs.is_empty(), "{outputs:?}");
    assert_eq!(installed, None);
    assert!(stdout.contains("building fislint from source"), "{stdout}");
}
