//! Drives every rule's pass/fail fixtures: `pass*` files must not trigger the rule, `fail*` files
//! must, at the position and on the text that `spans.txt` records; the rendering is snapshotted.

use crate::common;

use std::collections::BTreeMap;

use common::{Fixture, fixtures, lint_path, render_pretty};

/// `spans.txt`: `<fail file> <line>:<column> <underlined text as a JSON string>` per line.
pub fn expected_spans(code: &str) -> BTreeMap<String, (usize, usize, String)> {
    let path = common::fixtures_dir().join(code).join("spans.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let file = parts.next().unwrap().to_owned();
            let (l, c) = parts.next().unwrap().split_once(':').unwrap();
            let underlined: String = serde_json::from_str(parts.next().unwrap()).unwrap();
            (file, (l.parse().unwrap(), c.parse().unwrap(), underlined))
        })
        .collect()
}

fn check(fixture: &Fixture) {
    let display = format!("{}/{}", fixture.code, fixture.name);
    let report = lint_path(&fixture.path, &display);
    let ours: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fixture.code)
        .collect();
    if fixture.is_pass() {
        assert!(
            ours.is_empty(),
            "{display}: a pass fixture triggered {}: {:?}",
            fixture.code,
            ours.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
        return;
    }
    assert!(
        !ours.is_empty(),
        "{display}: the fail fixture did not trigger {}",
        fixture.code
    );
    let spans = expected_spans(&fixture.code);
    let (line, column, underlined) = spans
        .get(&fixture.name)
        .unwrap_or_else(|| panic!("{display}: no entry in {}/spans.txt", fixture.code));
    let hit = ours.iter().find(|d| {
        let at = report.source.line_col(d.span.start());
        at.line == *line && at.column == *column
    });
    let hit = hit.unwrap_or_else(|| {
        let found: Vec<_> = ours
            .iter()
            .map(|d| report.source.line_col(d.span.start()))
            .collect();
        panic!(
            "{display}: expected {} at {line}:{column}, found at {found:?}",
            fixture.code
        )
    });
    let text = &report.source.text[hit.span.start()..hit.span.end()];
    assert_eq!(
        text, underlined,
        "{display}: the diagnostic underlines the wrong text"
    );
    // Pointers name the tree rules read: a Terraform resource in the API's shape.
    if let Ok(root) = fislint::template::read(&report.source) {
        // A pointer names the offending value, or where a missing one belongs.
        let pointer = hit.pointer.as_str();
        let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        assert!(
            root.find(pointer).is_some() || root.find(parent).is_some(),
            "{display}: pointer {pointer} names nothing in the document"
        );
    }

    let rendered = render_pretty(report);
    insta::with_settings!({
        snapshot_path => "snapshots/fixtures",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{}__{}", fixture.code, fixture.name), rendered);
    });
}

#[test]
fn every_fixture_behaves() {
    let all = fixtures();
    assert!(all.len() >= 50, "fixtures not found: {}", all.len());
    for fixture in &all {
        check(fixture);
    }
}
