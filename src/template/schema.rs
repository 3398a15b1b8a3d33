//! The structure FIS and CloudFormation define for a template, checked with JSON Schema: the
//! CloudFormation resource schema for `AWS::FIS::ExperimentTemplate` properties, and a schema
//! derived from the FIS API model for raw templates (both in `schemas/`).

use std::collections::HashSet;
use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::{Experiment, Form};
use crate::source::{Lookup, Node, Pointer};

const CFN_SCHEMA: &str = include_str!("../../schemas/aws-fis-experimenttemplate.cfn-schema.json");
const API_SCHEMA: &str = include_str!("../../schemas/fis-api-experiment-template.schema.json");

/// One way the template departs from its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The offending value, or where a missing property belongs.
    pub pointer: Pointer,
    pub kind: ViolationKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ViolationKind {
    /// A property the schema does not define; `allowed` lists those it does.
    UnknownProperty {
        name: String,
        allowed: Vec<String>,
    },
    MissingProperty {
        name: String,
    },
    WrongType {
        expected: String,
        found: &'static str,
    },
    TooLong {
        limit: u64,
        length: usize,
    },
    TooShort {
        limit: u64,
        length: usize,
    },
    Pattern {
        pattern: String,
    },
    NotOneOf {
        options: Vec<String>,
    },
    TooManyItems {
        limit: u64,
        count: usize,
    },
    TooFewItems {
        limit: u64,
        count: usize,
    },
    TooManyEntries {
        limit: u64,
        count: usize,
    },
    BelowMinimum {
        limit: String,
    },
    AboveMaximum {
        limit: String,
    },
    Other {
        message: String,
    },
}

struct Schema {
    validator: Validator,
    document: Json,
}

fn compile(text: &str) -> Option<Schema> {
    let document: Json = serde_json::from_str(text).ok()?;
    let validator = jsonschema::draft7::new(&document).ok()?;
    Some(Schema {
        validator,
        document,
    })
}

fn schema_for(form: Form) -> Option<&'static Schema> {
    static CFN: OnceLock<Option<Schema>> = OnceLock::new();
    static API: OnceLock<Option<Schema>> = OnceLock::new();
    match form {
        Form::CloudFormation => CFN.get_or_init(|| compile(CFN_SCHEMA)).as_ref(),
        // The provider sends the API's request, which a normalized tree already has the shape of.
        Form::Api | Form::Terraform => API.get_or_init(|| compile(API_SCHEMA)).as_ref(),
    }
}

