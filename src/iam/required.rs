//! What one experiment's role needs: for each action, the permissions the catalog lists (and the
//! conditional ones the template shows are needed), scoped to the resources the template names;
//! then what logging and the experiment report need.

use std::collections::{BTreeMap, BTreeSet};

use super::pattern::resource_matches;
use crate::arn::Arn;
use crate::catalog::{
    ActionPermissions, Catalog, ConditionSource, ConditionalPermissions, Confidence, Permission,
    Trigger,
};
use crate::template::{Action, Experiment, Field, Located, Target};

/// Condition operator → key → values, as IAM writes it.
pub type Conditions = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// One IAM action the role needs, on these resources, under these conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub action: String,
    pub resources: BTreeSet<String>,
    pub conditions: Conditions,
    pub confidence: Confidence,
    /// Why it is needed when not always: the sources' words.
    pub when: Option<String>,
}

/// What one FIS action of the template needs.
#[derive(Debug, Clone)]
pub struct ActionNeeds<'a> {
    pub action: Action<'a>,
    pub id: Located<'a>,
    pub id_text: &'a str,
    pub facts: &'static ActionPermissions,
    pub needs: Vec<Need>,
    /// Conditional permissions the template does not show to be needed (or cannot).
    pub not_included: Vec<&'static ConditionalPermissions>,
}

/// What logging or the report needs.
#[derive(Debug, Clone)]
pub struct DestinationNeeds {
    /// `CloudWatch Logs`, `S3 log bucket`, `experiment report`.
    pub purpose: &'static str,
    pub needs: Vec<Need>,
    pub sources: &'static [String],
}

#[derive(Debug, Clone)]
pub struct Requirements<'a> {
    pub actions: Vec<ActionNeeds<'a>>,
    pub destinations: Vec<DestinationNeeds>,
    /// Actions whose id is deferred or unknown to the catalog: their needs are not known.
    pub unknown_actions: Vec<Action<'a>>,
    /// Things the role may need that the template cannot show.
    pub notes: Vec<String>,
}

/// Every permission the experiment's role needs, as far as the template and the catalog tell.
pub fn requirements<'a>(experiment: &Experiment<'a>, catalog: &Catalog) -> Requirements<'a> {
    let targets = experiment.targets_by_name();
    let mut actions = Vec::new();
    let mut unknown_actions = Vec::new();
    for action in experiment.actions().known() {
        let known = action.action_id().and_then(|id| {
            let text = id.literal_text()?;
            let facts = catalog.action_permissions(text)?;
            Some((id, text, facts))
        });
        let Some((id, id_text, facts)) = known else {
            unknown_actions.push(action.clone());
            continue;
        };
        actions.push(action_needs(action, id, id_text, facts, &targets));
    }
    let mut notes = Vec::new();
    if !experiment.actions().is_complete() {
        notes.push(
            "the actions are given by an intrinsic function; their permissions are not included"
                .to_owned(),
        );
    }
    if experiment
        .field(Field::ExperimentOptions)
        .and_then(|o| o.field(Field::AccountTargeting))
        .and_then(|a| a.literal_text())
        == Some("multi-account")
    {
        notes.push(
            "multi-account experiment: this role also needs sts:AssumeRole on each target account \
             configuration's role, and each of those roles needs the action permissions in its own \
             account"
                .to_owned(),
        );
    }
    if experiment.has_alarm_stop_condition() == Some(true) {
        notes.push(
            "stop-condition alarms are read by the FIS service-linked role \
             (AWSServiceRoleForFIS), not by this role"
                .to_owned(),
        );
    }
    Requirements {
        actions,
        destinations: destination_needs(experiment, catalog),
        unknown_actions,
        notes,
    }
}

