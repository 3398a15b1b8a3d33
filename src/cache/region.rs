//! Region names as the cache accepts them: one safe file-name component, never a path.

use std::fmt;

/// The region every tool falls back to when none is given, as the original server did.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A region name matching `^[a-z0-9][a-z0-9-]{0,31}$`: AWS names (`eu-west-1`) and test names
/// (`test-region`) pass; anything that could leave the cache directory (`../x`, `a/b`) does not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(String);

impl Region {
    pub fn parse(name: &str) -> Result<Region, InvalidRegion> {
        let bytes = name.as_bytes();
        let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
        let valid = matches!(bytes.first(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes.len() <= 32
            && bytes.iter().all(allowed);
        if valid {
            Ok(Region(name.to_owned()))
        } else {
            Err(InvalidRegion(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
            assert_eq!(Region::parse(name).unwrap().as_str(), name);
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
            assert!(Region::parse(name).is_err(), "{name:?} was accepted");
        }
        assert!(Region::parse(&"a".repeat(32)).is_ok());
    }
}
