use super::*;
use crate::source::{Syntax, parse};
use crate::template::experiments_or_api;

fn secs(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// The timeline of a YAML API-form template, with each step's name.
fn timeline_of(yaml: &str, check: impl FnOnce(&Timeline<'_>, &dyn Fn(&str) -> usize)) {
    let root = parse(yaml, Syntax::Yaml).unwrap();
    let experiments = experiments_or_api(&root);
    let timeline = Timeline::new(&experiments[0], Catalog::builtin());
    let names: Vec<String> = timeline
        .steps
        .iter()
        .map(|s| s.action.name().to_owned())
        .collect();
    let index = |name: &str| names.iter().position(|n| n == name).unwrap();
    check(&timeline, &index);
}

const FAILOVER_THEN_REBOOT: &str = r#"
actions:
  wait:
    actionId: aws:fis:wait
    parameters: {duration: PT5M}
  failover:
    actionId: aws:rds:failover-db-cluster
    startAfter: [wait]
  reboot:
    actionId: aws:rds:reboot-db-instances
    startAfter: [failover]
  stress:
    actionId: aws:ssm:send-command
    parameters: {duration: PT10M}
  stop:
    actionId: aws:ec2:stop-instances
    parameters: {startInstancesAfterDuration: PT2M}
    startAfter: [wait, stress]
"#;

#[test]
fn each_action_starts_when_the_last_action_it_waits_for_ends() {
    timeline_of(FAILOVER_THEN_REBOOT, |timeline, at| {
        assert!(timeline.complete && !timeline.cyclic);
        let step = |name| &timeline.steps[at(name)];
        assert_eq!(step("wait").length, Length::Exact(secs(300)));
        assert_eq!(step("failover").length, Length::Instant);
        assert_eq!(step("failover").start.unwrap().exact(), Some(secs(300)));
        assert_eq!(step("reboot").start.unwrap().exact(), Some(secs(300)));
        assert_eq!(step("stop").length, Length::Exact(secs(120)));
        assert_eq!(step("stop").start.unwrap().exact(), Some(secs(600)));
        assert_eq!(step("stop").end.unwrap().exact(), Some(secs(720)));
        assert_eq!(timeline.total().unwrap().exact(), Some(secs(720)));
        let path: Vec<_> = timeline.longest_path();
        assert_eq!(path, vec![at("stress"), at("stop")]);
    });
}

#[test]
fn what_runs_after_an_action_follows_waits_transitively() {
    timeline_of(FAILOVER_THEN_REBOOT, |timeline, at| {
        assert_eq!(
            timeline.runs_after(at("wait")),
            vec![at("failover"), at("reboot"), at("stop")]
        );
        assert_eq!(timeline.runs_after(at("reboot")), Vec::<usize>::new());
    });
}

#[test]
fn unknown_lengths_leave_the_latest_time_open_but_keep_the_earliest() {
    let yaml = r#"
actions:
  command:
    actionId: aws:ssm:send-command
  automation:
    actionId: aws:ssm:start-automation-execution
    parameters: {maxDuration: PT20M}
  after:
    actionId: aws:fis:wait
    parameters: {duration: PT1M}
    startAfter: [command, automation]
"#;
    timeline_of(yaml, |timeline, at| {
        assert_eq!(timeline.steps[at("command")].length, Length::Unknown);
        assert_eq!(
            timeline.steps[at("automation")].length,
            Length::AtMost(secs(1200))
        );
        let end = timeline.steps[at("after")].end.unwrap();
        assert_eq!(end.min, secs(60));
        assert_eq!(end.max, None);
        assert_eq!(timeline.most_parallel().unwrap().steps.len(), 2);
    });
}

#[test]
fn a_cycle_leaves_its_actions_untimed() {
    let yaml = r#"
actions:
  a: {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [b]}
  b: {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [a]}
  c: {actionId: aws:fis:wait, parameters: {duration: PT1M}}
"#;
    timeline_of(yaml, |timeline, at| {
        assert!(timeline.cyclic);
        assert_eq!(timeline.steps[at("a")].start, None);
        assert_eq!(timeline.steps[at("c")].end.unwrap().exact(), Some(secs(60)));
        assert_eq!(timeline.total(), None);
        assert_eq!(timeline.runs_after(at("a")), vec![at("a"), at("b")]);
    });
}

#[test]
fn a_wait_for_an_undefined_action_makes_the_order_incomplete() {
    let yaml = "actions: {a: {actionId: aws:fis:wait, startAfter: [ghost]}}";
    timeline_of(yaml, |timeline, _| assert!(!timeline.complete));
}

#[test]
fn actions_in_sequence_are_not_parallel_but_those_starting_together_are() {
    let yaml = r#"
actions:
  first: {actionId: aws:fis:wait, parameters: {duration: PT1M}}
  second: {actionId: aws:fis:wait, parameters: {duration: PT1M}, startAfter: [first]}
  long: {actionId: aws:fis:wait, parameters: {duration: PT5M}}
  reboot: {actionId: aws:ec2:reboot-instances, startAfter: [first]}
  terminate: {actionId: aws:ec2:terminate-instances, startAfter: [second]}
"#;
    timeline_of(yaml, |timeline, at| {
        let parallel = timeline.most_parallel().unwrap();
        // At one minute: `first` has ended; `second` and `reboot` start while `long` runs.
        assert_eq!(parallel.at, secs(60));
        assert_eq!(parallel.steps, vec![at("second"), at("long"), at("reboot")]);
    });
}

#[test]
fn a_long_chain_costs_linear_time_and_no_stack() {
    let mut yaml =
        String::from("actions:\n  a0: {actionId: aws:fis:wait, parameters: {duration: PT1S}}\n");
    for i in 1..20_000 {
        yaml.push_str(&format!(
            "  a{i}: {{actionId: aws:fis:wait, parameters: {{duration: PT1S}}, startAfter: [a{}]}}\n",
            i - 1
        ));
    }
    timeline_of(&yaml, |timeline, _| {
        assert_eq!(timeline.total().unwrap().exact(), Some(secs(20_000)));
        assert_eq!(timeline.longest_path().len(), 20_000);
        assert_eq!(timeline.runs_after(0).len(), 19_999);
        assert_eq!(timeline.most_parallel().unwrap().steps.len(), 1);
    });
}

#[test]
fn an_action_waiting_for_an_instant_one_starts_after_it_at_the_same_moment() {
    let yaml = r#"
actions:
  failover: {actionId: aws:rds:failover-db-cluster}
  reboot: {actionId: aws:rds:reboot-db-instances, startAfter: [failover]}
  wait: {actionId: aws:fis:wait, parameters: {duration: PT1M}}
"#;
    timeline_of(yaml, |timeline, at| {
        let parallel = timeline.most_parallel().unwrap();
        assert_eq!(parallel.steps.len(), 2, "{parallel:?}");
        assert!(parallel.steps.contains(&at("wait")));
        assert_eq!(timeline.longest_path(), vec![at("wait")]);
    });
    let chain = r#"
actions:
  wait: {actionId: aws:fis:wait, parameters: {duration: PT1M}}
  failover: {actionId: aws:rds:failover-db-cluster, startAfter: [wait]}
"#;
    timeline_of(chain, |timeline, at| {
        assert_eq!(timeline.longest_path(), vec![at("wait"), at("failover")]);
    });
}
