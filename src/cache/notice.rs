//! What every caller says about the catalog in use: one wording per situation.

use super::file::CacheFile;
use super::region::RegionName;
use crate::catalog::Catalog;

/// A named region has no cache directory to look in.
pub fn no_cache_dir(region: &RegionName) -> String {
    instead(
        format!("No cached FIS capabilities for {region} (no cache directory)"),
        region.as_str(),
    )
}

/// A named region has no usable cache file (`problem` says why a file there was not usable).
pub fn no_cache(region: &RegionName, problem: Option<&str>) -> String {
    let why = match problem {
        Some(problem) => format!("No cached FIS capabilities for {region} ({problem})"),
        None => format!("No cached FIS capabilities for {region}"),
    };
    instead(why, region.as_str())
}

/// A named region's cache is older than the time to live.
pub fn stale(region: &RegionName, last_updated: Option<&str>) -> String {
    instead(
        format!(
            "The cached FIS capabilities for {region} are stale (last updated {})",
            last_updated.unwrap_or("at an unknown time")
        ),
        region.as_str(),
    )
}

/// No region named, and none of the regions `tried` then has a fresh cache.
pub fn no_fresh_fallback(tried: &[&str]) -> String {
    instead(
        format!(
            "No cached FIS capabilities available (no region was named, and no fresh cache for \
             {})",
            tried.join(", ")
        ),
        "<region>",
    )
}

/// No region named: the cache of `region`, the first fresh one of those `tried`, was used, with
/// the built-in catalog's actions and resource types it lacks kept known rather than reported
/// unknown.
pub fn widened(
    region: &RegionName,
    tried: &[&str],
    actions: &[String],
    resource_types: &[String],
) -> String {
    let builtin = Catalog::builtin();
    let mut parts = Vec::new();
    for (missing, total, what) in [
        (actions, builtin.actions().len(), "actions"),
        (
            resource_types,
            builtin.resource_types().len(),
            "resource types",
        ),
    ] {
        if missing.is_empty() {
            continue;
        }
        let examples: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
        parts.push(format!(
            "{} of the {total} {what} (such as {})",
            missing.len(),
            examples.join(", ")
        ));
    }
    format!(
        "No region was named, so the fresh cache for {region} was used (the first of {}); it \
         lacks {} that fislint's built-in catalog knows. Those were validated against the \
         built-in catalog rather than reported unknown; pass region to validate against that \
         region's cache alone",
        tried.join(", "),
        parts.join(" and ")
    )
}

/// A cache in use that leaves a half (actions, resource types) to the built-in catalog.
pub fn gaps(file: &CacheFile, region: &RegionName) -> Option<String> {
    let mut notes = Vec::new();
    let gaps = file.gaps();
    if !gaps.is_empty() {
        notes.push(format!(
            "The cache for {region} holds no {}; fislint's built-in catalog answered for those",
            gaps.join(" and no ")
        ));
    }
    let supplements = file.supplements();
    if !supplements.is_empty() {
        notes.push(format!(
            "The cache for {region} holds details of some {} but not the region's list; \
             fislint's built-in catalog answered for the others",
            supplements.join(" and some ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join(". "))
}

/// Why the built-in catalog stands in, what it is, and how to get the region's own.
fn instead(why: String, region: &str) -> String {
    format!(
        "{why}; fislint's built-in catalog (as of {}) is used instead. Refresh the cache with \
         the CLI command `fislint catalog refresh --region {region}` or the MCP tool \
         refresh_valid_fis_actions_cache",
        Catalog::builtin().as_of()
    )
}
