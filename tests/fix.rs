//! Fixes, end to end: every fail fixture whose rule offers a safe fix is fixed by what `--fix`
//! runs, only inside the fixed spans; the corpus reaches a fixed point that is never worse; and
//! the CLI writes, diffs, refuses and pipes as ruff users expect.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use fislint::autofix::{Ending, Linted, Outcome, fix_file};
use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::diagnostic::{Applicability, Diagnostic};
use fislint::lint::{Settings, lint_file};
use fislint::report::FileReport;
use fislint::source::{SourceFile, Span};
use fislint::walk::FileOrigin;
use serde_json::Value;

fn settings() -> Settings<'static> {
    Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    }
}

fn fixed(name: &str, text: &str, allowed: Applicability) -> Outcome<FileReport> {
    fix_file(
        SourceFile::new(name, text),
        &settings(),
        FileOrigin::Named,
        allowed,
    )
    .expect("a named file is always reported")
}

fn lint(name: &str, text: &str) -> FileReport {
    lint_file(SourceFile::new(name, text), &settings(), FileOrigin::Named).unwrap()
}

/// The byte ranges the safe fixes of `diagnostics` edit, merged where they touch.
fn fixed_spans<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = diagnostics
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| fix.applicability == Applicability::Safe)
        .flat_map(|fix| &fix.edits)
        .map(|edit| (edit.span.start(), edit.span.end()))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Where each of `spans` (of `before`) went in `after`, when `after` equals `before` outside
/// them; `None` when text outside the spans changed. Greedy leftmost matching of the unchanged
/// pieces is exact for a pattern of fixed pieces and wildcards.
fn replaced_spans(before: &str, after: &str, spans: &[(usize, usize)]) -> Option<Vec<Span>> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for &(start, end) in spans {
        pieces.push(&before[at..start]);
        at = end;
    }
    let last = &before[at..];
    let mut cursor = after
        .strip_prefix(pieces.first().copied().unwrap_or(last))?
        .len();
    cursor = after.len() - cursor;
    let mut out = Vec::new();
    for piece in pieces.iter().skip(1) {
        let found = after[cursor..].find(piece)? + cursor;
        out.push(Span::new(cursor, found));
        cursor = found + piece.len();
    }
    if !spans.is_empty() {
        if after.len() < cursor + last.len() || !after.ends_with(last) {
            return None;
        }
        out.push(Span::new(cursor, after.len() - last.len()));
    } else if cursor != after.len() {
        return None;
    }
    Some(out)
}

#[test]
fn replaced_spans_finds_the_edits_and_nothing_else() {
    let before = "a: x\nb: y\n";
    let spans = [(3, 4), (8, 9)];
    assert_eq!(
        replaced_spans(before, "a: xx\nb: z\n", &spans),
        Some(vec![Span::new(3, 5), Span::new(9, 10)])
    );
    assert_eq!(replaced_spans(before, "a: xx\nc: z\n", &spans), None);
    assert_eq!(replaced_spans(before, before, &[]), Some(vec![]));
    assert_eq!(replaced_spans(before, "a: x\n", &[]), None);
}

#[test]
fn every_safe_fix_in_a_fail_fixture_resolves_its_finding_in_place() {
    let mut covered = Vec::new();
    for fixture in common::fixtures().into_iter().filter(|f| f.is_fail()) {
        let display = format!("{}/{}", fixture.code, fixture.name);
        let Ok(text) = fs::read_to_string(&fixture.path) else {
            continue;
        };
        let original = lint(&fixture.name, &text);
        let fixable_here = original
            .diagnostics
            .iter()
            .filter(|d| d.code == fixture.code)
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            });
        let rule_spans = fixed_spans(fixable_here);
        if rule_spans.is_empty() {
            continue;
        }
        covered.push(display.clone());
        let outcome = fixed(&fixture.name, &text, Applicability::Safe);
        assert_eq!(outcome.ending, Ending::Stable, "{display}");
        assert_ne!(outcome.text, text, "{display}: nothing changed");
        assert_eq!(
            outcome.linted.parsed(),
            original.parsed(),
            "{display}: the fixed file parses differently:\n{}",
            outcome.text
        );

        // Outside the spans of the safe fixes `--fix` applied (any rule's), nothing changed.
        let all_spans = fixed_spans(original.diagnostics.iter());
        let moved = replaced_spans(&text, &outcome.text, &all_spans).unwrap_or_else(|| {
            panic!(
                "{display}: text outside the fixed spans changed:\n{}",
                outcome.text
            )
        });
        // Where this rule's fixes went, it reports nothing any more.
        for (span, _) in moved
            .iter()
            .zip(&all_spans)
            .filter(|(_, s)| rule_spans.iter().any(|r| r.0 >= s.0 && r.1 <= s.1))
        {
            let still = outcome
                .linted
                .diagnostics
                .iter()
                .find(|d| d.code == fixture.code && span_touches(d.span, *span));
            assert!(
                still.is_none(),
                "{display}: {} still reports at the fixed span: {:?}",
                fixture.code,
                still.map(|d| &d.message)
            );
        }
    }
    assert!(
        !covered.is_empty(),
        "no fail fixture has a safe fix: the loop covers nothing"
    );
    eprintln!("fixed {} fixtures: {covered:?}", covered.len());
}