fn action_needs<'a>(
    action: &Action<'a>,
    id: Located<'a>,
    id_text: &'a str,
    facts: &'static ActionPermissions,
    targets: &std::collections::HashMap<&'a str, Target<'a>>,
) -> ActionNeeds<'a> {
    let used: Vec<&Target<'a>> = action
        .targets()
        .known()
        .iter()
        .filter_map(|entry| targets.get(entry.value.text()?))
        .collect();
    let parameter_arns: Vec<String> = action
        .parameters()
        .known()
        .iter()
        .filter_map(|p| p.value.literal_text())
        .filter(|text| Arn::parse(text).is_ok())
        .map(str::to_owned)
        .collect();
    let mut included: Vec<(&Permission, Confidence, Option<&str>)> = facts
        .permissions
        .iter()
        .map(|p| (p, facts.confidence, None))
        .collect();
    let mut not_included = Vec::new();
    for case in &facts.conditional {
        if triggered(&case.trigger, action) {
            included.extend(case.permissions.iter().map(|p| {
                (
                    p,
                    case.confidence.min(facts.confidence),
                    Some(case.when.as_str()),
                )
            }));
        } else {
            not_included.push(case);
        }
    }
    let mut needs = Vec::new();
    for (permission, confidence, when) in included {
        let scopes: Vec<Option<&Target<'a>>> = if used.is_empty() {
            vec![None]
        } else {
            used.iter().copied().map(Some).collect()
        };
        for target in scopes {
            needs.push(scoped_need(
                permission,
                confidence,
                when,
                id_text,
                target,
                &parameter_arns,
            ));
        }
    }
    needs.dedup();
    ActionNeeds {
        action: action.clone(),
        id,
        id_text,
        facts,
        needs,
        not_included,
    }
}

fn triggered(trigger: &Trigger, action: &Action<'_>) -> bool {
    let parameter = |name: &str| {
        action
            .parameters()
            .known()
            .iter()
            .rev()
            .find(|p| p.name == name)
            .map(|p| p.value.text())
    };
    match trigger {
        Trigger::Always => true,
        Trigger::Unknowable => false,
        Trigger::Parameter { name } => parameter(name).is_some(),
        Trigger::ParameterEndsWith { name, values } => parameter(name)
            .flatten()
            .is_some_and(|text| values.iter().any(|v| text.ends_with(v.as_str()))),
        Trigger::ParameterContains { name, value } => parameter(name)
            .flatten()
            .is_some_and(|text| text.contains(value.as_str())),
    }
}

/// The permission on the target's own resources where they are named (ARNs), with its tags as
/// conditions where it selects by tags; the managed policy's patterns otherwise.
fn scoped_need(
    permission: &Permission,
    confidence: Confidence,
    when: Option<&str>,
    action_id: &str,
    target: Option<&Target<'_>>,
    parameter_arns: &[String],
) -> Need {
    let target_arns = target.map(literal_arns).unwrap_or_default();
    let resource_type = target
        .and_then(|t| t.resource_type())
        .and_then(|t| t.literal_text());
    let mut resources = BTreeSet::new();
    let mut all_target_kind = true;
    for pattern in &permission.resources {
        // `*` in a managed policy marks a permission without resource-level scoping.
        let known: Vec<&String> = if pattern == "*" {
            Vec::new()
        } else {
            target_arns
                .iter()
                .chain(parameter_arns)
                .filter(|arn| resource_matches(pattern, arn))
                .collect()
        };
        if !resource_type.is_some_and(|t| pattern_is_of_type(pattern, t)) {
            all_target_kind = false;
        }
        if known.is_empty() {
            resources.insert(pattern.clone());
        } else {
            resources.extend(known.into_iter().cloned());
        }
    }
    let mut conditions = Conditions::new();
    for fact in &permission.conditions {
        let values = match (fact.from, &fact.literal) {
            (Some(ConditionSource::ActionId), _) => vec![action_id.to_owned()],
            (Some(ConditionSource::TargetArns), _) => target_arns.clone(),
            (None, Some(literal)) => vec![literal.clone()],
            (None, None) => Vec::new(),
        };
        if !values.is_empty() {
            conditions
                .entry(fact.operator.clone())
                .or_default()
                .insert(fact.key.clone(), values);
        }
    }
    if all_target_kind && target_arns.is_empty() && !permission.resources.contains(&"*".to_owned())
    {
        for (key, value) in target.map(literal_tags).unwrap_or_default() {
            conditions
                .entry("StringEquals".to_owned())
                .or_default()
                .insert(format!("aws:ResourceTag/{key}"), vec![value]);
        }
    }
    Need {
        action: permission.action.clone(),
        resources,
        conditions,
        confidence,
        when: when.map(str::to_owned),
    }
}

