use super::*;
use crate::source::{Syntax, parse};
use crate::template::{experiments, experiments_or_api};

fn explain_yaml(yaml: &str) -> ExperimentExplanation {
    let root = parse(yaml, Syntax::Yaml).unwrap();
    let found = experiments(&root);
    let found = if found.is_empty() {
        experiments_or_api(&root)
    } else {
        found
    };
    ExperimentExplanation::new(&found[0], Catalog::builtin())
}

fn names(explanation: &ExperimentExplanation) -> Vec<&str> {
    explanation
        .actions
        .iter()
        .map(|a| a.name.as_str())
        .collect()
}

const STOP_THEN_STRESS: &str = r#"
description: stop tasks, then stress them
stopConditions: [{source: aws:cloudwatch:alarm, value: arn:aws:cloudwatch:us-east-1:123456789012:alarm:a}]
targets:
  tasks:
    resourceType: aws:ecs:task
    resourceTags: {app: web}
    filters: [{path: State.Name, values: [RUNNING]}]
    parameters: {cluster: prod}
    selectionMode: PERCENT(50)
actions:
  stress:
    actionId: aws:ecs:task-cpu-stress
    parameters: {duration: PT5M}
    targets: {Tasks: tasks}
    startAfter: [stop]
  stop:
    actionId: aws:ecs:stop-task
    targets: {Tasks: tasks}
  settle:
    actionId: aws:fis:wait
    parameters: {duration: PT1M}
"#;

#[test]
fn actions_come_in_start_order_then_template_order() {
    let explanation = explain_yaml(STOP_THEN_STRESS);
    assert_eq!(names(&explanation), ["stop", "settle", "stress"]);
    let stress = &explanation.actions[2];
    assert_eq!(stress.after, ["stop"]);
    assert_eq!(stress.start.unwrap().exact().unwrap().duration().millis, 0);
    assert_eq!(stress.length.kind, time::LengthKind::Exact);
    assert_eq!(
        explanation.duration.unwrap().exact().map(|t| t.duration()),
        Some(crate::duration::Duration::from_secs(300))
    );
    assert_eq!(explanation.longest_path, ["stop", "stress"]);
    assert!(stress.description.as_deref().is_some_and(|d| !d.is_empty()));
}

#[test]
fn targets_show_their_selection_as_written() {
    let explanation = explain_yaml(STOP_THEN_STRESS);
    let json = serde_json::to_value(&explanation.actions[0]).unwrap();
    let target = &json["targets"][0];
    assert_eq!(target["key"], "Tasks");
    assert_eq!(target["target"], "tasks");
    let selection = &target["selection"];
    assert_eq!(selection["resourceType"], "aws:ecs:task");
    assert_eq!(selection["selectionMode"], "PERCENT(50)");
    assert_eq!(selection["resourceTags"][0]["name"], "app");
    assert_eq!(selection["filters"][0]["values"][0], "RUNNING");
    assert_eq!(selection["parameters"][0]["value"], "prod");
    assert_eq!(selection["resourceArns"], serde_json::Value::Null);
}

#[test]
fn intrinsics_are_deferred_not_guessed() {
    let explanation = explain_yaml(
        r#"
Resources:
  Exp:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      StopConditions: !Ref Conditions
      Targets:
        T:
          ResourceType: aws:ec2:instance
          ResourceArns: !Split [",", !Ref Arns]
          SelectionMode: !If [Few, "COUNT(1)", ALL]
      Actions:
        Stop:
          ActionId: aws:ec2:stop-instances
          Parameters: {startInstancesAfterDuration: !Ref Length}
          Targets: {Instances: T}
          StartAfter: [!Ref Before]
"#,
    );
    assert_eq!(explanation.template, "Exp");
    let json = serde_json::to_value(&explanation).unwrap();
    assert_eq!(
        json["stopConditions"],
        serde_json::json!({"deferred": "Ref"})
    );
    let action = &json["actions"][0];
    assert_eq!(action["length"]["kind"], "unknown");
    assert_eq!(action["length"]["time"], serde_json::Value::Null);
    assert_eq!(action["unresolvedAfter"][0]["deferred"], "Ref");
    let selection = &action["targets"][0]["selection"];
    assert_eq!(selection["resourceArns"]["deferred"], "Fn::Split");
    assert_eq!(selection["selectionMode"]["deferred"], "Fn::If");
    assert!(!explanation.complete);
    // Incomplete waits: no gantt that would claim to know the times.
    assert!(mermaid(&explanation).starts_with("flowchart LR\n"));
}

