//! Guards on the rule set itself: registration, codes, documentation, fixtures, message style,
//! and the generated documentation pages.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use fislint::rules::{
    ALL, MissingRolePermission, SuppressionWithoutReason, UntrustedExperimentRole,
    UnusedSuppression, docs,
};

/// Rules about CloudFormation `Metadata` or roles defined beside the experiment, which raw FIS JSON
/// cannot carry: their `api` fixture can only pass.
const CLOUDFORMATION_ONLY: &[&str] = &[
    UnusedSuppression::CODE,
    SuppressionWithoutReason::CODE,
    MissingRolePermission::CODE,
    UntrustedExperimentRole::CODE,
];

/// Rules about a role defined in the same CloudFormation template: in Terraform the role is
/// another resource, which `role_arn` names by an expression known only at apply, so their
/// `terraform` fixture can only pass.
const NOT_FROM_TERRAFORM: &[&str] = &[MissingRolePermission::CODE, UntrustedExperimentRole::CODE];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_rule_file_is_registered_under_its_name() {
    let registered: BTreeSet<String> = ALL
        .iter()
        .map(|r| r.meta().name.replace('-', "_"))
        .collect();
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("src/rules")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "rs")
            && !["mod", "docs", "context"].contains(&stem.as_str())
        {
            files.insert(stem);
        }
    }
    assert_eq!(
        files, registered,
        "rule files and registered rule names differ"
    );
}

#[test]
fn codes_are_unique_sorted_and_well_formed() {
    let codes: Vec<&str> = ALL.iter().map(|r| r.meta().code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "codes must be unique and in order");
    for code in codes {
        assert!(
            code.len() == 6
                && code.starts_with("FIS")
                && code[3..].chars().all(|c| c.is_ascii_digit()),
            "{code}"
        );
    }
    let names: BTreeSet<&str> = ALL.iter().map(|r| r.meta().name).collect();
    assert_eq!(names.len(), ALL.len(), "rule names must be unique");
}

#[test]
fn every_rule_is_documented_with_the_required_sections() {
    for rule in ALL {
        let meta = rule.meta();
        let docs = meta.docs();
        let mut last = 0;
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            let at = docs
                .find(heading)
                .unwrap_or_else(|| panic!("{}: missing `{heading}`", meta.code));
            assert!(at >= last, "{}: `{heading}` is out of order", meta.code);
            last = at;
        }
        assert!(
            docs[last..].contains("https://docs.aws.amazon.com/")
                || docs[last..].contains("https://"),
            "{}: references need a link",
            meta.code
        );
        assert!(!meta.summary().is_empty(), "{}: empty summary", meta.code);
    }
}

#[test]
fn every_rule_has_pass_and_fail_fixtures_in_every_form() {
    let fixtures = common::fixtures();
    for rule in ALL {
        let code = rule.meta().code;
        for kind in ["pass", "fail"] {
            for form in ["api", "cfn-json", "cfn-yaml", "terraform"] {
                let exempt = match form {
                    "api" => CLOUDFORMATION_ONLY,
                    "terraform" => NOT_FROM_TERRAFORM,
                    _ => &[],
                };
                if kind == "fail" && exempt.contains(&code) {
                    continue;
                }
                assert!(
                    fixtures
                        .iter()
                        .any(|f| f.code == code && f.name.starts_with(kind) && f.form() == form),
                    "{code}: no {kind} fixture in the {form} form"
                );
            }
        }
    }
    let codes: BTreeSet<&str> = ALL.iter().map(|r| r.meta().code).collect();
    for fixture in &fixtures {
        assert!(
            codes.contains(fixture.code.as_str()),
            "fixtures for unknown code {}",
            fixture.code
        );
    }
}

#[test]
fn messages_follow_the_house_convention() {
    let mut seen = BTreeSet::new();
    for fixture in common::fixtures().iter().filter(|f| f.is_fail()) {
        let report = common::lint_path(&fixture.path, &fixture.name);
        for d in &report.diagnostics {
            seen.insert(d.code);
            let first = d.message.chars().next().unwrap();
            assert!(
                first.is_lowercase() || first == '`',
                "{}: message starts with a capital: {}",
                d.code,
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: trailing period: {}",
                d.code,
                d.message
            );
            assert!(
                d.message.matches('`').count() >= 2,
                "{}: the offending value is not quoted: {}",
                d.code,
                d.message
            );
            let help = d
                .help
                .as_deref()
                .unwrap_or_else(|| panic!("{}: no help: {}", d.code, d.message));
            assert!(
                !help.is_empty() && !help.ends_with('.'),
                "{}: help: {help}",
                d.code
            );
        }
    }
    let all: BTreeSet<&str> = ALL.iter().map(|r| r.meta().code).collect();
    assert_eq!(
        seen, all,
        "every rule's messages are exercised by its fail fixtures"
    );
}

/// Rewrites the generated documentation when `FISLINT_BLESS` is set; otherwise fails on drift.
fn compare_or_bless(path: &Path, expected: &str) {
    common::compare_or_bless(path, expected, "cargo test --test integration meta::");
}

#[test]
fn generated_rule_pages_match_the_doc_comments() {
    for rule in ALL {
        let meta = rule.meta();
        compare_or_bless(
            &root().join(format!("rules/{}.md", meta.code)),
            &docs::page(meta),
        );
    }
    let pages: BTreeSet<String> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = ALL
        .iter()
        .map(|r| format!("{}.md", r.meta().code))
        .collect();
    assert_eq!(
        pages, expected,
        "rules/ holds pages for codes that no longer exist"
    );
}

#[test]
fn readme_rule_table_matches_the_rules() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(docs::TABLE_START)
        .expect("README lacks the rules-table start marker");
    let end = readme
        .find(docs::TABLE_END)
        .expect("README lacks the rules-table end marker");
    let head = &readme[..start + docs::TABLE_START.len()];
    let tail = &readme[end..];
    let expected = format!("{head}\n{}{tail}", docs::table());
    compare_or_bless(&path, &expected);
}
