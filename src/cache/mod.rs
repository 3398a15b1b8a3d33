//! The per-region catalog cache shared by the MCP server and the CLI: where it lives, what a
//! file holds, how fresh it is, and which catalog a region's lint should use.

mod file;
mod ingest;
pub mod provenance;
mod region;
mod store;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use file::{
    ACTIONS_HALF, CacheFile, CachedAction, CachedResourceType, RESOURCE_TYPES_HALF, TTL_HOURS,
};
pub use ingest::{DATA_KEYS, IngestError, Ingested};
pub use region::{DEFAULT_REGION, InvalidRegion, Region};
pub use store::{DIR_NAME, Loaded, Read, Store, StoreError};

use crate::catalog::Catalog;

/// The regions the original server tried, in order, when validation named none.
pub const FALLBACK_REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fresh,
    Stale,
    Empty,
    Error,
}

/// A region's cache as a reader sees it now.
#[derive(Debug)]
pub struct Lookup {
    pub status: Status,
    pub loaded: Option<Arc<Loaded>>,
    /// What went wrong (a corrupt file that was removed, an unreadable directory).
    pub problem: Option<String>,
}

impl Lookup {
    /// The region's catalog, when the cache is fresh.
    pub fn fresh_catalog(&self) -> Option<&Catalog> {
        match (&self.status, &self.loaded) {
            (Status::Fresh, Some(loaded)) => Some(&loaded.catalog),
            _ => None,
        }
    }
}

/// Reads a region's cache and decides its freshness: from `last_updated` when the file has a
/// readable one (the time the data was fetched, whatever later copies did to the mtime), else
/// from the file's modification time. Data younger than 24 hours is fresh; so is a time up to
/// 24 hours in the future (clock skew).
pub fn lookup(store: &Store, region: &Region) -> Lookup {
    match store.read(region) {
        Ok(Read::Missing) => Lookup {
            status: Status::Empty,
            loaded: None,
            problem: None,
        },
        Ok(Read::Corrupt(why)) => Lookup {
            status: Status::Empty,
            loaded: None,
            problem: Some(why),
        },
        Ok(Read::Loaded(loaded)) => {
            let updated = loaded
                .file
                .updated_at()
                .map(|t| t.with_timezone(&Utc))
                .or_else(|| loaded.modified.map(DateTime::<Utc>::from));
            let fresh = updated.is_some_and(|t| {
                let age = Utc::now().signed_duration_since(t);
                age.num_seconds().abs() < TTL_HOURS * 3600
            });
            Lookup {
                status: if fresh { Status::Fresh } else { Status::Stale },
                loaded: Some(loaded),
                problem: None,
            }
        }
        Err(error) => Lookup {
            status: Status::Error,
            loaded: None,
            problem: Some(error.to_string()),
        },
    }
}

/// The catalog a lint should use for a region, and what to tell the user about the choice.
pub struct Choice {
    pub catalog: CatalogRef,
    /// Set when the region's cache could not be used.
    pub note: Option<String>,
}

/// A catalog from a cache file or the built-in one.
pub enum CatalogRef {
    Cached(Arc<Loaded>),
    /// A cache's catalog with the built-in catalog's entries it lacks added beside its own.
    Widened(Arc<Loaded>, Box<Catalog>),
    Builtin,
}

impl CatalogRef {
    /// The cache file behind this catalog, if any.
    pub fn loaded(&self) -> Option<&Loaded> {
        match self {
            CatalogRef::Cached(loaded) | CatalogRef::Widened(loaded, _) => Some(loaded),
            CatalogRef::Builtin => None,
        }
    }
}

impl std::ops::Deref for CatalogRef {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        match self {
            CatalogRef::Cached(loaded) => &loaded.catalog,
            CatalogRef::Widened(_, catalog) => catalog,
            CatalogRef::Builtin => Catalog::builtin(),
        }
    }
}

/// What a cache lacks of the built-in catalog.
pub struct Shortfall {
    /// Built-in action ids the cache does not know, sorted.
    pub actions: Vec<String>,
    pub resource_types: Vec<String>,
}

/// The built-in catalog's actions and resource types a cache's catalog does not know.
pub fn shortfall(loaded: &Loaded) -> Shortfall {
    let builtin = Catalog::builtin();
    Shortfall {
        actions: builtin
            .action_ids()
            .filter(|id| loaded.catalog.action(id).is_none())
            .map(str::to_owned)
            .collect(),
        resource_types: builtin
            .resource_type_names()
            .filter(|t| loaded.catalog.resource_type(t).is_none())
            .map(str::to_owned)
            .collect(),
    }
}

