//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::emit::{Emitter, PrettyEmitter, Report};
use fislint::lint::{Settings, lint_file};
use fislint::report::FileReport;
use fislint::source::SourceFile;
use fislint::walk::FileOrigin;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// One fixture file: its rule directory, file name and path.
pub struct Fixture {
    pub code: String,
    pub name: String,
    pub path: PathBuf,
}

impl Fixture {
    pub fn is_pass(&self) -> bool {
        self.name.starts_with("pass")
    }

    pub fn is_fail(&self) -> bool {
        self.name.starts_with("fail")
    }

    /// `api`, `cfn-json`, `cfn-yaml`, `terraform` or `terraform-json`, from the file name.
    pub fn form(&self) -> &'static str {
        if self.name.ends_with(".tf") {
            "terraform"
        } else if self.name.ends_with(".tf.json") {
            "terraform-json"
        } else if self.name.ends_with(".yaml") || self.name.ends_with(".yml") {
            "cfn-yaml"
        } else if self.name.contains("cfn") {
            "cfn-json"
        } else {
            "api"
        }
    }
}

/// Every `pass*`/`fail*` file under `tests/fixtures/<CODE>/`, sorted.
pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for dir in sorted_entries(&fixtures_dir()) {
        if !dir.is_dir() {
            continue;
        }
        let code = file_name(&dir);
        for path in sorted_entries(&dir) {
            let name = file_name(&path);
            if name.starts_with("pass") || name.starts_with("fail") {
                out.push(Fixture {
                    code: code.clone(),
                    name,
                    path,
                });
            }
        }
    }
    out
}

pub fn lint_path(path: &Path, display: &str) -> FileReport {
    lint_bytes(display, std::fs::read(path).unwrap())
}

/// Lints text as a file named on the command line, with every rule on the built-in catalog.
pub fn lint_text(name: &str, text: &str) -> FileReport {
    lint_bytes(name, text.as_bytes().to_vec())
}

fn lint_bytes(name: &str, bytes: Vec<u8>) -> FileReport {
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    lint_file(
        SourceFile::from_bytes(name, bytes),
        &settings,
        FileOrigin::Named,
    )
    .unwrap()
}

pub fn render_pretty(report: FileReport) -> String {
    let report = Report {
        files: vec![report],
        files_checked: 1,
        ..Report::default()
    };
    let mut out = Vec::new();
    PrettyEmitter {
        color: false,
        width: 100,
    }
    .emit(&report, &mut out)
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Rewrites a generated file when `FISLINT_BLESS` is set; otherwise fails when it has drifted.
pub fn compare_or_bless(path: &Path, expected: &str, how: &str) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("FISLINT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    panic!(
        "{} is out of date; run `FISLINT_BLESS=1 {how}`",
        path.display()
    );
}

/// Writes `text` to `dir/name`, creating directories.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `fislint check --format json ARGS` in `dir`: exit status, report (null when none),
/// standard error.
pub fn check_json_in(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let output = assert_cmd::Command::cargo_bin("fislint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null),
        String::from_utf8(output.stderr).unwrap(),
    )
}
