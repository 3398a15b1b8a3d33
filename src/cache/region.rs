//! Region names as every input gives them (`fislint.toml`, `--region`, MCP arguments), checked
//! once where they enter: one safe file-name component, never a path.

use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// The region every tool falls back to when none is given, as the original server did.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A checked region name: what [`RegionName::PATTERN`] matches. AWS names (`eu-west-1`,
/// `us-gov-west-1`) and test names (`test-region`) pass; anything that could leave the cache
/// directory (`../x`, `a/b`) does not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct RegionName(String);

impl RegionName {
    /// The one definition of a valid name, published in `schemas/fislint.schema.json`. A region
    /// names a cache file, so the name only has to be a safe file name: an AWS-shaped pattern
    /// would refuse the test regions tools use and the next partition's naming alike.
    pub const PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,31}$";

    pub fn parse(name: &str) -> Result<RegionName, InvalidRegion> {
        let bytes = name.as_bytes();
        let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
        let valid = matches!(bytes.first(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes.len() <= 32
            && bytes.iter().all(allowed);
        if valid {
            Ok(RegionName(name.to_owned()))
        } else {
            Err(InvalidRegion(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name has the shape of an AWS region: a two-letter area, one or two words,
    /// and a number (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`). Test names such as
    /// `test-region` are valid cache names but not AWS regions.
    pub fn is_aws_shaped(&self) -> bool {
        let parts: Vec<&str> = self.0.split('-').collect();
        let word = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
        match parts.as_slice() {
            [area, middle @ .., number] => {
                area.len() == 2
                    && word(area)
                    && (1..=2).contains(&middle.len())
                    && middle.iter().all(word)
                    && (1..=2).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        }
    }
}

impl fmt::Display for RegionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RegionName {
    type Err = InvalidRegion;
    fn from_str(name: &str) -> Result<RegionName, InvalidRegion> {
        RegionName::parse(name)
    }
}

impl TryFrom<String> for RegionName {
    type Error = InvalidRegion;
    fn try_from(name: String) -> Result<RegionName, InvalidRegion> {
        RegionName::parse(&name)
    }
}

impl JsonSchema for RegionName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Region".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An AWS region name such as `us-east-1` (any name of 1 to 32 lowercase letters, digits and hyphens, such as a test region, names a cache).",
            "type": "string",
            "pattern": RegionName::PATTERN
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid region {0:?}: a region is 1 to 32 lowercase letters, digits and hyphens, starting \
     with a letter or digit (for example us-east-1)"
)]
pub struct InvalidRegion(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_and_test_names_pass() {
        for name in [
            "us-east-1",
            "ap-southeast-1",
            "test-region",
            "x",
            "0",
            "us-gov-west-1",
        ] {
            assert_eq!(RegionName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn aws_region_shapes_are_told_from_test_names() {
        for name in [
            "us-east-1",
            "ap-southeast-2",
            "us-gov-west-1",
            "eu-isoe-west-1",
            "il-central-1",
        ] {
            assert!(RegionName::parse(name).unwrap().is_aws_shaped(), "{name}");
        }
        for name in [
            "test-region",
            "x",
            "0",
            "us-east",
            "usa-east-1",
            "us-east-100",
            "us--1",
        ] {
            assert!(!RegionName::parse(name).unwrap().is_aws_shaped(), "{name}");
        }
    }

    #[test]
    fn paths_and_odd_names_are_refused() {
        let long = "a".repeat(33);
        for name in [
            "",
            "../../x",
            "x/../../escaped",
            "a/b",
            "-east",
            "US-EAST-1",
            "us east",
            "a.b",
            "us-east-1\n",
            "é",
            "a\\b",
            long.as_str(),
        ] {
            assert!(RegionName::parse(name).is_err(), "{name:?} was accepted");
        }
        assert!(RegionName::parse(&"a".repeat(32)).is_ok());
    }
}