/// A cache's catalog with what it lacks of the built-in catalog added beside its own entries.
pub fn widened(loaded: Arc<Loaded>, lacking: &Shortfall) -> CatalogRef {
    let builtin = Catalog::builtin();
    let cached = &loaded.catalog;
    let actions = cached
        .actions()
        .cloned()
        .chain(
            lacking
                .actions
                .iter()
                .filter_map(|id| builtin.action(id).cloned()),
        )
        .collect();
    let resource_types = cached
        .resource_types()
        .cloned()
        .chain(
            lacking
                .resource_types
                .iter()
                .filter_map(|t| builtin.resource_type(t).cloned()),
        )
        .collect();
    let catalog = Catalog::from_lists(
        cached.as_of().to_owned(),
        cached.origin().clone(),
        actions,
        resource_types,
    );
    CatalogRef::Widened(loaded, Box::new(catalog))
}

/// The region's cached catalog when fresh, else the built-in one with a note saying why.
pub fn catalog_for_region(store: Option<&Store>, region: &Region) -> Choice {
    let builtin = |why: String| Choice {
        catalog: CatalogRef::Builtin,
        note: Some(format!(
            "{why}; validated against fislint's built-in catalog (as of {}). Refresh the cache \
             with the CLI command `fislint catalog refresh --region {region}` or the MCP tool \
             refresh_valid_fis_actions_cache",
            Catalog::builtin().as_of()
        )),
    };
    let Some(store) = store else {
        return builtin(format!(
            "No cached FIS capabilities for {region} (no cache directory)"
        ));
    };
    let found = lookup(store, region);
    match (found.status, found.loaded) {
        (Status::Fresh, Some(loaded)) => Choice {
            catalog: CatalogRef::Cached(loaded),
            note: None,
        },
        (Status::Stale, Some(loaded)) => builtin(format!(
            "The cached FIS capabilities for {region} are stale (last updated {})",
            loaded
                .file
                .last_updated
                .as_deref()
                .unwrap_or("at an unknown time")
        )),
        _ => builtin(match found.problem {
            Some(problem) => format!("No cached FIS capabilities for {region} ({problem})"),
            None => format!("No cached FIS capabilities for {region}"),
        }),
    }
}

/// The current time as the cache writes it: RFC 3339 UTC with microseconds and `+00:00`.
pub fn now_timestamp() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

/// Stores what was ingested for a region and returns the file written. A half given as a whole
/// list replaces what was cached (keeping older details of the ids it still lists); a half given
/// as details only (`get-action` outputs, one page of a list) is merged into the region's fresh
/// cache, so importing one action's details never shrinks the catalog to that action.
pub fn save(store: &Store, region: &Region, data: Ingested) -> Result<CacheFile, StoreError> {
    let previous = match lookup(store, region) {
        Lookup {
            status: Status::Fresh,
            loaded: Some(loaded),
            ..
        } => Some(loaded),
        _ => None,
    };
    let previous = previous.as_ref().map(|loaded| &loaded.file);
    let (fis_actions, actions_details_only) = merged(
        data.actions,
        data.listed_actions,
        previous.map(|p| (&p.fis_actions, p.is_details_only(file::ACTIONS_HALF))),
        |a| a.id.as_str(),
        CachedAction::keep_older_details,
        CachedAction::merge,
    );
    let (resource_types, types_details_only) = merged(
        data.resource_types,
        data.listed_types,
        previous.map(|p| {
            (
                &p.resource_types,
                p.is_details_only(file::RESOURCE_TYPES_HALF),
            )
        }),
        |t| t.resource_type.as_str(),
        CachedResourceType::keep_older_details,
        CachedResourceType::merge,
    );
    let mut file = CacheFile::new(
        region.as_str(),
        now_timestamp(),
        fis_actions,
        resource_types,
    );
    for (details_only, half) in [
        (actions_details_only, file::ACTIONS_HALF),
        (types_details_only, file::RESOURCE_TYPES_HALF),
    ] {
        if details_only {
            file.details_only.push(half.to_owned());
        }
    }
    store.write(region, &file)?;
    Ok(file)
}