/// Every schema violation in one experiment, except those inside values only known at deploy
/// time, in placeholders, and (in CloudFormation) scalars of another scalar type, which
/// CloudFormation converts.
pub fn violations(experiment: &Experiment<'_>) -> Vec<Violation> {
    let Some(schema) = schema_for(experiment.form) else {
        return Vec::new();
    };
    let body = experiment.body.node;
    let instance = body.to_json();
    // The resource schema describes `Properties` without saying it is an object.
    if experiment.form == Form::CloudFormation && body.as_object().is_none() {
        return vec![Violation {
            pointer: experiment.body.pointer.clone(),
            kind: ViolationKind::WrongType {
                expected: "an object".to_owned(),
                found: json_type(&instance),
            },
        }];
    }
    let lookup = Lookup::new(body);
    let mut out = Vec::new();
    for error in schema.validator.iter_errors(&instance) {
        let path = error.instance_path().as_str();
        if crosses_intrinsic(&lookup, body, path) {
            continue;
        }
        let at = pointer_under(&experiment.body.pointer, path);
        let value = error.instance();
        let kind = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_properties(&schema.document, error.schema_path().as_str());
                for name in unexpected {
                    // Terraform's JSON syntax reserves `//` for comments (suppressions among them).
                    if experiment.form == Form::Terraform && name == crate::source::COMMENT_KEY {
                        continue;
                    }
                    out.push(Violation {
                        pointer: at.child(name),
                        kind: ViolationKind::UnknownProperty {
                            name: name.clone(),
                            allowed: allowed.clone(),
                        },
                    });
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default().to_owned();
                ViolationKind::MissingProperty { name }
            }
            ValidationErrorKind::Type { kind } => {
                if experiment.form.converts_scalars() && is_scalar(value) && expects_scalar(kind) {
                    continue;
                }
                ViolationKind::WrongType {
                    expected: describe_type(kind),
                    found: json_type(value),
                }
            }
            _ if is_placeholder(value) => continue,
            ValidationErrorKind::MaxLength { limit } => ViolationKind::TooLong {
                limit: *limit,
                length: char_len(value),
            },
            ValidationErrorKind::MinLength { limit } => ViolationKind::TooShort {
                limit: *limit,
                length: char_len(value),
            },
            ValidationErrorKind::Pattern { pattern } => ViolationKind::Pattern {
                pattern: pattern.clone(),
            },
            ValidationErrorKind::Enum { options } => ViolationKind::NotOneOf {
                options: options
                    .as_array()
                    .map(|o| {
                        o.iter()
                            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            ValidationErrorKind::MaxItems { limit } => ViolationKind::TooManyItems {
                limit: *limit,
                count: value.as_array().map_or(0, Vec::len),
            },
            ValidationErrorKind::MinItems { limit } => ViolationKind::TooFewItems {
                limit: *limit,
                count: value.as_array().map_or(0, Vec::len),
            },
            ValidationErrorKind::MaxProperties { limit } => ViolationKind::TooManyEntries {
                limit: *limit,
                count: value.as_object().map_or(0, serde_json::Map::len),
            },
            ValidationErrorKind::Minimum { limit } => ViolationKind::BelowMinimum {
                limit: limit.to_string(),
            },
            ValidationErrorKind::Maximum { limit } => ViolationKind::AboveMaximum {
                limit: limit.to_string(),
            },
            _ => ViolationKind::Other {
                message: error.to_string(),
            },
        };
        let pointer = match &kind {
            ViolationKind::MissingProperty { name } => at.child(name),
            _ => at,
        };
        out.push(Violation { pointer, kind });
    }
    drop_missing_explained_by_unknown(&mut out);
    // One finding per value: an empty string both breaks `minLength` and the pattern.
    let mut seen = HashSet::new();
    out.retain(|v| seen.insert(v.pointer.clone()));
    out
}

/// A required `RoleArn` written as `roleArn` is one mistake, not two: keep the unknown property,
/// whose help names the right spelling.
fn drop_missing_explained_by_unknown(violations: &mut Vec<Violation>) {
    let misspelled: HashSet<(Pointer, String)> = violations
        .iter()
        .filter_map(|v| match &v.kind {
            ViolationKind::UnknownProperty { name, .. } => {
                Some((parent(&v.pointer), name.to_lowercase()))
            }
            _ => None,
        })
        .collect();
    violations.retain(|v| match &v.kind {
        ViolationKind::MissingProperty { name } => {
            let key = (parent(&v.pointer), name.to_lowercase());
            !misspelled.contains(&key)
        }
        _ => true,
    });
}

fn parent(pointer: &Pointer) -> Pointer {
    let text = pointer.as_str();
    let mut out = Pointer::root();
    if let Some((head, _)) = text.rsplit_once('/')
        && let Some(segments) = Pointer::segments(head)
    {
        for segment in segments {
            out = out.child(segment);
        }
    }
    out
}

/// Whether the instance path runs into or through an intrinsic function.
fn crosses_intrinsic<'a>(lookup: &Lookup<'a>, body: &'a Node, path: &str) -> bool {
    let mut node = body;
    if node.intrinsic().is_some() {
        return true;
    }
    let Some(segments) = Pointer::segments(path) else {
        return false;
    };
    for segment in segments {
        let Some(next) = lookup.step(node, &segment) else {
            return false;
        };
        if next.intrinsic().is_some() {
            return true;
        }
        node = next;
    }
    false
}

fn pointer_under(base: &Pointer, path: &str) -> Pointer {
    let mut out = base.clone();
    if let Some(segments) = Pointer::segments(path) {
        for segment in segments {
            out = out.child(segment);
        }
    }
    out
}

/// The property names the schema object holding `…/additionalProperties` defines.
fn allowed_properties(document: &Json, schema_path: &str) -> Vec<String> {
    let object_path = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    let mut node = document;
    if let Some(segments) = Pointer::segments(object_path) {
        for segment in segments {
            let next = match node {
                Json::Object(map) => map.get(&segment),
                Json::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else { return Vec::new() };
            node = resolve(document, next);
        }
    }
    node.get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Follows a local `$ref`, once.
fn resolve<'a>(document: &'a Json, node: &'a Json) -> &'a Json {
    node.get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| document.pointer(p))
        .unwrap_or(node)
}

fn is_scalar(value: &Json) -> bool {
    matches!(value, Json::String(_) | Json::Number(_) | Json::Bool(_))
}

fn expects_scalar(kind: &TypeKind) -> bool {
    let scalar = |t: &jsonschema::JsonType| {
        !matches!(
            t,
            jsonschema::JsonType::Object | jsonschema::JsonType::Array | jsonschema::JsonType::Null
        )
    };
    match kind {
        TypeKind::Single(t) => scalar(t),
        TypeKind::Multiple(types) => types.iter().any(|t| scalar(&t)),
    }
}

fn describe_type(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => article(&t.to_string()),
        TypeKind::Multiple(types) => types
            .iter()
            .map(|t| article(&t.to_string()))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn article(name: &str) -> String {
    if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

fn json_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn char_len(value: &Json) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

fn is_placeholder(value: &Json) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.contains("${") || super::placeholder(s).is_some())
}