#[test]
fn a_cycle_still_explains_without_times() {
    let explanation = explain_yaml(
        r#"
actions:
  a: {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [b]}
  b: {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [a]}
"#,
    );
    assert!(explanation.cyclic);
    assert!(explanation.duration.is_none());
    assert!(explanation.actions.iter().all(|a| a.start.is_none()));
    let chart = mermaid(&explanation);
    assert!(
        chart.contains("a0 --> a1") && chart.contains("a1 --> a0"),
        "{chart}"
    );
    assert!(text("t.yaml", &explanation).contains("cycle"));
}

#[test]
fn a_gantt_needs_every_time_and_marks_instant_actions_as_milestones() {
    let explanation = explain_yaml(
        r#"
actions:
  failover: {actionId: aws:rds:failover-db-cluster}
  wait: {actionId: aws:fis:wait, parameters: {duration: PT90S}, startAfter: [failover]}
"#,
    );
    let chart = mermaid(&explanation);
    assert!(chart.starts_with("gantt\n"), "{chart}");
    assert!(chart.contains("axisFormat %H:%M:%S"), "{chart}");
    assert!(
        chart.contains("failover (instant) :crit, milestone, a0, 00:00:00, 00:00:00"),
        "{chart}"
    );
    assert!(
        chart.contains("wait (1m30s) :crit, a1, 00:00:00, 00:01:30"),
        "the longest path is critical: {chart}"
    );
}

#[test]
fn names_cannot_break_a_diagram() {
    let explanation = explain_yaml(
        r##"
description: "a: b; c # d %% e"
actions:
  "title: x; y # z %% w\nnext": {actionId: aws:fis:wait, parameters: {duration: PT1M}}
  "q\"uote<b>": {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [nowhere]}
"##,
    );
    let chart = mermaid(&explanation);
    let lines: Vec<&str> = chart.lines().collect();
    // Only the diagram's own lines: no name added a line or a comment.
    let comments = lines.iter().filter(|l| l.contains("%%")).count();
    assert_eq!(comments, 1, "only the length's own comment: {chart}");
    assert_eq!(lines.len(), 1 + 2 + 1, "{chart}");
    assert!(
        chart.contains("#quot;") && chart.contains("#35;"),
        "{chart}"
    );

    let gantt = mermaid(&explain_yaml(
        r##"
description: "a: b; c # d"
actions:
  "title: x; y # z %% w\nnext": {actionId: aws:fis:wait, parameters: {duration: PT1M}}
"##,
    ));
    let task = gantt.lines().last().unwrap();
    assert!(
        task.trim_start()
            .starts_with("action title꞉ x_ y _ z __ w next (1m) :"),
        "{gantt}"
    );
    let (name, _) = task.split_once(" :").unwrap();
    assert!(!name.contains([':', ';', '#']), "{gantt}");
}

#[test]
fn very_long_names_are_cut() {
    let long = "x".repeat(500);
    let explanation = explain_yaml(&format!(
        "actions:\n  {long}: {{actionId: aws:fis:wait, parameters: {{duration: PT1M}}}}\n"
    ));
    let chart = mermaid(&explanation);
    assert!(chart.lines().all(|l| l.chars().count() < 150), "{chart}");
    assert!(chart.contains('…'));
}

#[test]
fn no_actions_say_fis_runs_nothing() {
    let explanation = explain_yaml("targets: {t: {resourceType: aws:ec2:instance}}\n");
    assert!(explanation.actions.is_empty());
    assert!(mermaid(&explanation).contains("FIS runs nothing"));
    assert!(text("t.yaml", &explanation).contains("FIS runs nothing"));
}

#[test]
fn seconds_are_integers_when_whole() {
    let half = Time::from(crate::duration::Duration { millis: 1500 });
    let whole = Time::from(crate::duration::Duration { millis: 60_000 });
    assert_eq!(
        serde_json::to_value(half).unwrap(),
        serde_json::json!({"iso": "PT1.500S", "seconds": 1.5})
    );
    assert_eq!(
        serde_json::to_value(whole).unwrap(),
        serde_json::json!({"iso": "PT1M", "seconds": 60})
    );
    assert_eq!(
        time::short(crate::duration::Duration::from_secs(5400)),
        "1h30m"
    );
    assert_eq!(time::short(crate::duration::Duration { millis: 0 }), "0s");
    assert_eq!(half.offset(), "+1.5s");
}

#[test]
fn actions_given_by_an_intrinsic_are_not_called_missing() {
    let explanation = explain_yaml(
        "Resources:\n  E:\n    Type: AWS::FIS::ExperimentTemplate\n    Properties:\n      \
         Actions: !If [Big, {}, {}]\n",
    );
    assert_eq!(
        explanation.actions_hidden,
        Some(Shown::Deferred {
            deferred: "Fn::If".into()
        })
    );
    let shown = text("t.yaml", &explanation);
    assert!(shown.contains("given by Fn::If at deploy time"), "{shown}");
    assert!(!shown.contains("FIS runs nothing"), "{shown}");
    assert!(mermaid(&explanation).contains("Fn::If"));
}
