//! A tool call's catalog: its `region` argument read once into `cache::ChosenCatalog`, and the
//! `catalog` field results report it with.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cache::{ChosenCatalog, RegionName, Store};
use crate::catalog::{Catalog, Origin};

/// The catalog a result was computed with (additive to the original's fields).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CatalogUsed {
    /// `cache` or `builtin`.
    pub source: String,
    /// The region whose cache was used, or the region asked for ("" when none was).
    pub region: String,
    /// When the data was fetched (a cache) or collected (the built-in snapshot).
    pub as_of: String,
}

impl CatalogUsed {
    pub fn of(catalog: &Catalog, asked: &str) -> CatalogUsed {
        let (source, region) = match catalog.origin() {
            Origin::Builtin => ("builtin", asked.to_owned()),
            Origin::Cache { region } => ("cache", region.clone()),
        };
        CatalogUsed {
            source: source.into(),
            region,
            as_of: catalog.as_of().to_owned(),
        }
    }

    /// How messages name this catalog.
    pub fn describe(&self) -> String {
        if self.source == "cache" {
            format!("the FIS capabilities cached for {}", self.region)
        } else {
            "fislint's built-in FIS catalog".to_owned()
        }
    }
}

/// The catalog for a tool's `region` argument ("" = not given), parsed here, where it enters:
/// a malformed region is an argument error.
pub fn choose(store: Option<&Store>, region: &str) -> Result<ChosenCatalog, String> {
    if region.is_empty() {
        return Ok(ChosenCatalog::first_fresh(store));
    }
    let region = RegionName::parse(region).map_err(|e| e.to_string())?;
    Ok(ChosenCatalog::for_region(store, &region))
}
