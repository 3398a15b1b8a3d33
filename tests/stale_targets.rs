//! FIS027 in detail: which changes reach which later targets, what stays silent, where findings
//! point, and a bounded cost for many destructive actions.

use std::time::{Duration, Instant};

use fislint::diagnostic::{Diagnostic, Severity};
use fislint::report::FileReport;
use fislint::rules::StaleTarget;
use serde_json::{Value, json};

use crate::common::lint_text;

fn stale(report: &FileReport) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == StaleTarget::CODE)
        .collect()
}

/// An API-form template with these targets and actions.
fn template(targets: Value, actions: Value) -> String {
    json!({
        "description": "stale targets",
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"}],
        "targets": targets,
        "actions": actions,
    })
    .to_string()
}

fn findings(targets: Value, actions: Value) -> Vec<(String, String)> {
    let report = lint_text("t.json", &template(targets, actions));
    stale(&report)
        .iter()
        .map(|d| (d.pointer.as_str().to_owned(), d.message.clone()))
        .collect()
}

fn instances(selection: Value) -> Value {
    let mut target = json!({"resourceType": "aws:ec2:instance", "selectionMode": "ALL"});
    if let (Some(target), Some(selection)) = (target.as_object_mut(), selection.as_object()) {
        target.extend(selection.clone());
    }
    target
}

fn terminate_then_reboot(first: Value, second: Value) -> Vec<(String, String)> {
    findings(
        json!({"First": instances(first), "Second": instances(second)}),
        json!({
            "Terminate": {"actionId": "aws:ec2:terminate-instances", "targets": {"Instances": "First"}},
            "Reboot": {"actionId": "aws:ec2:reboot-instances", "targets": {"Instances": "Second"}, "startAfter": ["Terminate"]},
        }),
    )
}

const A: &str = "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa";
const B: &str = "arn:aws:ec2:us-east-1:123456789012:instance/i-0bbbbbbbbbbbbbbbb";

