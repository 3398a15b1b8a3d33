//! Values given by CloudFormation intrinsic functions or Terraform expressions are only known at
//! deploy time: no value rule (FIS008–FIS019) may report one. Every CloudFormation fixture is
//! rewritten so that each scalar value under the template's properties becomes `{"Ref": …}`,
//! every Terraform fixture so that each attribute's value becomes `var.…`, and then linted.

use crate::common;

use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::diagnostic::Diagnostic;
use fislint::lint::{Settings, lint_file};
use fislint::rules::UnusedSuppression;
use fislint::source::{Member, Node, SourceFile, Value};
use fislint::walk::FileOrigin;

fn make_deferred(node: &mut Node, inside_properties: bool) {
    match &mut node.value {
        Value::Object(members) => {
            for Member { key, value, .. } in members {
                let inside = inside_properties || key == "Properties";
                make_deferred(value, inside);
            }
        }
        Value::Array(items) => {
            for item in items {
                make_deferred(item, inside_properties);
            }
        }
        _ if inside_properties => {
            node.value = Value::Object(vec![Member {
                key: "Ref".into(),
                key_span: node.span,
                value: Node::new(node.span, Value::String("DeployTimeValue".into())),
            }]);
        }
        _ => {}
    }
}

fn value_rule(code: &str) -> bool {
    code.strip_prefix("FIS")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (8..=19).contains(&n))
}

#[test]
fn deploy_time_values_never_trigger_value_rules() {
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    let mut checked = 0;
    for fixture in common::fixtures() {
        if !fixture.form().starts_with("cfn") || fixture.code == "FIS000" {
            continue;
        }
        let source =
            SourceFile::from_bytes(fixture.name.clone(), std::fs::read(&fixture.path).unwrap());
        let mut root = source.parse().unwrap();
        make_deferred(&mut root, false);
        let text = serde_json::to_string_pretty(&root.to_json()).unwrap();
        let rewritten = SourceFile::new(format!("{}.json", fixture.name), text);
        let tree = rewritten.parse().unwrap();
        let report = lint_file(rewritten, &settings, FileOrigin::Named).unwrap();
        for d in report.diagnostics.iter().filter(|d| value_rule(d.code)) {
            assert_not_deferred(&tree, d, &format!("{}/{}", fixture.code, fixture.name));
        }
        checked += 1;
    }
    assert!(
        checked >= 40,
        "only {checked} CloudFormation fixtures found"
    );
}

/// Fails when `finding` is about a deploy-time value of `tree`: at it, or inside it.
fn assert_not_deferred(tree: &Node, finding: &Diagnostic, fixture: &str) {
    let mut node = tree;
    let mut path = String::new();
    for segment in fislint::source::Pointer::segments(finding.pointer.as_str()).unwrap() {
        assert!(
            node.intrinsic().is_none(),
            "{fixture}: {} reported inside a deploy-time value at {path}: {}",
            finding.code,
            finding.message
        );
        path.push('/');
        path.push_str(&segment);
        match node.as_object().and_then(|_| node.get(&segment)) {
            Some(next) => node = next,
            None => break,
        }
    }
    assert!(
        node.intrinsic().is_none(),
        "{fixture}: {} reported a deploy-time value: {}",
        finding.code,
        finding.message
    );
}

/// One `name = value` line with its value replaced by a variable, unless the attribute is in
/// `keep` or the value spans several lines (its brackets do not close on this line).
fn deferred_line(line: &str, keep: &[&str], count: &mut usize) -> Option<String> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let (name, value) = body.split_once('=')?;
    let name = name.trim_end();
    let is_identifier = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let depth = |open: char, close: char| {
        value.matches(open).count() as isize - value.matches(close).count() as isize
    };
    let balanced = depth('(', ')') == 0 && depth('[', ']') == 0 && depth('{', '}') == 0;
    if !is_identifier || value.trim().is_empty() || !balanced || keep.contains(&name) {
        return None;
    }
    *count += 1;
    Some(format!("{indent}{name} = var.deploy_time_{count}"))
}

/// The text with every single-line attribute value but those named in `keep` made a variable,
/// and how many were.
fn deferred_terraform(text: &str, keep: &[&str]) -> (String, usize) {
    let mut count = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| deferred_line(line, keep, &mut count).unwrap_or_else(|| line.to_owned()))
        .collect();
    (lines.join("\n") + "\n", count)
}

