//! A deterministic mutation smoke test: the fixtures, mutated with a fixed seed, through the
//! library (every position inside the file, every output well-formed) and, for a sample, through
//! the built binary; plus a replay of every committed fuzz reproducer. The long campaign is
//! `cargo fuzz` (README, "Fuzzing"); this keeps its habit in every `cargo test`.

use crate::common;
use crate::invariants;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use invariants::{Check, Outcome};

/// Change it to explore other mutations; a failure names the seed, the fixture and the steps.
const SEED: u64 = 0x05EE_DF15_2026;
/// Mutants per fixture through the library.
const MUTANTS_PER_FIXTURE: usize = 5;
/// Mutants run through the built binary (a process each).
const BINARY_SAMPLE: usize = 12;
/// Generous for a debug build on a busy two-core machine; any real input is linted in
/// milliseconds, so only a cost blow-up comes near it.
const PER_INPUT: Duration = Duration::from_secs(5);

const KEYWORDS: &[&str] = &[
    "actionId",
    "ActionId",
    "targets",
    "Targets",
    "actions",
    "startAfter",
    "resourceType",
    "resourceArns",
    "selectionMode",
    "stopConditions",
    "parameters",
    "Fn::GetAtt",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "aws:ec2:stop-instances",
    "aws:ec2:instance",
    "COUNT(1)",
    "PT5M",
    "AWS::FIS::ExperimentTemplate",
    "fislint",
    "ignore",
];
const STRUCTURE: &[&str] = &[
    "{", "}", "[", "]", ":", ",", "\"", "'", "- ", "\n", "\n  ", "#", "|", ">", "? ", "\\",
];
const CONTROL: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[31m",
    "\r",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
];

/// SplitMix64: a few lines, no dependency, the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One mutation step; each is named so a failure can be replayed by reading it.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) -> &'static str {
    let at = rng.below(bytes.len() + 1);
    match rng.below(11) {
        0 if !bytes.is_empty() => {
            let i = at.min(bytes.len() - 1);
            bytes[i] ^= 1 << rng.below(8);
            "flip a bit"
        }
        1 => {
            let piece = rng.pick(STRUCTURE);
            bytes.splice(at..at, piece.bytes());
            "insert a structural character"
        }
        2 => {
            let piece = rng.pick(KEYWORDS);
            bytes.splice(at..at, piece.bytes());
            "insert a FIS keyword"
        }
        3 => {
            bytes.truncate(at);
            "truncate"
        }
        4 if !bytes.is_empty() => {
            let start = rng.below(bytes.len());
            let end = (start + 1 + rng.below(200)).min(bytes.len());
            let span = bytes[start..end].to_vec();
            let copies = 1 + rng.below(8);
            for _ in 0..copies {
                bytes.splice(at..at, span.iter().copied());
            }
            "duplicate a span"
        }
        5 => {
            let depth = 100 + rng.below(100);
            let (open, close) = match rng.below(3) {
                0 => ("[", "]"),
                1 => ("{\"a\":", "}"),
                _ => ("- ", ""),
            };
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            bytes.splice(at..at, nested.bytes());
            "nest deeply"
        }
        6 => {
            // Far longer than any catalog name, yet short enough for suggestions in debug.
            let long = "x".repeat(1_000 + rng.below(4_000));
            bytes.splice(at..at, long.bytes());
            "insert a long string"
        }
        7 => {
            let piece = rng.pick(CONTROL);
            bytes.splice(at..at, piece.bytes());
            "insert control characters"
        }
        8 => {
            let invalid: &[u8] = match rng.below(4) {
                0 => &[0xff],
                1 => &[0xc3],
                2 => &[0xed, 0xa0, 0x80],
                _ => &[0xf0, 0x9f, 0x98],
            };
            bytes.splice(at..at, invalid.iter().copied());
            "insert invalid UTF-8"
        }
        9 if !bytes.is_empty() => {
            let start = rng.below(bytes.len());
            let end = (start + 1 + rng.below(64)).min(bytes.len());
            bytes.drain(start..end);
            "delete a span"
        }
        _ => {
            let piece = "\u{e9}\u{1f600}\u{feff}";
            bytes.splice(at..at, piece.bytes());
            "insert multi-byte characters"
        }
    }
}

struct Mutant {
    name: String,
    origin: String,
    steps: Vec<&'static str>,
    bytes: Vec<u8>,
}

fn mutants() -> Vec<Mutant> {
    let mut rng = Rng(SEED);
    let mut out = Vec::new();
    for fixture in common::fixtures() {
        let Ok(original) = std::fs::read(&fixture.path) else {
            continue;
        };
        for n in 0..MUTANTS_PER_FIXTURE {
            let mut bytes = original.clone();
            let steps = (0..1 + rng.below(3))
                .map(|_| mutate(&mut rng, &mut bytes))
                .collect();
            out.push(Mutant {
                name: fixture.name.clone(),
                origin: format!("{}/{} mutant {n}", fixture.code, fixture.name),
                steps,
                bytes,
            });
        }
    }
    out
}

