//! The one choice between a region's cache and the built-in catalog, made for every caller
//! (`check`, `policy`, `explain`, `catalog show`, every MCP tool, prompt and resource).

use std::sync::Arc;

use super::notice;
use super::region::RegionName;
use super::store::{Loaded, Store};
use super::{Status, lookup};
use crate::catalog::Catalog;

/// The regions the original server tried, in order, when validation named none.
pub const FALLBACK_REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// The catalog a lint uses and what to tell the user about the choice.
pub struct ChosenCatalog {
    pub catalog: CatalogRef,
    /// Why the built-in catalog stands in, which parts of a cache it fills, and problems met on
    /// the way (a corrupt file removed); empty when a whole, fresh cache is used.
    pub notices: Vec<String>,
}

/// A catalog from a cache file or the built-in one: where the catalog came from.
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

impl ChosenCatalog {
    /// The built-in catalog, asked for by naming no region on the command line: nothing to say.
    pub fn builtin() -> ChosenCatalog {
        ChosenCatalog {
            catalog: CatalogRef::Builtin,
            notices: Vec::new(),
        }
    }

    /// A named region: its cache when fresh (the region's truth), else the built-in catalog.
    pub fn for_region(store: Option<&Store>, region: &RegionName) -> ChosenCatalog {
        let Some(store) = store else {
            return ChosenCatalog::instead(notice::no_cache_dir(region));
        };
        let found = lookup(store, region);
        match (found.status, found.loaded) {
            (Status::Fresh, Some(loaded)) => {
                let notices = notice::gaps(&loaded.file, region).into_iter().collect();
                ChosenCatalog {
                    catalog: CatalogRef::Cached(loaded),
                    notices,
                }
            }
            (Status::Stale, Some(loaded)) => {
                ChosenCatalog::instead(notice::stale(region, loaded.file.last_updated.as_deref()))
            }
            _ => ChosenCatalog::instead(notice::no_cache(region, found.problem.as_deref())),
        }
    }

    /// No region named to an MCP tool: the first fresh cache of [`FALLBACK_REGIONS`] (its
    /// clients rely on a cache's own ids being valid), widened by the built-in catalog's
    /// entries it lacks, so a region nobody named cannot make a real action unknown.
    pub fn first_fresh(store: Option<&Store>) -> ChosenCatalog {
        // Problems met on the way (a corrupt file removed) are reported whichever catalog wins.
        let mut problems = Vec::new();
        for name in FALLBACK_REGIONS {
            let (Some(store), Ok(region)) = (store, RegionName::parse(name)) else {
                break;
            };
            let found = lookup(store, &region);
            problems.extend(found.problem);
            if let (Status::Fresh, Some(loaded)) = (found.status, found.loaded) {
                let lacking = shortfall(&loaded);
                let gaps = notice::gaps(&loaded.file, &region);
                let catalog = if lacking.is_empty() {
                    CatalogRef::Cached(loaded)
                } else {
                    problems.push(notice::widened(
                        &region,
                        &FALLBACK_REGIONS,
                        &lacking.actions,
                        &lacking.resource_types,
                    ));
                    widened(loaded, &lacking)
                };
                problems.extend(gaps);
                return ChosenCatalog {
                    catalog,
                    notices: problems,
                };
            }
        }
        let mut notices = vec![notice::no_fresh_fallback(&FALLBACK_REGIONS)];
        notices.extend(problems);
        ChosenCatalog {
            catalog: CatalogRef::Builtin,
            notices,
        }
    }

    fn instead(notice: String) -> ChosenCatalog {
        ChosenCatalog {
            catalog: CatalogRef::Builtin,
            notices: vec![notice],
        }
    }
}

/// What a cache lacks of the built-in catalog.
pub struct Shortfall {
    /// Built-in action ids the cache does not know, sorted.
    pub actions: Vec<String>,
    pub resource_types: Vec<String>,
}

impl Shortfall {
    fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.resource_types.is_empty()
    }
}