#[test]
fn terraform_variables_never_trigger_value_rules() {
    let mut checked = 0;
    for fixture in common::fixtures() {
        if fixture.form() != "terraform" || fixture.code == "FIS000" {
            continue;
        }
        let text = std::fs::read_to_string(&fixture.path).unwrap();
        // Names and keys kept, the collections stay known; replaced, they become unknown.
        for keep in [&["name", "key"][..], &[]] {
            let (rewritten, replaced) = deferred_terraform(&text, keep);
            let label = format!("{}/{} (keeping {keep:?})", fixture.code, fixture.name);
            assert!(replaced >= 3, "{label}: only {replaced} values replaced");
            let report = common::lint_text(&fixture.name, &rewritten);
            let source = SourceFile::new(fixture.name.clone(), rewritten);
            let tree = fislint::template::read(&source).unwrap();
            assert!(
                !fislint::template::experiments(&tree).is_empty(),
                "{label}: the rewrite lost the experiment"
            );
            for d in &report.diagnostics {
                assert_ne!(
                    d.code, "FIS000",
                    "{label}: the rewrite broke the syntax: {}",
                    d.message
                );
                if value_rule(d.code) {
                    assert_not_deferred(&tree, d, &label);
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} Terraform fixtures found");
}

/// The text with each block that opens with exactly `open` (and closes at its indentation)
/// generated by a `dynamic` block instead.
fn dynamic_blocks(text: &str, open: &str) -> String {
    let Some(block) = open.trim().strip_suffix(" {") else {
        return text.to_owned();
    };
    let indent = &open[..open.len() - open.trim_start().len()];
    let close = format!("{indent}}}");
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !inside && line == open {
            inside = true;
            out.push(format!("{indent}dynamic \"{block}\" {{"));
            out.push(format!("{indent}  for_each = var.{block}s"));
            out.push(format!("{indent}  content {{"));
        } else if inside && line == close {
            inside = false;
            out.push(format!("{indent}  }}"));
            out.push(close.clone());
        } else {
            out.push(line.to_owned());
        }
    }
    out.join("\n") + "\n"
}

/// Each finding as `CODE message`, sorted: positions move when lines are added.
fn findings(name: &str, text: &str) -> Vec<String> {
    let report = common::lint_text(name, text);
    let mut found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    found.sort();
    found
}

#[test]
fn count_for_each_and_dynamic_blocks_give_no_false_finding() {
    const RESOURCE: &str = "resource \"aws_fis_experiment_template\" \"experiment\" {";
    let mut checked = 0;
    let mut hidden = 0;
    for fixture in common::fixtures() {
        if fixture.form() != "terraform" || fixture.code == "FIS000" {
            continue;
        }
        let text = std::fs::read_to_string(&fixture.path).unwrap();
        let label = format!("{}/{}", fixture.code, fixture.name);
        assert!(text.contains(RESOURCE), "{label}: no experiment resource");
        let original = findings(&fixture.name, &text);
        // `count` and `for_each` repeat the resource; each copy is the template as written.
        for meta in [
            "count = var.enabled ? 1 : 0",
            "for_each = toset(var.environments)",
        ] {
            let repeated = text.replace(RESOURCE, &format!("{RESOURCE}\n  {meta}\n"));
            assert_eq!(
                findings(&fixture.name, &repeated),
                original,
                "{label}: `{meta}` changed the findings"
            );
        }
        // What a `dynamic` block generates is unknown: it may hide findings, never add one.
        for open in [
            "  action {",
            "  target {",
            "  stop_condition {",
            "    parameter {",
        ] {
            let generated = dynamic_blocks(&text, open);
            if generated == text {
                continue;
            }
            let found = findings(&fixture.name, &generated);
            let own = |f: &String| f.starts_with(&fixture.code);
            if original.iter().any(own) && !found.iter().any(own) {
                hidden += 1;
            }
            // Known limit: a suppression whose finding the block hides is reported unused, as
            // it is when a CloudFormation intrinsic hides it; FIS100 cannot tell hidden from gone.
            let extra: Vec<&String> = found
                .iter()
                .filter(|f| !f.starts_with(UnusedSuppression::CODE) && !original.contains(f))
                .collect();
            assert!(
                extra.is_empty(),
                "{label}: a dynamic `{}` block added {extra:?}",
                open.trim()
            );
            assert!(
                !found.iter().any(|f| f.starts_with("FIS000")),
                "{label}: the dynamic `{}` rewrite broke the syntax",
                open.trim()
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} Terraform fixtures found");
    assert!(
        hidden >= 10,
        "dynamic blocks hid only {hidden} fixtures' own findings: the rewrite does not take"
    );
}
