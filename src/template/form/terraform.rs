//! Terraform: `aws_fis_experiment_template` resources, in `.tf` (HCL) or `.tf.json` files.
//!
//! [`normalize`] rewrites each resource into the API's shape, keeping every span: an `action`
//! block becomes a member of `actions` keyed by its `name` (whose value's span stands for the
//! key), `parameter {key value}` blocks a `parameters` map, `stop_condition` blocks the
//! `stopConditions` list. So every rule reads Terraform through the same view, and a finding
//! points into the `.tf` file. A value that is not a literal stays a [`Value::Expression`] and
//! rules skip it; a `dynamic` block makes the whole collection it generates unknown. Modules are
//! not followed: a module call's arguments are not a template.

use super::super::{Experiment, Located, Resource};
use super::Form;
use crate::source::{Member, Node, Pointer, Span, Value};
use crate::template::Field;

pub const RESOURCE_TYPE: &str = "aws_fis_experiment_template";

/// How the provider names a property, for messages.
pub(super) const fn written(field: Field) -> &'static str {
    match field {
        Field::Description => "description",
        Field::RoleArn => "role_arn",
        Field::StopConditions => "stop_condition",
        Field::Source => "source",
        Field::Value => "value",
        Field::Targets => "target",
        Field::ResourceType => "resource_type",
        Field::ResourceArns => "resource_arns",
        Field::ResourceTags => "resource_tag",
        Field::Filters => "filter",
        Field::Path => "path",
        Field::Values => "values",
        Field::SelectionMode => "selection_mode",
        // An action's `parameter` blocks; a target's map attribute is `parameters`.
        Field::Parameters => "parameter",
        Field::Actions => "action",
        Field::ActionId => "action_id",
        Field::StartAfter => "start_after",
        Field::LogConfiguration => "log_configuration",
        Field::LogSchemaVersion => "log_schema_version",
        Field::CloudwatchLogsConfiguration => "cloudwatch_logs_configuration",
        Field::LogGroupArn => "log_group_arn",
        Field::S3Configuration => "s3_configuration",
        Field::BucketName => "bucket_name",
        Field::Prefix => "prefix",
        Field::ExperimentOptions => "experiment_options",
        Field::AccountTargeting => "account_targeting",
        Field::EmptyTargetResolutionMode => "empty_target_resolution_mode",
        Field::ExperimentReportConfiguration => "experiment_report_configuration",
        Field::ReportOutputs => "outputs",
        Field::ReportS3Configuration => "s3_configuration",
        Field::ReportDataSources => "data_sources",
        Field::CloudwatchDashboards => "cloudwatch_dashboard",
        Field::Tags => "tags",
    }
}

/// The provider's name for a key of the API's shape, for messages about a normalized tree (the
/// schema names API keys); the first table row that produces the key answers.
pub(super) fn written_key(api_key: &str) -> Option<&'static str> {
    fn search(table: Table, api_key: &str) -> Option<&'static str> {
        table.iter().find_map(|(name, mapping)| match mapping {
            Mapping::Same(key) | Mapping::Pairs(key) => (*key == api_key).then_some(*name),
            Mapping::Object(key, inner)
            | Mapping::List(key, inner)
            | Mapping::Named(key, inner) => {
                if *key == api_key {
                    Some(*name)
                } else {
                    search(inner, api_key)
                }
            }
            Mapping::Dropped => None,
        })
    }
    search(TEMPLATE, api_key)
}

