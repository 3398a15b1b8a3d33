//! The edits the server offers, applied and linted again: a suppression must be read back as
//! one, and a fix must resolve its finding.

use lsp_types::{CodeActionOrCommand, DocumentChanges, OneOf};

use super::actions::{EditSupport, code_actions};
use super::document::Document;
use super::position::Encoding;
use super::suppression::suppress;
use crate::catalog::Catalog;
use crate::config::RuleSet;
use crate::diagnostic::Diagnostic;
use crate::lint::{Settings, lint_file};
use crate::rules::SuppressionWithoutReason;
use crate::source::{SourceFile, Span};
use crate::template;
use crate::walk::FileOrigin;

const UNKNOWN: &str = "FIS001";

fn lint(name: &str, text: &str) -> Vec<Diagnostic> {
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    lint_file(SourceFile::new(name, text), &settings, FileOrigin::Named)
        .map(|report| report.diagnostics)
        .unwrap_or_default()
}

fn codes(findings: &[Diagnostic]) -> Vec<&'static str> {
    let mut codes: Vec<_> = findings.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes
}

/// Applies the suppression of the first FIS001 finding, and checks that the text still parses,
/// that FIS001 is the only finding gone, and that FIS101 asks for the placeholder reason.
fn suppressed(name: &str, text: &str) -> String {
    let before = lint(name, text);
    let finding = before
        .iter()
        .find(|d| d.code == UNKNOWN)
        .unwrap_or_else(|| panic!("{name}: no {UNKNOWN} in {:?}", codes(&before)));
    let source = SourceFile::new(name, text);
    let root = template::read(&source).unwrap();
    let experiments = template::experiments(&root);
    let edit = suppress(text, source.syntax(), &experiments, finding)
        .unwrap_or_else(|| panic!("{name}: no suppression offered"));
    let mut fixed = text.to_owned();
    fixed.replace_range(edit.span.start()..edit.span.end(), &edit.content);
    let after = lint(name, &fixed);
    let mut expected = codes(&before);
    expected.retain(|code| *code != UNKNOWN);
    expected.push(SuppressionWithoutReason::CODE);
    expected.sort_unstable();
    let mut found = codes(&after);
    found.sort_unstable();
    assert_eq!(found, expected, "{name}:\n{fixed}");
    fixed
}

const YAML: &str = "\
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: \"Chaos 🚀 test\"
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions:
        - Source: none
      Targets: {}
      Actions:
        Wait:
          ActionId: aws:fis:wait-for-it
";

#[test]
fn yaml_resources_gain_a_metadata_block() {
    let fixed = suppressed("t.yaml", YAML);
    assert!(fixed.contains(
        "    Metadata:\n      fislint:\n        ignore:\n          - code: FIS001\n            \
         reason: \"TODO: say why FIS001 is acceptable here\"\n    Type:"
    ));
}

#[test]
fn yaml_metadata_and_ignore_lists_are_added_to() {
    let other = YAML.replace(
        "    Type: AWS",
        "    Metadata:\n      Owner: me\n    Type: AWS",
    );
    let fixed = suppressed("t.yaml", &other);
    assert!(fixed.contains("      Owner: me"));
    let listed = YAML.replace(
        "    Type: AWS",
        "    Metadata:\n      fislint:\n        ignore:\n        - code: FIS003\n          reason: sandbox\n    Type: AWS",
    );
    let fixed = suppressed("t.yaml", &listed);
    assert!(
        fixed.contains("reason: sandbox\n        - code: FIS001\n"),
        "{fixed}"
    );
    let flow_list = YAML.replace(
        "    Type: AWS",
        "    Metadata: {fislint: {ignore: [FIS003]}}\n    Type: AWS",
    );
    suppressed("t.yaml", &flow_list);
    let crlf = YAML.replace('\n', "\r\n");
    assert!(suppressed("t.yaml", &crlf).contains("\r\n      fislint:\r\n"));
}

#[test]
fn yaml_flow_resources_gain_a_flow_member() {
    let flow = "Resources:\n  Experiment: {Type: AWS::FIS::ExperimentTemplate, Properties: {\
        Description: d, RoleArn: arn:aws:iam::123456789012:role/fis, StopConditions: \
        [{Source: none}], Targets: {}, Actions: {Wait: {ActionId: aws:fis:wait-for-it}}}}\n";
    suppressed("t.yaml", flow);
}

const JSON: &str = r#"{
  "Resources": {
    "Experiment": {
      "Type": "AWS::FIS::ExperimentTemplate",
      "Properties": {
        "Description": "Chaos 🚀 test",
        "RoleArn": "arn:aws:iam::123456789012:role/fis",
        "StopConditions": [{"Source": "none"}],
        "Targets": {},
        "Actions": {"Wait": {"ActionId": "aws:fis:wait-for-it"}}
      }
    }
  }
}
"#;

#[test]
fn json_resources_gain_metadata_in_every_shape() {
    let fixed = suppressed("t.json", JSON);
    assert!(fixed.contains(
        "      \"Metadata\": {\"fislint\": {\"ignore\": [{\"code\": \"FIS001\", \"reason\": \
         \"TODO: say why FIS001 is acceptable here\"}]}},\n      \"Type\""
    ));
    let empty = JSON.replace("\"Type\": \"AWS", "\"Metadata\": {}, \"Type\": \"AWS");
    suppressed("t.json", &empty);
    let listed = JSON.replace(
        "\"Type\": \"AWS",
        "\"Metadata\": {\"fislint\": {\"ignore\": [\"FIS003\"]}}, \"Type\": \"AWS",
    );
    suppressed("t.json", &listed);
}