#[test]
fn same_type_targets_overlap_by_arns_or_compatible_tags() {
    let found = terminate_then_reboot(
        json!({"resourceArns": [A, B]}),
        json!({"resourceArns": [B]}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/actions/Reboot/targets/Instances");
    assert!(found[0].1.contains("terminated them"), "{}", found[0].1);

    let found = terminate_then_reboot(
        json!({"resourceTags": {"Tier": "web"}}),
        json!({"resourceTags": {"Tier": "web", "App": "shop"}}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn disjoint_or_unknowable_selections_are_not_reported() {
    for (first, second) in [
        (json!({"resourceArns": [A]}), json!({"resourceArns": [B]})),
        (
            json!({"resourceTags": {"Tier": "web"}}),
            json!({"resourceTags": {"Tier": "db"}}),
        ),
        // ARNs against tags: the template cannot tell.
        (
            json!({"resourceArns": [A]}),
            json!({"resourceTags": {"Tier": "web"}}),
        ),
        // Different filters: conservatively not the same resources.
        (
            json!({"resourceTags": {"Tier": "web"}, "filters": [{"path": "Placement.AvailabilityZone", "values": ["us-east-1a"]}]}),
            json!({"resourceTags": {"Tier": "web"}, "filters": [{"path": "Placement.AvailabilityZone", "values": ["us-east-1b"]}]}),
        ),
    ] {
        let found = terminate_then_reboot(first.clone(), second.clone());
        assert!(found.is_empty(), "{first} then {second}: {found:?}");
    }
}

#[test]
fn spot_interruptions_reach_instance_targets_of_the_same_instances() {
    // The workshop's spot template: interrupt every tagged Spot Instance, then terminate the
    // tagged instances, which are the ones already interrupted.
    let found = findings(
        json!({
            "Spot": {"resourceType": "aws:ec2:spot-instance", "resourceTags": {"Name": "Fis/Spot"}, "selectionMode": "ALL"},
            "Instances": instances(json!({"resourceTags": {"Name": "Fis/Spot"}})),
        }),
        json!({
            "Interrupt": {"actionId": "aws:ec2:send-spot-instance-interruptions", "parameters": {"durationBeforeInterruption": "PT2M"}, "targets": {"SpotInstances": "Spot"}},
            "Kill": {"actionId": "aws:ec2:terminate-instances", "targets": {"Instances": "Instances"}, "startAfter": ["Interrupt"]},
        }),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("interrupted them"), "{}", found[0].1);
}

#[test]
fn node_group_terminations_reach_pods_of_the_same_cluster_only() {
    let run = |cluster: &str| {
        findings(
            json!({
                "Nodes": {"resourceType": "aws:eks:nodegroup", "resourceArns": ["arn:aws:eks:us-east-1:123456789012:nodegroup/shop/workers/0ec4f1c2-0000-0000-0000-000000000000"], "selectionMode": "ALL"},
                "Pods": {"resourceType": "aws:eks:pod", "parameters": {"clusterIdentifier": cluster, "namespace": "default", "selectorType": "labelSelector", "selectorValue": "app=web"}, "selectionMode": "ALL"},
            }),
            json!({
                "Terminate": {"actionId": "aws:eks:terminate-nodegroup-instances", "parameters": {"instanceTerminationPercentage": "50"}, "targets": {"Nodegroups": "Nodes"}},
                "Stress": {"actionId": "aws:eks:pod-cpu-stress", "parameters": {"duration": "PT5M", "kubernetesServiceAccount": "fis"}, "targets": {"Pods": "Pods"}, "startAfter": ["Terminate"]},
            }),
        )
    };
    assert_eq!(run("shop").len(), 1);
    assert_eq!(
        run("arn:aws:eks:us-east-1:123456789012:cluster/shop").len(),
        1
    );
    assert!(run("billing").is_empty());
}

#[test]
fn failover_is_silent_when_the_instances_are_elsewhere_or_deploy_time() {
    let run = |cluster: Value, db: Value| {
        let report = lint_text(
            "t.json",
            &template(
                json!({
                    "Cluster": {"resourceType": "aws:rds:cluster", "resourceArns": [cluster], "selectionMode": "ALL"},
                    "Db": {"resourceType": "aws:rds:db", "resourceArns": [db], "selectionMode": "ALL"},
                }),
                json!({
                    "Failover": {"actionId": "aws:rds:failover-db-cluster", "targets": {"Clusters": "Cluster"}},
                    "Reboot": {"actionId": "aws:rds:reboot-db-instances", "targets": {"DBInstances": "Db"}, "startAfter": ["Failover"]},
                }),
            ),
        );
        stale(&report).len()
    };
    let cluster = json!("arn:aws:rds:us-east-1:123456789012:cluster:orders");
    assert_eq!(
        run(
            cluster.clone(),
            json!("arn:aws:rds:us-east-1:123456789012:db:orders-1")
        ),
        1
    );
    assert_eq!(
        run(
            cluster.clone(),
            json!("arn:aws:rds:eu-west-1:123456789012:db:orders-1")
        ),
        0
    );
    assert_eq!(
        run(
            cluster,
            json!("arn:aws:rds:${region}:123456789012:db:orders-1")
        ),
        0
    );
}

#[test]
fn reboots_and_deploy_time_restarts_are_not_stale() {
    let yaml = r#"
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions: [{Source: aws:cloudwatch:alarm, Value: arn:aws:cloudwatch:us-east-1:123456789012:alarm:e}]
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Tier: web}, SelectionMode: ALL}
        Db: {ResourceType: aws:rds:db, ResourceTags: {Tier: db}, SelectionMode: ALL}
      Actions:
        Reboot: {ActionId: aws:ec2:reboot-instances, Targets: {Instances: Web}}
        Stop:
          ActionId: aws:ec2:stop-instances
          Parameters: !If [Restart, {startInstancesAfterDuration: PT5M}, !Ref AWS::NoValue]
          Targets: {Instances: Web}
          StartAfter: [Reboot]
        RebootDb: {ActionId: aws:rds:reboot-db-instances, Parameters: {forceFailover: "true"}, Targets: {DBInstances: Db}}
        After:
          ActionId: aws:rds:reboot-db-instances
          Targets: {DBInstances: Db}
          StartAfter: [Stop, RebootDb]
        Last: {ActionId: aws:ec2:reboot-instances, Targets: {Instances: Web}, StartAfter: [Stop]}
"#;
    let report = lint_text("t.yaml", yaml);
    let found = stale(&report);
    assert!(
        found.is_empty(),
        "{:?}",
        found.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

#[test]
fn terminating_stopped_instances_does_what_it_means() {
    let run = |later: &str| {
        findings(
            json!({"Web": instances(json!({"resourceTags": {"Tier": "web"}}))}),
            json!({
                "Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}},
                "Later": {"actionId": later, "targets": {"Instances": "Web"}, "startAfter": ["Stop"]},
            }),
        )
    };
    assert!(run("aws:ec2:terminate-instances").is_empty());
    assert_eq!(run("aws:ec2:reboot-instances").len(), 1);
}

#[test]
fn a_reference_is_reported_once_pointing_at_the_first_change() {
    let report = lint_text(
        "t.json",
        &template(
            json!({"Tasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop"}, "selectionMode": "COUNT(1)"}}),
            json!({
                "StopA": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "Tasks"}},
                "StopB": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "Tasks"}, "startAfter": ["StopA"]},
                "Stress": {"actionId": "aws:ecs:task-cpu-stress", "parameters": {"duration": "PT1M"}, "targets": {"Tasks": "Tasks"}, "startAfter": ["StopB"]},
            }),
        ),
    );
    let found = stale(&report);
    let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/actions/StopB/targets/Tasks",
            "/actions/Stress/targets/Tasks"
        ]
    );
    let stress = found[1];
    assert_eq!(stress.severity, Severity::Warning);
    assert!(stress.message.contains("`StopA`"), "{}", stress.message);
    let secondary = &stress.secondary[0];
    let labelled = &report.source.text[secondary.span.start()..secondary.span.end()];
    assert_eq!(labelled, "\"aws:ecs:stop-task\"");
    assert!(
        stress
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("when the experiment starts"),
        "{:?}",
        stress.help
    );
}