/// How one provider attribute or block becomes part of the API's shape.
enum Mapping {
    /// An attribute whose value is the API's, under the API's key.
    Same(&'static str),
    /// One nested block: an object read with its own table.
    Object(&'static str, Table),
    /// Repeated blocks: a list of objects read with their own table.
    List(&'static str, Table),
    /// Repeated blocks: a map keyed by each block's `name`, read with their own table.
    Named(&'static str, Table),
    /// Repeated `{key value}` blocks: a map from each `key` to its `value`.
    Pairs(&'static str),
    /// A Terraform meta-argument or a provider-only setting: not part of the template.
    Dropped,
}

type Table = &'static [(&'static str, Mapping)];

const TEMPLATE: Table = &[
    ("description", Mapping::Same("description")),
    ("role_arn", Mapping::Same("roleArn")),
    ("tags", Mapping::Same("tags")),
    (
        "stop_condition",
        Mapping::List("stopConditions", STOP_CONDITION),
    ),
    ("target", Mapping::Named("targets", TARGET)),
    ("action", Mapping::Named("actions", ACTION)),
    (
        "log_configuration",
        Mapping::Object("logConfiguration", LOG),
    ),
    (
        "experiment_options",
        Mapping::Object("experimentOptions", OPTIONS),
    ),
    (
        "experiment_report_configuration",
        Mapping::Object("experimentReportConfiguration", REPORT),
    ),
    ("count", Mapping::Dropped),
    ("for_each", Mapping::Dropped),
    ("provider", Mapping::Dropped),
    ("depends_on", Mapping::Dropped),
    ("lifecycle", Mapping::Dropped),
    ("timeouts", Mapping::Dropped),
    ("region", Mapping::Dropped),
    ("provisioner", Mapping::Dropped),
    ("connection", Mapping::Dropped),
];

const STOP_CONDITION: Table = &[
    ("source", Mapping::Same("source")),
    ("value", Mapping::Same("value")),
];

const TARGET: Table = &[
    ("resource_type", Mapping::Same("resourceType")),
    ("selection_mode", Mapping::Same("selectionMode")),
    ("resource_arns", Mapping::Same("resourceArns")),
    ("resource_tag", Mapping::Pairs("resourceTags")),
    ("filter", Mapping::List("filters", FILTER)),
    ("parameters", Mapping::Same("parameters")),
];

const FILTER: Table = &[
    ("path", Mapping::Same("path")),
    ("values", Mapping::Same("values")),
];

const ACTION: Table = &[
    ("action_id", Mapping::Same("actionId")),
    ("description", Mapping::Same("description")),
    ("parameter", Mapping::Pairs("parameters")),
    ("target", Mapping::Pairs("targets")),
    ("start_after", Mapping::Same("startAfter")),
];

const LOG: Table = &[
    ("log_schema_version", Mapping::Same("logSchemaVersion")),
    (
        "cloudwatch_logs_configuration",
        Mapping::Object("cloudWatchLogsConfiguration", LOG_GROUP),
    ),
    (
        "s3_configuration",
        Mapping::Object("s3Configuration", BUCKET),
    ),
];

const LOG_GROUP: Table = &[("log_group_arn", Mapping::Same("logGroupArn"))];

const BUCKET: Table = &[
    ("bucket_name", Mapping::Same("bucketName")),
    ("prefix", Mapping::Same("prefix")),
];

const OPTIONS: Table = &[
    ("account_targeting", Mapping::Same("accountTargeting")),
    (
        "empty_target_resolution_mode",
        Mapping::Same("emptyTargetResolutionMode"),
    ),
];

const REPORT: Table = &[
    ("outputs", Mapping::Object("outputs", REPORT_OUTPUTS)),
    (
        "data_sources",
        Mapping::Object("dataSources", REPORT_SOURCES),
    ),
    (
        "pre_experiment_duration",
        Mapping::Same("preExperimentDuration"),
    ),
    (
        "post_experiment_duration",
        Mapping::Same("postExperimentDuration"),
    ),
];

const REPORT_OUTPUTS: Table = &[(
    "s3_configuration",
    Mapping::Object("s3Configuration", BUCKET),
)];

const REPORT_SOURCES: Table = &[(
    "cloudwatch_dashboard",
    Mapping::List("cloudWatchDashboards", DASHBOARD),
)];

const DASHBOARD: Table = &[("dashboard_arn", Mapping::Same("dashboardIdentifier"))];

/// The prefix of a normalized tree's members: each is one resource, keyed by its address.
const ADDRESS_PREFIX: &str = "aws_fis_experiment_template.";

/// A Terraform document's experiment resources in the API's shape, as one tree whose members
/// are keyed by resource address (`aws_fis_experiment_template.NAME`); `None` when the document
/// declares none, so other forms read it as it is.
pub fn normalize(root: &Node) -> Option<Node> {
    let mut resources = Vec::new();
    for resource_blocks in members_named(root, "resource") {
        for by_type in objects(&resource_blocks.value) {
            for typed in members_named(by_type, RESOURCE_TYPE) {
                for named in objects(&typed.value) {
                    for resource in named.as_object().unwrap_or_default() {
                        for body in objects(&resource.value) {
                            resources.push(Member {
                                key: format!("{ADDRESS_PREFIX}{}", resource.key),
                                key_span: resource.key_span,
                                value: read_object(body, TEMPLATE),
                            });
                        }
                    }
                }
            }
        }
    }
    if resources.is_empty() {
        return None;
    }
    Some(Node::new(root.span, Value::Object(resources)))
}

/// The experiments of a tree [`normalize`] built.
pub(in crate::template) fn experiments(root: &Node) -> Vec<Experiment<'_>> {
    let Some(members) = root.as_object() else {
        return Vec::new();
    };
    if members.is_empty() || !members.iter().all(|m| m.key.starts_with(ADDRESS_PREFIX)) {
        return Vec::new();
    }
    members
        .iter()
        .map(|m| {
            let pointer = Pointer::root().child(&m.key);
            Experiment {
                form: Form::Terraform,
                body: Located::new(&m.value, pointer.clone(), Form::Terraform),
                resource: Some(Resource {
                    logical_id: &m.key,
                    node: &m.value,
                    pointer: pointer.clone(),
                    misspelled_type: None,
                }),
                anchor: m.key_span,
                anchor_pointer: pointer,
            }
        })
        .collect()
}

/// The members of an object with this key: HCL repeats a block's member once per block.
fn members_named<'a>(node: &'a Node, key: &'a str) -> impl Iterator<Item = &'a Member> {
    node.as_object()
        .unwrap_or_default()
        .iter()
        .filter(move |m| m.key == key)
}

/// A block's bodies: `.tf.json` writes one as an object or several as a list of objects.
fn objects(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::Object(_) => vec![node],
        Value::Array(items) => items.iter().filter(|i| i.as_object().is_some()).collect(),
        _ => Vec::new(),
    }
}

/// One block body in the API's shape, by its table. Attributes the table does not know keep
/// their names, so the schema reports them; `dynamic` blocks make what they generate unknown.
fn read_object(body: &Node, table: Table) -> Node {
    let Some(members) = body.as_object() else {
        // An expression (or, in `.tf.json`, a wrong type) where a block belongs.
        return body.clone();
    };
    let mut out: Vec<Member> = Vec::new();
    // The API keys of repeated blocks already gathered: at most one per table row.
    let mut gathered: Vec<&str> = Vec::new();
    let mut dynamic: Vec<(&str, Span, Span)> = Vec::new();
    for member in members {
        // Terraform reads an argument set to `null` as one not set at all.
        if member.value.value == Value::Null {
            continue;
        }
        if member.key == "dynamic" {
            for generated in member.value.as_object().unwrap_or_default() {
                dynamic.push((&generated.key, generated.key_span, member.value.span));
            }
            continue;
        }
        let Some((_, mapping)) = table.iter().find(|(name, _)| *name == member.key) else {
            out.push(member.clone());
            continue;
        };
        match mapping {
            Mapping::Dropped => {}
            Mapping::Same(key) => out.push(Member {
                key: (*key).to_owned(),
                key_span: member.key_span,
                value: member.value.clone(),
            }),
            Mapping::Object(key, inner) => {
                let value = match objects(&member.value).as_slice() {
                    [one] => read_object(one, inner),
                    _ => member.value.clone(),
                };
                out.push(Member {
                    key: (*key).to_owned(),
                    key_span: member.key_span,
                    value,
                });
            }
            Mapping::List(key, _) | Mapping::Named(key, _) | Mapping::Pairs(key) => {
                if !gathered.contains(key) {
                    gathered.push(key);
                    out.push(collect_repeated(
                        members,
                        &member.key,
                        key,
                        mapping,
                        member.key_span,
                    ));
                }
            }
        }
    }
    // One unknown per generated property, however many `dynamic` blocks generate it.
    let mut generated_keys: Vec<&str> = Vec::new();
    for (generated, key_span, span) in dynamic {
        let Some((_, mapping)) = table.iter().find(|(name, _)| *name == generated) else {
            continue;
        };
        let key = match mapping {
            Mapping::Same(key)
            | Mapping::Object(key, _)
            | Mapping::List(key, _)
            | Mapping::Named(key, _)
            | Mapping::Pairs(key) => *key,
            Mapping::Dropped => continue,
        };
        if generated_keys.contains(&key) {
            continue;
        }
        generated_keys.push(key);
        let unknown = Node::new(span, Value::Expression(format!("dynamic \"{generated}\"")));
        match out.iter_mut().find(|m| m.key == key) {
            Some(existing) => existing.value = unknown,
            None => out.push(Member {
                key: key.to_owned(),
                key_span,
                value: unknown,
            }),
        }
    }
    Node::new(body.span, Value::Object(out))
}

/// Every block of one type in a body, as the one list or map the API has in its place.
fn collect_repeated(
    members: &[Member],
    block: &str,
    key: &str,
    mapping: &Mapping,
    key_span: Span,
) -> Member {
    let bodies: Vec<&Node> = members
        .iter()
        .filter(|m| m.key == block)
        .flat_map(|m| match &m.value.value {
            Value::Object(_) | Value::Array(_) => objects(&m.value),
            _ => vec![&m.value],
        })
        .collect();
    let span = bodies
        .iter()
        .map(|b| b.span)
        .reduce(|a, b| Span::new(a.start().min(b.start()), a.end().max(b.end())))
        .unwrap_or(key_span);
    let value = if let Some(unknown) = bodies.iter().find(|b| b.as_object().is_none()) {
        // A whole block given by an expression (`.tf.json`): the collection is unknown.
        Node::new(unknown.span, unknown.value.clone())
    } else {
        match mapping {
            Mapping::List(_, table) => Node::new(
                span,
                Value::Array(bodies.iter().map(|b| read_object(b, table)).collect()),
            ),
            Mapping::Named(_, table) => keyed(&bodies, span, "name", |b| read_object(b, table)),
            Mapping::Pairs(_) => keyed(&bodies, span, "key", |b| {
                b.get("value")
                    .cloned()
                    .unwrap_or_else(|| Node::new(b.span, Value::Null))
            }),
            Mapping::Same(_) | Mapping::Object(..) | Mapping::Dropped => {
                Node::new(span, Value::Null)
            }
        }
    };
    Member {
        key: key.to_owned(),
        key_span,
        value,
    }
}

/// A map from each block's `name_attribute` to what `value` makes of the block; unknown as a
/// whole when some block's name is not a literal (or missing), since its key cannot be known.
fn keyed(
    bodies: &[&Node],
    span: Span,
    name_attribute: &str,
    value: impl Fn(&Node) -> Node,
) -> Node {
    let mut members = Vec::with_capacity(bodies.len());
    for body in bodies {
        let name = body.get(name_attribute);
        let Some((text, name_span)) = name.and_then(|n| Some((n.scalar_text()?, n.span))) else {
            let written = name.map_or_else(
                || format!("a block without `{name_attribute}`"),
                |n| n.intrinsic().unwrap_or("a value").to_owned(),
            );
            return Node::new(span, Value::Expression(written));
        };
        let mut entry = value(body);
        if let Value::Object(fields) = &mut entry.value {
            fields.retain(|f| f.key != name_attribute);
        }
        members.push(Member {
            key: text.to_owned(),
            key_span: name_span,
            value: entry,
        });
    }
    Node::new(span, Value::Object(members))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};