/// The built-in catalog's actions and resource types a cache's catalog does not know.
fn shortfall(loaded: &Loaded) -> Shortfall {
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
fn widened(loaded: Arc<Loaded>, lacking: &Shortfall) -> CatalogRef {
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

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::cache::{CacheFile, CachedAction, CachedResourceType};

    fn region(name: &str) -> RegionName {
        RegionName::parse(name).unwrap()
    }

    fn hours_ago(hours: i64) -> String {
        (Utc::now() - chrono::Duration::hours(hours)).to_rfc3339()
    }

    /// A cache of one action and one resource type, written `age_hours` ago.
    fn write(store: &Store, name: &str, age_hours: i64) -> String {
        let updated = hours_ago(age_hours);
        let action = CachedAction {
            id: "aws:fis:wait".into(),
            description: None,
            parameters: None,
            targets: None,
        };
        let rtype = CachedResourceType {
            resource_type: "aws:ec2:instance".into(),
            description: None,
            parameters: None,
        };
        let file = CacheFile::new(name, updated.clone(), vec![action], vec![rtype]);
        store.write(&region(name), &file).unwrap();
        updated
    }

    fn instead(why: &str, name: &str) -> String {
        format!(
            "{why}; fislint's built-in catalog (as of {}) is used instead. Refresh the cache \
             with the CLI command `fislint catalog refresh --region {name}` or the MCP tool \
             refresh_valid_fis_actions_cache",
            Catalog::builtin().as_of()
        )
    }

    #[test]
    fn a_fresh_cache_is_used_and_nothing_is_said() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        write(&store, "eu-west-1", 1);
        let chosen = ChosenCatalog::for_region(Some(&store), &region("eu-west-1"));
        assert!(matches!(chosen.catalog, CatalogRef::Cached(_)));
        assert_eq!(chosen.catalog.actions().len(), 1);
        assert_eq!(chosen.notices, Vec::<String>::new());
    }

    #[test]
    fn a_fresh_cache_with_a_half_missing_says_which() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let file = CacheFile::new("eu-west-1", hours_ago(1), Vec::new(), Vec::new());
        store.write(&region("eu-west-1"), &file).unwrap();
        let chosen = ChosenCatalog::for_region(Some(&store), &region("eu-west-1"));
        assert!(matches!(chosen.catalog, CatalogRef::Cached(_)));
        assert_eq!(
            chosen.notices,
            [
                "The cache for eu-west-1 holds no actions and no resource types; fislint's \
              built-in catalog answered for those"
            ]
        );
    }

    #[test]
    fn a_stale_cache_gives_way_to_the_builtin_catalog() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let updated = write(&store, "eu-west-1", 30);
        let chosen = ChosenCatalog::for_region(Some(&store), &region("eu-west-1"));
        assert!(matches!(chosen.catalog, CatalogRef::Builtin));
        let why =
            format!("The cached FIS capabilities for eu-west-1 are stale (last updated {updated})");
        assert_eq!(chosen.notices, [instead(&why, "eu-west-1")]);
    }

    #[test]
    fn no_cache_and_no_cache_directory_are_each_said_once() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let chosen = ChosenCatalog::for_region(Some(&store), &region("test-region"));
        assert!(matches!(chosen.catalog, CatalogRef::Builtin));
        assert_eq!(
            chosen.notices,
            [instead(
                "No cached FIS capabilities for test-region",
                "test-region"
            )]
        );
        let chosen = ChosenCatalog::for_region(None, &region("test-region"));
        assert_eq!(
            chosen.notices,
            [instead(
                "No cached FIS capabilities for test-region (no cache directory)",
                "test-region"
            )]
        );
    }

    #[test]
    fn no_region_on_the_command_line_is_the_builtin_catalog_without_a_word() {
        let chosen = ChosenCatalog::builtin();
        assert!(matches!(chosen.catalog, CatalogRef::Builtin));
        assert!(chosen.notices.is_empty());
    }

    #[test]
    fn no_region_for_a_tool_widens_the_first_fresh_fallback_cache() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        // us-east-1 is tried first but stale; us-west-2 is the first fresh one.
        write(&store, "us-east-1", 30);
        write(&store, "us-west-2", 1);
        let chosen = ChosenCatalog::first_fresh(Some(&store));
        let CatalogRef::Widened(loaded, _) = &chosen.catalog else {
            panic!("the fallback cache was not widened");
        };
        assert_eq!(loaded.file.region.as_deref(), Some("us-west-2"));
        let builtin = Catalog::builtin();
        assert_eq!(chosen.catalog.actions().len(), builtin.actions().len());
        let lacking = shortfall(loaded);
        assert_eq!(
            chosen.notices,
            [notice::widened(
                &region("us-west-2"),
                &FALLBACK_REGIONS,
                &lacking.actions,
                &lacking.resource_types
            )]
        );
        assert!(
            chosen.notices[0].starts_with(&format!(
                "No region was named, so the fresh cache for us-west-2 was used (the first of \
                 us-east-1, us-west-2, eu-west-1); it lacks {} of the {} actions (such as ",
                builtin.actions().len() - 1,
                builtin.actions().len()
            )),
            "{}",
            chosen.notices[0]
        );
    }

    #[test]
    fn no_region_for_a_tool_and_no_fresh_cache_is_said_once() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        write(&store, "eu-west-1", 30);
        for store in [Some(&store), None] {
            let chosen = ChosenCatalog::first_fresh(store);
            assert!(matches!(chosen.catalog, CatalogRef::Builtin));
            assert_eq!(
                chosen.notices,
                [instead(
                    "No cached FIS capabilities available (no region was named, and no fresh \
                     cache for us-east-1, us-west-2, eu-west-1)",
                    "<region>"
                )]
            );
        }
    }
}