/// Whether an ARN pattern names resources of this FIS resource type (`aws:ec2:instance` and
/// `arn:aws:ec2:*:*:instance/*`): only then do the target's tags describe what it covers.
fn pattern_is_of_type(pattern: &str, resource_type: &str) -> bool {
    let Some((service, kind)) = resource_type
        .strip_prefix("aws:")
        .and_then(|rest| rest.split_once(':'))
    else {
        return false;
    };
    let kind = match kind {
        "spot-instance" => "instance",
        other => other,
    };
    // Patterns hold `*` where an ARN holds an account, so they are split, not parsed.
    let mut parts = pattern.splitn(6, ':');
    let pattern_service = parts.nth(2);
    let pattern_kind = parts
        .nth(2)
        .and_then(|resource| resource.split(['/', ':']).next());
    pattern_service == Some(service) && pattern_kind == Some(kind)
}

fn literal_arns(target: &Target<'_>) -> Vec<String> {
    target
        .resource_arns()
        .map(|arns| {
            arns.items()
                .known()
                .iter()
                .filter_map(|arn| arn.literal_text())
                .filter(|text| Arn::parse(text).is_ok())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The longest tag key AWS accepts ("Tagging AWS resources": 128 Unicode characters).
const TAG_KEY_LIMIT: usize = 128;

fn literal_tags(target: &Target<'_>) -> Vec<(String, String)> {
    let Some(tags) = target.resource_tags() else {
        return Vec::new();
    };
    let entries = tags.entries();
    let known = entries.known();
    // A tag given by an intrinsic is unknown: a condition on only the others would be wrong. So is
    // a key longer than AWS allows (FIS020 reports it): no resource carries it, and as a YAML key
    // it would pass the 1,024 characters an implicit key may have.
    let literal: Vec<(String, String)> = known
        .iter()
        .filter(|e| e.name.chars().count() <= TAG_KEY_LIMIT)
        .filter_map(|e| Some((e.name.to_owned(), e.value.literal_text()?.to_owned())))
        .collect();
    if literal.len() == known.len() && entries.is_complete() {
        literal
    } else {
        Vec::new()
    }
}

fn destination_needs(experiment: &Experiment<'_>, catalog: &Catalog) -> Vec<DestinationNeeds> {
    let facts = &catalog.permissions().logging;
    let mut out = Vec::new();
    let logging = experiment.field(Field::LogConfiguration);
    if let Some(cloudwatch) = logging
        .as_ref()
        .and_then(|l| l.field(Field::CloudwatchLogsConfiguration))
    {
        let group = cloudwatch
            .field(Field::LogGroupArn)
            .and_then(|g| g.literal_text())
            .and_then(|text| Arn::parse(text).ok())
            .filter(|arn| !arn.region.is_empty() && !arn.account.is_empty())
            .map(|arn| {
                format!(
                    "arn:{}:logs:{}:{}:log-group:*",
                    arn.partition, arn.region, arn.account
                )
            });
        let needs = facts
            .cloud_watch_logs
            .permissions
            .iter()
            .map(|action| {
                // CWL-VENDED: the resource-policy and describe calls may be scoped to the account's
                // log groups; creating the delivery is not scoped.
                let resource = match (&group, action.as_str()) {
                    (Some(group), a) if a != "logs:CreateLogDelivery" => group.clone(),
                    _ => "*".to_owned(),
                };
                simple_need(action, resource, facts.cloud_watch_logs.confidence)
            })
            .collect();
        out.push(DestinationNeeds {
            purpose: "CloudWatch Logs",
            needs,
            sources: &facts.cloud_watch_logs.sources,
        });
    }
    if let Some(s3) = logging.and_then(|l| l.field(Field::S3Configuration)) {
        let bucket = s3.field(Field::BucketName).and_then(|b| b.literal_text());
        let needs = facts
            .s3
            .permissions
            .iter()
            .map(|action| {
                let resource = match bucket {
                    Some(bucket) if action.starts_with("s3:") => format!("arn:aws:s3:::{bucket}"),
                    _ => "*".to_owned(),
                };
                simple_need(action, resource, facts.s3.confidence)
            })
            .collect();
        out.push(DestinationNeeds {
            purpose: "S3 log bucket",
            needs,
            sources: &facts.s3.sources,
        });
    }
    if let Some(report) = experiment.field(Field::ExperimentReportConfiguration) {
        let bucket = report
            .field(Field::ReportOutputs)
            .and_then(|o| o.field(Field::ReportS3Configuration))
            .and_then(|s| s.field(Field::BucketName))
            .and_then(|b| b.literal_text());
        let has_dashboards = report
            .field(Field::ReportDataSources)
            .and_then(|d| d.field(Field::CloudwatchDashboards))
            .is_some();
        let needs = facts
            .experiment_report
            .permissions
            .iter()
            .filter(|action| has_dashboards || !action.starts_with("cloudwatch:"))
            .map(|action| {
                let resource = match bucket {
                    Some(bucket) if action.starts_with("s3:") => {
                        format!("arn:aws:s3:::{bucket}/*")
                    }
                    _ => "*".to_owned(),
                };
                simple_need(action, resource, facts.experiment_report.confidence)
            })
            .collect();
        out.push(DestinationNeeds {
            purpose: "experiment report",
            needs,
            sources: &facts.experiment_report.sources,
        });
    }
    out
}

fn simple_need(action: &str, resource: String, confidence: Confidence) -> Need {
    Need {
        action: action.to_owned(),
        resources: BTreeSet::from([resource]),
        conditions: Conditions::new(),
        confidence,
        when: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};
    use crate::template::experiments;

    fn needs_of(text: &str) -> Vec<Need> {
        let root = parse(text, Syntax::Json).unwrap();
        let experiment = &experiments(&root)[0];
        let found = requirements(experiment, Catalog::builtin());
        found
            .actions
            .into_iter()
            .flat_map(|a| a.needs)
            .chain(found.destinations.into_iter().flat_map(|d| d.needs))
            .collect()
    }

    #[test]
    fn target_arns_replace_the_managed_pattern() {
        let needs = needs_of(
            r#"{"targets": {"web": {"resourceType": "aws:ec2:instance",
                "resourceArns": ["arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"],
                "selectionMode": "ALL"}},
              "actions": {"stop": {"actionId": "aws:ec2:stop-instances",
                "targets": {"Instances": "web"}}}}"#,
        );
        let stop = needs
            .iter()
            .find(|n| n.action == "ec2:StopInstances")
            .unwrap();
        assert_eq!(
            stop.resources,
            BTreeSet::from(["arn:aws:ec2:us-east-1:123456789012:instance/i-0abc".to_owned()])
        );
        assert!(stop.conditions.is_empty());
    }

    #[test]
    fn a_tag_key_longer_than_aws_allows_narrows_nothing() {
        let long = "k".repeat(1500);
        let needs = needs_of(&format!(
            r#"{{"targets": {{"web": {{"resourceType": "aws:ec2:instance",
                "resourceTags": {{"{long}": "web", "Tier": "web"}}, "selectionMode": "ALL"}}}},
              "actions": {{"stop": {{"actionId": "aws:ec2:stop-instances",
                "targets": {{"Instances": "web"}}}}}}}}"#
        ));
        let stop = needs
            .iter()
            .find(|n| n.action == "ec2:StopInstances")
            .unwrap();
        assert!(stop.conditions.is_empty(), "{stop:?}");
    }

    #[test]
    fn tag_targets_become_resource_tag_conditions_on_scoped_permissions_only() {
        let needs = needs_of(
            r#"{"targets": {"web": {"resourceType": "aws:ec2:instance",
                "resourceTags": {"Tier": "web"}, "selectionMode": "ALL"}},
              "actions": {"run": {"actionId": "aws:ssm:send-command",
                "parameters": {"documentArn": "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress", "duration": "PT1M"},
                "targets": {"Instances": "web"}},
                "stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}}}"#,
        );
        let stop = needs
            .iter()
            .find(|n| n.action == "ec2:StopInstances")
            .unwrap();
        assert_eq!(
            stop.conditions["StringEquals"]["aws:ResourceTag/Tier"],
            ["web"]
        );
        let send = needs
            .iter()
            .find(|n| n.action == "ssm:SendCommand")
            .unwrap();
        assert!(send.conditions.is_empty(), "{send:?}");
        assert!(
            send.resources
                .contains("arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress")
        );
        assert!(send.resources.contains("arn:aws:ec2:*:*:instance/*"));
        let list = needs
            .iter()
            .find(|n| n.action == "ssm:ListCommands")
            .unwrap();
        assert_eq!(list.resources, BTreeSet::from(["*".to_owned()]));
    }

    #[test]
    fn conditional_permissions_follow_their_trigger() {
        let without = needs_of(r#"{"actions": {"stop": {"actionId": "aws:ec2:stop-instances"}}}"#);
        assert!(!without.iter().any(|n| n.action == "ec2:DescribeInstances"));
        let with = needs_of(
            r#"{"actions": {"stop": {"actionId": "aws:ec2:stop-instances",
                "parameters": {"completeIfInstancesTerminated": "true"}}}}"#,
        );
        let describe = with
            .iter()
            .find(|n| n.action == "ec2:DescribeInstances")
            .unwrap();
        assert!(
            describe
                .when
                .as_deref()
                .unwrap()
                .contains("completeIfInstancesTerminated")
        );
    }

    #[test]
    fn documented_condition_keys_carry_the_action_and_targets() {
        let needs = needs_of(
            r#"{"targets": {"roles": {"resourceType": "aws:iam:role",
                "resourceArns": ["arn:aws:iam::123456789012:role/app"], "selectionMode": "ALL"}},
              "actions": {"ice": {"actionId": "aws:ec2:api-insufficient-instance-capacity-error",
                "targets": {"Roles": "roles"}}}}"#,
        );
        let inject = needs
            .iter()
            .find(|n| n.action == "ec2:InjectApiError")
            .unwrap();
        assert_eq!(
            inject.conditions["StringEquals"]["ec2:FisActionId"],
            ["aws:ec2:api-insufficient-instance-capacity-error"]
        );
        assert_eq!(
            inject.conditions["ForAllValues:ArnLike"]["ec2:FisTargetArns"],
            ["arn:aws:iam::123456789012:role/app"]
        );
    }

    #[test]
    fn log_destinations_are_scoped_to_what_the_template_names() {
        let needs = needs_of(
            r#"{"actions": {"w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
              "logConfiguration": {"logSchemaVersion": 2,
                "cloudWatchLogsConfiguration": {"logGroupArn": "arn:aws:logs:eu-west-1:123456789012:log-group:fis:*"},
                "s3Configuration": {"bucketName": "fis-logs"}}}"#,
        );
        let describe = needs
            .iter()
            .find(|n| n.action == "logs:DescribeLogGroups")
            .unwrap();
        assert_eq!(
            describe.resources,
            BTreeSet::from(["arn:aws:logs:eu-west-1:123456789012:log-group:*".to_owned()])
        );
        let put = needs
            .iter()
            .find(|n| n.action == "s3:PutBucketPolicy")
            .unwrap();
        assert_eq!(
            put.resources,
            BTreeSet::from(["arn:aws:s3:::fis-logs".to_owned()])
        );
    }
}