/// One half of the new cache and whether it holds details only. `previous` is the fresh
/// cache's half and whether that was details only.
fn merged<T: Clone>(
    given: Vec<T>,
    listed: bool,
    previous: Option<(&Vec<T>, bool)>,
    id: impl Fn(&T) -> &str,
    keep_older: impl Fn(&mut T, &T),
    merge: impl Fn(&mut T, T),
) -> (Vec<T>, bool) {
    let Some((older, older_details_only)) = previous.filter(|(older, _)| !older.is_empty()) else {
        let details_only = !listed && !given.is_empty();
        return (given, details_only);
    };
    if listed {
        let index: std::collections::HashMap<&str, &T> = older.iter().map(|o| (id(o), o)).collect();
        let list = given
            .into_iter()
            .map(|mut entry| {
                if let Some(old) = index.get(id(&entry)) {
                    keep_older(&mut entry, old);
                }
                entry
            })
            .collect();
        return (list, false);
    }
    let mut list = older.clone();
    let mut at: std::collections::HashMap<String, usize> = list
        .iter()
        .enumerate()
        .map(|(i, entry)| (id(entry).to_owned(), i))
        .collect();
    for entry in given {
        match at.get(id(&entry)) {
            Some(&i) => merge(&mut list[i], entry),
            None => {
                at.insert(id(&entry).to_owned(), list.len());
                list.push(entry);
            }
        }
    }
    (list, older_details_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(store: &Store, region: &Region, last_updated: Option<String>) {
        let mut file = CacheFile::new(region.as_str(), String::new(), Vec::new(), Vec::new());
        file.last_updated = last_updated;
        store.write(region, &file).unwrap();
    }

    fn hours_ago(hours: f64) -> String {
        let at = Utc::now() - chrono::Duration::seconds((hours * 3600.0) as i64);
        at.to_rfc3339()
    }

    #[test]
    fn freshness_follows_last_updated_then_the_mtime() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let cases = [
            ("a", Some(hours_ago(23.9)), Status::Fresh),
            ("b", Some(hours_ago(24.1)), Status::Stale),
            ("c", Some(hours_ago(-1.0)), Status::Fresh),
            ("d", Some(hours_ago(-30.0)), Status::Stale),
            // No readable time in the file: the file was just written, so it is fresh.
            ("e", None, Status::Fresh),
            ("f", Some("yesterday".into()), Status::Fresh),
        ];
        for (name, last_updated, expected) in cases {
            let region = Region::parse(name).unwrap();
            write(&store, &region, last_updated);
            assert_eq!(lookup(&store, &region).status, expected, "{name}");
        }
        assert_eq!(
            lookup(&store, &Region::parse("missing").unwrap()).status,
            Status::Empty
        );
    }

    fn details(ids: &[&str]) -> Ingested {
        let mut data = Ingested::default();
        for id in ids {
            data.add(&serde_json::json!({"action": {"id": id}}))
                .unwrap();
        }
        data
    }

    #[test]
    fn details_merge_into_a_fresh_cache_but_never_revive_a_stale_one() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let region = Region::parse("eu-west-1").unwrap();
        let mut listed = Ingested::default();
        listed
            .add(&serde_json::json!({"actions": [{"id": "aws:fis:wait"}]}))
            .unwrap();
        save(&store, &region, listed).unwrap();
        let merged = save(&store, &region, details(&["aws:ec2:stop-instances"])).unwrap();
        let ids: Vec<&str> = merged.fis_actions.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["aws:fis:wait", "aws:ec2:stop-instances"]);
        // The list was whole, so the merged file is still the region's list.
        assert!(merged.details_only.is_empty());

        let mut stale = merged.clone();
        stale.last_updated = Some(hours_ago(30.0));
        store.write(&region, &stale).unwrap();
        let alone = save(&store, &region, details(&["aws:rds:failover-db-cluster"])).unwrap();
        assert_eq!(alone.fis_actions.len(), 1);
        assert_eq!(alone.details_only, [ACTIONS_HALF]);
        let catalog = alone.catalog(region.as_str());
        assert_eq!(catalog.actions().len(), Catalog::builtin().actions().len());
    }

    #[test]
    fn a_stale_cache_yields_the_builtin_catalog_with_a_note() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let region = Region::parse("eu-west-1").unwrap();
        write(&store, &region, Some(hours_ago(30.0)));
        let choice = catalog_for_region(Some(&store), &region);
        assert!(matches!(choice.catalog, CatalogRef::Builtin));
        assert!(choice.note.unwrap().contains("are stale"));
        write(&store, &region, Some(hours_ago(1.0)));
        let choice = catalog_for_region(Some(&store), &region);
        assert!(matches!(choice.catalog, CatalogRef::Cached(_)));
        assert!(choice.note.is_none());
    }
}