#[test]
fn actions_in_a_cycle_are_not_reported() {
    let found = findings(
        json!({"Tasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop"}, "selectionMode": "COUNT(1)"}}),
        json!({
            "A": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "Tasks"}, "startAfter": ["B"]},
            "B": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "Tasks"}, "startAfter": ["A"]},
        }),
    );
    assert!(found.is_empty(), "{found:?}");
}

/// Generous for a loaded 2-core machine running debug builds: quadratic cost overshoots it by far.
const BOUND: Duration = Duration::from_secs(20);

#[test]
fn a_thousand_chained_destructive_actions_stay_bounded() {
    // Each action terminates its own target's instances (tags that never overlap) and waits for
    // the one before: every action is compared with every later one until the budget runs out.
    let n = 1_000;
    let mut targets = serde_json::Map::new();
    let mut actions = serde_json::Map::new();
    for i in 0..n {
        targets.insert(
            format!("t{i}"),
            instances(json!({"resourceTags": {"Slot": i.to_string()}})),
        );
        let mut action = json!({"actionId": "aws:ec2:terminate-instances", "targets": {"Instances": format!("t{i}")}});
        if i > 0 {
            action["startAfter"] = json!([format!("a{}", i - 1)]);
        }
        actions.insert(format!("a{i}"), action);
    }
    let started = Instant::now();
    let found = findings(Value::Object(targets), Value::Object(actions.clone()));
    assert!(found.is_empty(), "{:?}", &found[..found.len().min(3)]);
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());

    // The same chain on one target: each action after the first acts on terminated instances.
    for action in actions.values_mut() {
        action["targets"] = json!({"Instances": "t0"});
    }
    let targets = json!({"t0": instances(json!({"resourceTags": {"Slot": "0"}}))});
    let started = Instant::now();
    let found = findings(targets, Value::Object(actions));
    assert_eq!(found.len(), n - 1);
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
}
