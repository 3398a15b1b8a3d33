//! Which catalog a tool call uses: the named region's fresh cache, else (no region named) the
//! first fresh cache of the regions the original server tried, widened by the built-in
//! catalog's entries it lacks (a region nobody named cannot make a real action unknown), else
//! the built-in catalog.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cache::{self, CatalogRef, FALLBACK_REGIONS, Region, Status, Store};
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

pub struct Chosen {
    pub catalog: CatalogRef,
    /// Why the built-in catalog stands in, or which parts of a cache it fills.
    pub warnings: Vec<String>,
}

/// Resolves `region` ("" = not given). A malformed region is an argument error.
pub fn choose(store: Option<&Store>, region: &str) -> Result<Chosen, String> {
    if !region.is_empty() {
        let region = Region::parse(region).map_err(|e| e.to_string())?;
        let choice = cache::catalog_for_region(store, &region);
        let mut warnings: Vec<String> = choice.note.into_iter().collect();
        warnings.extend(gap_warning(&choice.catalog, &region));
        return Ok(Chosen {
            catalog: choice.catalog,
            warnings,
        });
    }
    // Problems met on the way (a corrupt file removed) are reported whichever catalog wins.
    let mut problems = Vec::new();
    if let Some(store) = store {
        for name in FALLBACK_REGIONS {
            let Ok(region) = Region::parse(name) else {
                continue;
            };
            let found = cache::lookup(store, &region);
            problems.extend(found.problem);
            if let (Status::Fresh, Some(loaded)) = (found.status, found.loaded) {
                let lacking = cache::shortfall(&loaded);
                let catalog = if lacking.actions.is_empty() && lacking.resource_types.is_empty() {
                    CatalogRef::Cached(loaded)
                } else {
                    problems.push(shortfall_warning(&region, &lacking));
                    cache::widened(loaded, &lacking)
                };
                problems.extend(gap_warning(&catalog, &region));
                return Ok(Chosen {
                    catalog,
                    warnings: problems,
                });
            }
        }
    }
    let mut warnings = problems;
    warnings.insert(
        0,
        format!(
            "No cached FIS capabilities available for validation (no fresh cache for {}); \
             validated against fislint's built-in catalog (as of {}). Pass a region, or refresh \
             the cache with refresh_valid_fis_actions_cache to match what your region offers",
            FALLBACK_REGIONS.join(", "),
            Catalog::builtin().as_of()
        ),
    );
    Ok(Chosen {
        catalog: CatalogRef::Builtin,
        warnings,
    })
}

/// Says that a cache chosen without a region lacks some of the built-in catalog, and that
/// those entries were kept rather than reported unknown.
fn shortfall_warning(region: &Region, lacking: &cache::Shortfall) -> String {
    let builtin = Catalog::builtin();
    let mut parts = Vec::new();
    for (missing, total, what) in [
        (&lacking.actions, builtin.actions().len(), "actions"),
        (
            &lacking.resource_types,
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
        FALLBACK_REGIONS.join(", "),
        parts.join(" and ")
    )
}

fn gap_warning(catalog: &CatalogRef, region: &Region) -> Option<String> {
    let file = &catalog.loaded()?.file;
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
