//! The per-region catalog cache shared by the MCP server and the CLI: where it lives, what a
//! file holds, how fresh it is, and (`choice`) which catalog a lint uses.

mod choice;
mod file;
mod ingest;
mod notice;
pub mod provenance;
mod region;
mod store;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use choice::{CatalogRef, ChosenCatalog, FALLBACK_REGIONS};
pub use file::{
    ACTIONS_HALF, CacheFile, CachedAction, CachedResourceType, RESOURCE_TYPES_HALF, TTL_HOURS,
};
pub use ingest::{DATA_KEYS, IngestError, Ingested};
pub use region::{DEFAULT_REGION, InvalidRegion, RegionName};
pub use store::{DIR_NAME, Loaded, Read, Store, StoreError};

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

/// Reads a region's cache and decides its freshness: from `last_updated` when the file has a
/// readable one (the time the data was fetched, whatever later copies did to the mtime), else
/// from the file's modification time. Data younger than 24 hours is fresh; so is a time up to
/// 24 hours in the future (clock skew).
pub fn lookup(store: &Store, region: &RegionName) -> Lookup {
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

/// The current time as the cache writes it: RFC 3339 UTC with microseconds and `+00:00`.
pub fn now_timestamp() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

/// Stores what was ingested for a region and returns the file written. A half given as a whole
/// list replaces what was cached (keeping older details of the ids it still lists); a half given
/// as details only (`get-action` outputs, one page of a list) is merged into the region's fresh
/// cache, so importing one action's details never shrinks the catalog to that action.
pub fn save(store: &Store, region: &RegionName, data: Ingested) -> Result<CacheFile, StoreError> {
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
    use crate::catalog::Catalog;

    fn write(store: &Store, region: &RegionName, last_updated: Option<String>) {
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
            let region = RegionName::parse(name).unwrap();
            write(&store, &region, last_updated);
            assert_eq!(lookup(&store, &region).status, expected, "{name}");
        }
        assert_eq!(
            lookup(&store, &RegionName::parse("missing").unwrap()).status,
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
        let region = RegionName::parse("eu-west-1").unwrap();
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
}
