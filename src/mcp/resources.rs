//! MCP resources: `fis://catalog/{region}` (the catalog a region's validation uses, as JSON)
//! and `fis://rules` (every rule).

use rmcp::model::{Resource, ResourceTemplate};
use serde::Serialize;

use crate::cache::{self, ChosenCatalog, RegionName, Store};
use crate::catalog::{ActionSpec, Catalog, ResourceTypeSpec};
use crate::diagnostic::Severity;
use crate::rules::ALL;

const RULES_URI: &str = "fis://rules";
const CATALOG_PREFIX: &str = "fis://catalog/";
/// The built-in catalog, whatever any cache holds.
const BUILTIN: &str = "builtin";

pub fn list() -> Vec<Resource> {
    vec![
        Resource::new(RULES_URI, "rules")
            .with_description("Every fislint rule: code, name, default severity, summary")
            .with_mime_type("application/json"),
        Resource::new(format!("{CATALOG_PREFIX}{BUILTIN}"), "catalog-builtin")
            .with_description("fislint's built-in FIS catalog: actions and resource types")
            .with_mime_type("application/json"),
    ]
}

pub fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{CATALOG_PREFIX}{{region}}"), "catalog")
            .with_description(
                "The FIS catalog validation uses for a region: its cache when fresh, else the \
                 built-in catalog",
            )
            .with_mime_type("application/json"),
    ]
}

#[derive(Serialize)]
struct CatalogDocument<'a> {
    source: &'static str,
    region: &'a str,
    as_of: &'a str,
    note: Option<String>,
    actions: Vec<&'a ActionSpec>,
    resource_types: Vec<&'a ResourceTypeSpec>,
}

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: String,
}

/// The resource's JSON text, or why there is no such resource.
pub fn read(store: Option<&Store>, uri: &str) -> Result<String, String> {
    if uri == RULES_URI {
        let rules: Vec<RuleEntry> = ALL
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                RuleEntry {
                    code: meta.code,
                    name: meta.name,
                    severity: meta.severity,
                    summary: meta.summary(),
                }
            })
            .collect();
        return to_json(&rules);
    }
    let Some(name) = uri.strip_prefix(CATALOG_PREFIX) else {
        return Err(format!("no resource {uri}"));
    };
    if name == BUILTIN {
        return to_json(&document(Catalog::builtin(), BUILTIN, None));
    }
    let region = RegionName::parse(name).map_err(|e| e.to_string())?;
    // A name that is no AWS region gets the built-in catalog only by mistake; a test region
    // with a cache of its own is still served.
    let has_cache = store.is_some_and(|store| cache::lookup(store, &region).loaded.is_some());
    if !region.is_aws_shaped() && !has_cache {
        return Err(format!(
            "{region} is not an AWS region name (such as us-east-1) and has no cache; \
             {CATALOG_PREFIX}{BUILTIN} is fislint's built-in catalog"
        ));
    }
    let chosen = ChosenCatalog::for_region(store, &region);
    let note = (!chosen.notices.is_empty()).then(|| chosen.notices.join(". "));
    to_json(&document(&chosen.catalog, region.as_str(), note))
}

fn document<'a>(
    catalog: &'a Catalog,
    region: &'a str,
    note: Option<String>,
) -> CatalogDocument<'a> {
    CatalogDocument {
        source: match catalog.origin() {
            crate::catalog::Origin::Builtin => "builtin",
            crate::catalog::Origin::Cache { .. } => "cache",
        },
        region,
        as_of: catalog.as_of(),
        note,
        actions: catalog.actions().collect(),
        resource_types: catalog.resource_types().collect(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}
