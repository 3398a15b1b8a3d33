//! What reaches a terminal or CI log cannot act on it: control characters and bidi overrides
//! are shown escaped, binary files show no snippet, long lines are cut, and a reader that
//! goes away (`| head`) ends the run quietly.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A template whose unknown action id sets the terminal title and rings the bell, with a
/// colour escape and a right-to-left override in another value.
const HOSTILE: &str = "{\"description\": \"d\", \"roleArn\": \"arn:aws:iam::123456789012:role/fis\",\n \
    \"stopConditions\": [{\"source\": \"none\"}], \"targets\": {},\n \
    \"actions\": {\"a\": {\"actionId\": \"\u{1b}]0;pwned\u{7}\", \"description\": \"\u{1b}[31mred\u{202e}\"}}}\n";

fn fislint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fislint"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.json"), HOSTILE).unwrap();
    dir
}

/// Control characters other than newline and tab, and the bidi controls.
fn hazards(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[test]
fn pretty_output_shows_control_characters_escaped() {
    let dir = hostile_dir();
    let output = fislint_in(dir.path(), &["check", "t.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(hazards(&stdout), Vec::<char>::new(), "{stdout}");
    assert!(
        stdout.contains("unknown action id `\\u{1b}]0;pwned\\u{7}`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\\u{1b}[31mred\\u{202e}"),
        "the snippet too: {stdout}"
    );
    let unknown = stdout
        .split("\n\n")
        .skip_while(|block| !block.starts_with("FIS001"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n\n");
    insta::assert_snapshot!("pretty_escaped", unknown);
}

#[test]
fn github_output_shows_control_characters_escaped() {
    let dir = hostile_dir();
    let output = fislint_in(dir.path(), &["check", "--format", "github", "t.json"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(hazards(&stdout), Vec::<char>::new(), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("FIS001"))
        .unwrap_or_default()
        .to_owned();
    // The workflow-command escaping still applies on top: `:` in the title, `%0A` for help.
    assert!(
        line.contains("::unknown action id `\\u{1b}]0;pwned\\u{7}`%0Ahelp: "),
        "{line}"
    );
    insta::assert_snapshot!("github_escaped", line);
}

#[test]
fn json_and_sarif_keep_the_exact_text() {
    let dir = hostile_dir();
    let output = fislint_in(dir.path(), &["check", "--format", "json", "t.json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&"unknown action id `\u{1b}]0;pwned\u{7}`"),
        "{messages:?}"
    );
    // serde writes the control characters as JSON escapes: the document itself is inert.
    assert_eq!(
        hazards(&String::from_utf8(output.stdout).unwrap()),
        Vec::<char>::new()
    );

    let output = fislint_in(dir.path(), &["check", "--format", "sarif", "t.json"]);
    let raw = String::from_utf8(output.stdout).unwrap();
    assert_eq!(hazards(&raw), Vec::<char>::new());
    let sarif: Value = serde_json::from_str(&raw).unwrap();
    let texts: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("`\u{1b}]0;pwned\u{7}`")),
        "{texts:?}"
    );
}

#[test]
fn a_binary_file_shows_its_position_but_no_snippet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.json"), b"\x1b]0;x\x07\0{\"a\": 1}").unwrap();
    let output = fislint_in(dir.path(), &["check", "b.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(hazards(&stdout), Vec::<char>::new(), "{stdout}");
    assert!(stdout.contains("[b.json:1:"), "{stdout}");
    assert!(stdout.contains("(binary content not shown)"), "{stdout}");
    assert!(!stdout.contains("\"a\""), "{stdout}");
}

#[test]
fn pretty_output_of_a_long_line_is_bounded_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let actions: Vec<String> = (0..2000)
        .map(|i| format!("a{i}: {{actionId: aws:nope:x{i}}}"))
        .collect();
    let yaml = format!(
        "{{description: d, stopConditions: [], targets: {{}}, actions: {{{}}}}}\n",
        actions.join(",")
    );
    assert!(yaml.len() > 60_000, "one line of {} bytes", yaml.len());
    std::fs::write(dir.path().join("t.yaml"), &yaml).unwrap();
    let pretty = fislint_in(dir.path(), &["check", "t.yaml"]);
    let json = fislint_in(dir.path(), &["check", "--format", "json", "t.yaml"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = report["diagnostics"].as_array().unwrap().len();
    assert!(findings >= 2000, "{findings}");
    let stdout = String::from_utf8(pretty.stdout).unwrap();
    assert!(
        stdout.len() < findings * 2_000,
        "{} bytes for {findings} findings",
        stdout.len()
    );
    let longest = stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 300, "a line of {longest} characters");
    // The window keeps the span and its label aligned: the last action's id is underlined.
    let last = stdout
        .split("\n\n")
        .find(|b| b.contains("unknown action id `aws:nope:x1999`"))
        .unwrap();
    let lines: Vec<&str> = last.lines().collect();
    let source = lines.iter().position(|l| l.starts_with(" 1 │")).unwrap();
    let column = |line: &str, needle: &str| {
        line.find(needle)
            .map(|at| line[..at].chars().count())
            .unwrap()
    };
    assert_eq!(
        column(lines[source], "aws:nope:x1999"),
        column(lines[source + 1], "─"),
        "{last}"
    );
}

/// Runs `fislint ARGS` with a standard output whose reader is already gone.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_fislint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_with_the_usual_status() {
    for (args, status) in [
        (&["check", "examples/"][..], 1),
        (&["check", "examples/", "--format", "json"][..], 1),
        (&["check", "tests/fixtures/FIS001/pass-api.json"][..], 0),
        (&["rules"][..], 0),
        (&["rule", "FIS001"][..], 0),
        (&["catalog", "show", "--format", "json"][..], 0),
        (&["catalog", "show"][..], 0),
    ] {
        let output = with_closed_stdout(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(status), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}