/// Runs one check, turning a panic into a failure that names the input, and bounds its time.
fn run_bounded(what: &str, check: impl FnOnce() -> Outcome) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(check));
    let elapsed = started.elapsed();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(why)) => panic!("{what}: {why}"),
        Err(_) => panic!("{what}: panicked (seed {SEED:#x})"),
    }
    assert!(
        elapsed < PER_INPUT,
        "{what}: took {elapsed:?}, over the {PER_INPUT:?} bound"
    );
}

#[test]
fn mutated_fixtures_keep_every_invariant() {
    let mutants = mutants();
    assert!(
        mutants.len() >= 100,
        "only {} mutants: are the fixtures missing?",
        mutants.len()
    );
    for mutant in &mutants {
        let what = format!("{} after {:?}", mutant.origin, mutant.steps);
        run_bounded(&what, || {
            invariants::lint_bytes(&mutant.name, &mutant.bytes)
        });
    }
}

#[test]
fn mutated_fixtures_keep_the_tool_and_cache_invariants() {
    // A smaller share: these paths reuse the lint, and add argument and cache handling.
    for mutant in mutants().iter().step_by(4) {
        let what = format!("{} after {:?}", mutant.origin, mutant.steps);
        let text = String::from_utf8_lossy(&mutant.bytes);
        run_bounded(&format!("validate text: {what}"), || {
            invariants::validate_text(&text)
        });
        let args = serde_json::json!({ "template": text, "region": "us-east-1" }).to_string();
        run_bounded(&format!("validate args: {what}"), || {
            invariants::validate_args(args.as_bytes())
        });
        run_bounded(&format!("ingest: {what}"), || {
            invariants::ingest(&mutant.bytes)
        });
    }
}

#[test]
fn mutated_cache_data_keeps_its_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws-cli");
    let mut rng = Rng(SEED ^ 0xCAC4E);
    let mut documents: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            documents.push(std::fs::read(&path).unwrap_or_default());
        }
    }
    documents.sort();
    assert!(
        !documents.is_empty(),
        "no AWS CLI samples in {}",
        dir.display()
    );
    for (i, original) in documents.iter().enumerate() {
        for n in 0..20 {
            let mut bytes = original.clone();
            let steps: Vec<_> = (0..1 + rng.below(2))
                .map(|_| mutate(&mut rng, &mut bytes))
                .collect();
            let what = format!("aws-cli sample {i} mutant {n} after {steps:?}");
            run_bounded(&what, || invariants::ingest(&bytes));
            run_bounded(&what, || invariants::cache_file(&bytes));
        }
    }
}

#[test]
fn mutated_fixtures_through_the_binary_exit_cleanly() {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"));
    let mutants = mutants();
    let stride = (mutants.len() / BINARY_SAMPLE).max(1);
    let mut paths = Vec::new();
    for (i, mutant) in mutants
        .iter()
        .step_by(stride)
        .take(BINARY_SAMPLE)
        .enumerate()
    {
        let path = temp.path().join(format!("{i}-{}", mutant.name));
        std::fs::write(&path, &mutant.bytes).unwrap_or_else(|e| panic!("write: {e}"));
        let (status, stdout) = run_binary(&["check", "--format", "json"], &[&path]);
        let what = format!("{} after {:?}", mutant.origin, mutant.steps);
        assert!(matches!(status, 0..=2), "{what}: exit status {status}");
        if status != 2 {
            let doc: serde_json::Value = serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {stdout}"));
            // A mutant that no longer holds a template is a note, not a checked file.
            let noted = doc["skipped"][0]["reason"] == "no-template";
            assert!(
                doc["files_checked"] == 1 || noted,
                "{what}: a named file went unchecked"
            );
            let findings = doc["diagnostics"].as_array().map_or(0, Vec::len);
            invariants::check_json_output(&stdout, findings)
                .unwrap_or_else(|why| panic!("{what}: {why}"));
        }
        paths.push(path);
    }
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (status, stdout) = run_binary(&["check", "--format", "sarif"], &paths);
    assert!(matches!(status, 0..=2), "SARIF run: exit status {status}");
    if status != 2 {
        let doc: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("SARIF stdout is not JSON ({e})"));
        let results = doc["runs"][0]["results"].as_array().map_or(0, Vec::len);
        invariants::check_sarif_output(&stdout, results).unwrap_or_else(|why| panic!("{why}"));
    }
}

fn run_binary(args: &[&str], paths: &[&Path]) -> (i32, String) {
    let output = assert_cmd::Command::cargo_bin("fislint")
        .unwrap_or_else(|e| panic!("no fislint binary: {e}"))
        .args(args)
        .args(paths)
        .timeout(PER_INPUT * 2)
        .output()
        .unwrap_or_else(|e| panic!("fislint did not run: {e}"));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Every committed reproducer under `fuzz/<dir>/<target>/`, with the target's check.
fn reproducers(dir: &str) -> Vec<(String, Check, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut out = Vec::new();
    for (target, check) in invariants::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.as_deref().is_none_or(|n| n.starts_with("README")) {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((
                format!("{dir}/{target}/{}", name.unwrap_or_default()),
                check,
                bytes,
            ));
        }
    }
    out
}

#[test]
fn fuzz_regressions_replay_cleanly() {
    for (what, check, bytes) in reproducers("regressions") {
        run_bounded(&what, || check(&bytes));
    }
}
