//! The shape of `fislint.toml`, read with spans (for errors that name the line) and described as
//! a JSON Schema (`schemas/fislint.schema.json`).

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use toml::Spanned;

use crate::cache::RegionName;

/// Configuration for fislint, found by walking up from the checked path.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "fislint.toml",
    extend("$comment" = "Generated from src/config/file.rs by `FISLINT_BLESS=1 cargo test --test integration schema::`; do not edit.")
)]
pub struct ConfigFile {
    /// Rule codes to enable; every rule when absent. `--select` replaces it. FIS000
    /// (`invalid-syntax`) is always enabled unless ignored: a file that does not parse is reported.
    #[serde(default)]
    #[schemars(with = "Vec<RuleCode>", length(min = 1))]
    pub select: Option<Spanned<Vec<RuleCode>>>,
    /// Rule codes to disable. `--ignore` replaces it.
    #[serde(default)]
    pub ignore: Vec<RuleCode>,
    /// The severity to report a rule's findings with, by code.
    #[serde(default)]
    pub severity: BTreeMap<RuleCode, Level>,
    /// Rule codes to disable in the files a glob matches. Globs are relative to this file's
    /// directory; a glob without `/` matches a file name at any depth.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Glob, Vec<RuleCode>>,
    /// The AWS region whose FIS catalog to check against (such as `us-east-1`). `--region`
    /// replaces it.
    #[serde(default)]
    #[schemars(with = "RegionName")]
    pub region: Option<Spanned<RegionName>>,
    /// Paths to leave out, as `.gitignore` lines relative to this file's directory.
    #[serde(default)]
    pub exclude: Vec<Glob>,
}

/// A finding's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// A rule code such as `FIS003`, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub struct RuleCode(pub Spanned<String>);

impl JsonSchema for RuleCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rule code, as `fislint rules` lists them.",
            "type": "string",
            "pattern": "^FIS[0-9]{3}$"
        })
    }
}

/// A glob pattern, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub struct Glob(pub Spanned<String>);

impl JsonSchema for Glob {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Glob".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A glob pattern (`*`, `**`, `?`, `[…]`, `{a,b}`).",
            "type": "string"
        })
    }
}

/// The JSON Schema of `fislint.toml`, as committed in `schemas/`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