fn span_touches(finding: Span, fixed: Span) -> bool {
    finding.start() <= fixed.end() && fixed.start() <= finding.end()
}

/// Every file of the real-world corpus (all forms), in memory.
fn corpus() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push((name, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_corpus_reaches_a_fixed_point_that_is_never_worse() {
    let files = corpus();
    assert!(files.len() > 20, "the corpus went missing");
    let mut changed = 0;
    for (name, text) in &files {
        let before = lint(name, text);
        let once = fixed(name, text, Applicability::Unsafe);
        assert_ne!(
            once.ending,
            Ending::NotConverged,
            "{name}: fixes kept changing it"
        );
        assert!(
            once.linted.parsed() >= before.parsed(),
            "{name}: parses worse after fixing"
        );
        assert!(
            once.linted.diagnostics.len() <= before.diagnostics.len(),
            "{name}: {} findings became {}",
            before.diagnostics.len(),
            once.linted.diagnostics.len()
        );
        let twice = fixed(name, &once.text, Applicability::Unsafe);
        assert_eq!(twice.text, once.text, "{name}: a second run changed it");
        assert_eq!(twice.fixed, 0, "{name}");
        changed += usize::from(once.changed(text));
    }
    eprintln!("{changed} of {} corpus files changed", files.len());
}

// --- through the binary -------------------------------------------------------------------

fn fislint() -> Command {
    let mut cmd = Command::cargo_bin("fislint").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("FISLINT_CONFIG");
    cmd
}

/// A scratch directory holding a copy of one FIS001 fail fixture.
fn scratch(fixture: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(common::fixtures_dir().join("FIS001").join(fixture)).unwrap();
    let path = dir.path().join(fixture);
    fs::write(&path, &text).unwrap();
    (dir, path, text)
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn fix_writes_the_file_and_reports_what_remains() {
    let (_dir, path, text) = scratch("fail-api.json");
    let output = fislint()
        .args(["check", "--fix"])
        .arg(&path)
        .output()
        .unwrap();
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        text.replace("\"aws:ec2:stop-instance\"", "\"aws:ec2:stop-instances\"")
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("Fixed 1 finding in 1 file (0 remaining)"),
        "{stderr}"
    );
    assert!(
        !stdout_of(&output).contains("FIS001"),
        "fixed, so not reported"
    );
    assert_eq!(output.status.code(), Some(0), "nothing remains");

    // A second run finds nothing to fix and leaves the file alone.
    let again = fislint()
        .args(["check", "--fix"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(stderr_of(&again).contains("Fixed 0 findings in 0 files"));
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn the_report_marks_fixable_findings_and_unsafe_fixes_wait_for_their_flag() {
    // fail-cfn.json's id has two candidates as close: its fix is a guess.
    let (dir, unsafe_path, unsafe_text) = scratch("fail-cfn.json");
    fs::copy(
        common::fixtures_dir().join("FIS001/fail-api.json"),
        dir.path().join("fail-api.json"),
    )
    .unwrap();
    let report = fislint().arg("check").arg(dir.path()).output().unwrap();
    let stdout = stdout_of(&report);
    assert_eq!(
        stdout.matches("FIS001 unknown-action-id [*]").count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout.contains("[*] 1 fixable with `--fix` (1 more with `--unsafe-fixes`)"),
        "{stdout}"
    );

    let safe = fislint()
        .args(["check", "--fix"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&unsafe_path).unwrap(), unsafe_text);
    assert_eq!(safe.status.code(), Some(1), "the unsafe one remains");
    assert!(stdout_of(&safe).contains("No fixes available (1 more with `--unsafe-fixes`)"));

    let all = fislint()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ne!(fs::read_to_string(&unsafe_path).unwrap(), unsafe_text);
    assert!(stderr_of(&all).contains("Fixed 1 finding in 1 file"));
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let (_dir, path, text) = scratch("fail-cfn.yaml");
    let output = fislint()
        .args(["check", "--diff"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "nothing written");
    let diff = stdout_of(&output);
    assert!(diff.starts_with("--- "), "{diff}");
    assert!(
        diff.contains("\n-          ActionId: aws:ec2:reboot-instance\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+          ActionId: aws:ec2:reboot-instances\n"),
        "{diff}"
    );
    assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), 2);
    assert!(stderr_of(&output).contains("Would fix 1 finding in 1 file"));
    assert_eq!(output.status.code(), Some(1), "a change would be made");

    // Nothing to fix: no diff, and the lint's own status.
    let clean = common::fixtures_dir().join("FIS001/pass-api.json");
    let output = fislint()
        .args(["check", "--diff"])
        .arg(&clean)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), "");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_read_only_file_is_refused_and_kept() {
    let (_dir, path, text) = scratch("fail-api.json");
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let output = fislint()
        .args(["check", "--fix"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cannot write the fixes"), "{stderr}");
    assert!(
        stdout_of(&output).contains("FIS001"),
        "the finding stays reported"
    );
}

/// Makes a directory unwritable for as long as it lives: by its mode, and for a user the mode
/// does not stop (root in a container) by the immutable attribute where `chattr` can set it.
#[cfg(unix)]
struct Unwritable<'a>(&'a Path);

#[cfg(unix)]
impl<'a> Unwritable<'a> {
    /// `None` when this user can write into the directory whatever is done.
    fn new(dir: &'a Path) -> Option<Unwritable<'a>> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
        let guard = Unwritable(dir);
        if !guard.writable() {
            return Some(guard);
        }
        let chattr = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status();
        (chattr.is_ok_and(|s| s.success()) && !guard.writable()).then_some(guard)
    }

    fn writable(&self) -> bool {
        let probe = self.0.join("probe");
        let writable = fs::write(&probe, "").is_ok();
        let _ = fs::remove_file(&probe);
        writable
    }
}

#[cfg(unix)]
impl Drop for Unwritable<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .status();
        let _ = fs::set_permissions(self.0, fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
#[test]
fn an_unwritable_directory_fails_the_run_and_keeps_the_file() {
    let (dir, path, text) = scratch("fail-api.json");
    let Some(guard) = Unwritable::new(dir.path()) else {
        eprintln!("skipped: this user can write into any directory here");
        return;
    };
    let output = fislint()
        .args(["check", "--fix"])
        .arg(&path)
        .output()
        .unwrap();
    drop(guard);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write the fixes"), "{stderr}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    let leftovers = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path, _) = scratch("fail-api.json");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    fislint()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .success();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let text = fs::read_to_string(common::fixtures_dir().join("FIS001/fail-cfn.yaml")).unwrap();
    let output = fislint()
        .args(["check", "--fix", "--stdin-filename", "t.yaml", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&output),
        text.replace("reboot-instance\n", "reboot-instances\n"),
        "only the fixed text goes to standard output"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("0 errors, 0 warnings in 1 file"),
        "{stderr}"
    );
    assert!(stderr.contains("Fixed 1 finding in 1 file"), "{stderr}");

    // With nothing to fix the text passes through unchanged.
    let clean = fs::read_to_string(common::fixtures_dir().join("FIS001/pass-cfn.yaml")).unwrap();
    let output = fislint()
        .args(["check", "--fix", "--stdin-filename", "t.yaml", "-"])
        .write_stdin(clean.clone())
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), clean);

    // Excluded, it is not linted, and still passes through: a filter never swallows its input.
    let output = fislint()
        .args([
            "check",
            "--fix",
            "--exclude",
            "t.yaml",
            "--stdin-filename",
            "t.yaml",
            "-",
        ])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), text);
}