#[test]
fn terraform_resources_gain_a_comment() {
    let tf = "resource \"aws_fis_experiment_template\" \"e\" {\n  description = \"d\"\n  \
        role_arn = \"arn:aws:iam::123456789012:role/fis\"\n  stop_condition {\n    \
        source = \"none\"\n  }\n  action {\n    name = \"wait\"\n    \
        action_id = \"aws:fis:wait-for-it\"\n  }\n}\n";
    let fixed = suppressed("main.tf", tf);
    assert!(fixed.starts_with(
        "# fislint: ignore FIS001 -- TODO: say why FIS001 is acceptable here\nresource"
    ));
    let tf_json = r#"{"resource": {"aws_fis_experiment_template": {"e": {
      "description": "d",
      "role_arn": "arn:aws:iam::123456789012:role/fis",
      "stop_condition": [{"source": "none"}],
      "action": [{"name": "wait", "action_id": "aws:fis:wait-for-it"}]
    }}}}"#;
    suppressed("main.tf.json", tf_json);
}

#[test]
fn api_templates_have_no_place_for_a_suppression() {
    let api = r#"{"description": "d", "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "none"}], "targets": {},
        "actions": {"Wait": {"actionId": "aws:fis:wait-for-it"}}}"#;
    let findings = lint("t.json", api);
    let finding = findings.iter().find(|d| d.code == UNKNOWN).unwrap();
    let source = SourceFile::new("t.json", api);
    let root = template::read(&source).unwrap();
    let experiments = template::experiments(&root);
    assert!(suppress(api, source.syntax(), &experiments, finding).is_none());
}

#[test]
fn code_actions_offer_the_fix_first_and_a_suppression() {
    let text = YAML.replace("aws:fis:wait-for-it", "aws:fis:Wait");
    let uri = "file:///tmp/fislint-lsp-test/t.yaml".parse().unwrap();
    let mut document = Document::new(uri, 7, text.clone());
    let findings = lint("t.yaml", &text);
    let at = text.find("aws:fis:Wait").unwrap();
    document.linted = Some((7, findings.clone()));
    let support = EditSupport {
        encoding: Encoding::Utf16,
        document_changes: true,
    };
    let actions = code_actions(&document, &findings, Span::empty_at(at + 2), support);
    let actions: Vec<_> = actions
        .into_iter()
        .map(|action| match action {
            CodeActionOrCommand::CodeAction(action) => action,
            CodeActionOrCommand::Command(_) => panic!("a command"),
        })
        .collect();
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].contains("aws:fis:wait"), "{titles:?}");
    assert_eq!(actions[0].is_preferred, Some(true));
    assert_eq!(titles[1], "Suppress FIS001 here");
    let Some(DocumentChanges::Edits(edits)) = &actions[0].edit.as_ref().unwrap().document_changes
    else {
        panic!("no versioned edits");
    };
    assert_eq!(edits[0].text_document.version, Some(7));
    let OneOf::Left(edit) = &edits[0].edits[0] else {
        panic!("an annotated edit");
    };
    let span = document.span(edit.range, Encoding::Utf16);
    let mut fixed = text.clone();
    fixed.replace_range(span.start()..span.end(), &edit.new_text);
    assert!(
        !codes(&lint("t.yaml", &fixed)).contains(&UNKNOWN),
        "{fixed}"
    );
    // Nothing is offered away from the findings.
    assert!(code_actions(&document, &findings, Span::empty_at(0), support).is_empty());
}

/// The messages a session wrote, parsed.
fn written(output: &[u8]) -> Vec<serde_json::Value> {
    let mut messages = Vec::new();
    let mut rest = output;
    while let Some(at) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&rest[..at]).unwrap();
        let length: usize = header
            .trim_start_matches("Content-Length: ")
            .parse()
            .unwrap();
        let body = &rest[at + 4..at + 4 + length];
        messages.push(serde_json::from_slice(body).unwrap());
        rest = &rest[at + 4 + length..];
    }
    messages
}

#[test]
fn queued_changes_are_linted_once_at_their_latest_version() {
    use super::transport::Incoming;
    use serde_json::json;
    let message = |value: serde_json::Value| {
        Incoming::Message(serde_json::from_value::<lsp_server::Message>(value).unwrap())
    };
    let uri = "file:///tmp/fislint-lsp-test/queued.yaml";
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut queue = vec![
        message(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {}}})),
        message(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
        message(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": YAML}}}),
        ),
    ];
    // Versions 2 to 9 alternate between a clean id and an unknown one; 10 is unknown.
    for version in 2..=10 {
        let id = if version % 2 == 0 && version != 10 {
            "aws:fis:wait"
        } else {
            "aws:fis:nope"
        };
        queue.push(message(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": YAML.replace("aws:fis:wait-for-it", id)}]}}),
        ));
    }
    queue.push(Incoming::Malformed("a bad frame".into()));
    for incoming in queue {
        sender.send(incoming).unwrap();
    }
    drop(sender);
    let mut output = Vec::new();
    let clean_exit = super::server::serve(&receiver, &mut output).unwrap();
    assert!(!clean_exit, "no shutdown was asked for");
    let messages = written(&output);
    let published: Vec<_> = messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(published.len(), 1, "{published:#?}");
    assert_eq!(published[0]["params"]["version"], 10);
    let diagnostics = published[0]["params"]["diagnostics"].as_array().unwrap();
    let unknown = diagnostics.iter().find(|d| d["code"] == UNKNOWN).unwrap();
    let line = YAML.lines().position(|l| l.contains("ActionId")).unwrap();
    assert_eq!(unknown["range"]["start"]["line"], line);
    assert_eq!(unknown["source"], "fislint");
}