    fn normalized(text: &str) -> Node {
        normalize(&parse(text, Syntax::Hcl).unwrap()).unwrap()
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.start()..span.end()]
    }

    const TEMPLATE_TF: &str = r#"
resource "aws_fis_experiment_template" "chaos" {
  description = "stop one instance"
  role_arn    = aws_iam_role.fis.arn

  stop_condition {
    source = "none"
  }

  action {
    name      = "stop"
    action_id = "aws:ec2:stop-instances"
    parameter {
      key   = "startInstancesAfterDuration"
      value = "PT5M"
    }
    target {
      key   = "Instances"
      value = "web"
    }
  }

  target {
    name           = "web"
    resource_type  = "aws:ec2:instance"
    selection_mode = "COUNT(1)"
    resource_tag {
      key   = "env"
      value = "test"
    }
  }
}
"#;

    #[test]
    fn blocks_become_the_api_shape_with_their_spans() {
        let root = normalized(TEMPLATE_TF);
        let body = root.get("aws_fis_experiment_template.chaos").unwrap();
        let actions = body.member("actions").unwrap();
        assert_eq!(at(TEMPLATE_TF, actions.key_span), "action");
        let stop = actions.value.member("stop").unwrap();
        assert_eq!(at(TEMPLATE_TF, stop.key_span), "\"stop\"");
        assert!(stop.value.get("name").is_none());
        let id = stop.value.member("actionId").unwrap();
        assert_eq!(at(TEMPLATE_TF, id.key_span), "action_id");
        assert_eq!(at(TEMPLATE_TF, id.value.span), "\"aws:ec2:stop-instances\"");
        let duration = stop
            .value
            .get("parameters")
            .unwrap()
            .member("startInstancesAfterDuration")
            .unwrap();
        assert_eq!(
            at(TEMPLATE_TF, duration.key_span),
            "\"startInstancesAfterDuration\""
        );
        assert_eq!(duration.value.as_str(), Some("PT5M"));
        assert_eq!(
            stop.value
                .get("targets")
                .unwrap()
                .get("Instances")
                .unwrap()
                .as_str(),
            Some("web")
        );
        let web = body.get("targets").unwrap().get("web").unwrap();
        assert_eq!(
            web.get("resourceTags")
                .unwrap()
                .get("env")
                .unwrap()
                .as_str(),
            Some("test")
        );
        let conditions = body.get("stopConditions").unwrap().as_array().unwrap();
        assert_eq!(conditions[0].get("source").unwrap().as_str(), Some("none"));
        assert_eq!(
            body.get("roleArn").unwrap().intrinsic(),
            Some("aws_iam_role.fis.arn")
        );
    }

    #[test]
    fn experiments_are_keyed_by_resource_address() {
        let root = normalized(TEMPLATE_TF);
        let found = experiments(&root);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].form, Form::Terraform);
        assert_eq!(
            found[0].body.pointer.as_str(),
            "/aws_fis_experiment_template.chaos"
        );
        assert_eq!(at(TEMPLATE_TF, found[0].anchor), "\"chaos\"");
    }

    #[test]
    fn dynamic_blocks_and_computed_names_make_their_collection_unknown() {
        let text = r#"
resource "aws_fis_experiment_template" "x" {
  action {
    name      = "static"
    action_id = "aws:fis:wait"
  }
  dynamic "action" {
    for_each = var.actions
    content {
      name      = action.key
      action_id = action.value
    }
  }
  target {
    name          = var.target_name
    resource_type = "aws:ec2:instance"
  }
}
"#;
        let root = normalized(text);
        let body = root.get("aws_fis_experiment_template.x").unwrap();
        assert_eq!(
            body.get("actions").unwrap().intrinsic(),
            Some("dynamic \"action\"")
        );
        assert_eq!(
            body.get("targets").unwrap().intrinsic(),
            Some("var.target_name")
        );
    }

    #[test]
    fn a_report_dashboard_is_named_by_its_arn_as_the_provider_spells_it() {
        let text = r#"
resource "aws_fis_experiment_template" "r" {
  experiment_report_configuration {
    data_sources {
      cloudwatch_dashboard {
        dashboard_arn = "arn:aws:cloudwatch::123456789012:dashboard/web"
      }
    }
  }
}
"#;
        let root = normalized(text);
        let dashboards = root
            .get("aws_fis_experiment_template.r")
            .and_then(|body| body.get("experimentReportConfiguration"))
            .and_then(|report| report.get("dataSources"))
            .and_then(|sources| sources.get("cloudWatchDashboards"))
            .and_then(Node::as_array)
            .unwrap();
        let identifier = dashboards[0].member("dashboardIdentifier").unwrap();
        assert_eq!(at(text, identifier.key_span), "dashboard_arn");
        assert_eq!(written_key("dashboardIdentifier"), Some("dashboard_arn"));
    }

    #[test]
    fn terraform_json_reads_like_hcl() {
        let text = r#"{"resource": {"aws_fis_experiment_template": {"j": {
            "description": "d",
            "action": [{"name": "a", "action_id": "aws:fis:wait",
                        "parameter": [{"key": "duration", "value": "PT1M"}]}],
            "stop_condition": {"source": "none"}
        }}}}"#;
        let root = normalize(&parse(text, Syntax::Json).unwrap()).unwrap();
        let body = root.get("aws_fis_experiment_template.j").unwrap();
        let action = body.get("actions").unwrap().get("a").unwrap();
        assert_eq!(
            action.get("actionId").unwrap().as_str(),
            Some("aws:fis:wait")
        );
        assert_eq!(
            action
                .get("parameters")
                .unwrap()
                .get("duration")
                .unwrap()
                .as_str(),
            Some("PT1M")
        );
        assert_eq!(
            body.get("stopConditions")
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn null_arguments_are_unset() {
        let text = "resource \"aws_fis_experiment_template\" \"n\" {\n  description = null\n  stop_condition {\n    source = \"none\"\n    value  = null\n  }\n}\n";
        let root = normalized(text);
        let body = root.get("aws_fis_experiment_template.n").unwrap();
        assert!(body.get("description").is_none());
        let condition = &body.get("stopConditions").unwrap().as_array().unwrap()[0];
        assert!(condition.get("value").is_none());
    }

    #[test]
    fn meta_arguments_are_not_template_fields() {
        let text = "resource \"aws_fis_experiment_template\" \"c\" {\n  count = 2\n  provider = aws.west\n  lifecycle {\n    create_before_destroy = true\n  }\n  description = \"d\"\n}\n";
        let root = normalized(text);
        let body = root.get("aws_fis_experiment_template.c").unwrap();
        let keys: Vec<_> = body
            .as_object()
            .unwrap()
            .iter()
            .map(|m| m.key.as_str())
            .collect();
        assert_eq!(keys, ["description"]);
    }

    #[test]
    fn documents_without_the_resource_are_left_alone() {
        let other = parse(
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
            Syntax::Hcl,
        )
        .unwrap();
        assert!(normalize(&other).is_none());
        assert!(normalize(&parse("{\"actions\": {}}", Syntax::Json).unwrap()).is_none());
    }
}