#[test]
fn json_output_carries_fixes_and_after_fixing_only_what_remains() {
    let (_dir, path, _) = scratch("fail-api.json");
    let output = fislint()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "FIS001")
        .expect("the FIS001 finding")
        .clone();
    let fix = &finding["fix"];
    assert_eq!(fix["applicability"], "safe");
    let edit = &fix["edits"][0];
    assert_eq!(edit["content"], "\"aws:ec2:stop-instances\"");
    // The edit replaces exactly the finding's value here.
    for key in ["line", "column", "end_line", "end_column"] {
        assert_eq!(edit[key], finding[key], "{key}");
    }

    let output = fislint()
        .args(["check", "--fix", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "FIS001")
    );
}

#[test]
fn sarif_results_carry_the_fixes_this_run_would_apply() {
    let dir = common::fixtures_dir().join("FIS001");
    let sarif = |extra: &[&str]| -> Value {
        let output = fislint()
            .args(["check", "--format", "sarif"])
            .args(extra)
            .arg(dir.join("fail-api.json"))
            .arg(dir.join("fail-cfn.json"))
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let fixes_of = |log: &Value| -> Vec<Value> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == "FIS001")
            .filter_map(|r| r["fixes"].as_array().map(|f| f[0].clone()))
            .collect()
    };
    let safe = fixes_of(&sarif(&[]));
    assert_eq!(safe.len(), 1, "only the safe fix: {safe:?}");
    let change = &safe[0]["artifactChanges"][0];
    assert!(
        change["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("FIS001/fail-api.json")
    );
    let replacement = &change["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "\"aws:ec2:stop-instances\""
    );
    assert!(replacement["deletedRegion"]["startLine"].as_u64().unwrap() > 1);
    assert!(
        safe[0]["description"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Replace")
    );
    assert_eq!(fixes_of(&sarif(&["--unsafe-fixes"])).len(), 2);
}
