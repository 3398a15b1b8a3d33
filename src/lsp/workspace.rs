//! What a lint needs besides the text, as `check` decides it: the nearest `fislint.toml` above
//! the file, and the catalog of the region the client named (`initializationOptions`) or the
//! configuration names.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cache::{CatalogRef, ChosenCatalog, RegionName, Store};
use crate::config::{Config, Overrides, Resolved, RuleSet};

/// `initializationOptions`, as the client sends them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitializationOptions {
    region: Option<String>,
    cache_dir: Option<PathBuf>,
}

/// The server's configuration and the catalogs it has loaded.
pub struct Workspace {
    /// The client's region, which replaces the configuration's as `check --region` does.
    region: Option<RegionName>,
    store: Option<Store>,
    catalogs: HashMap<Option<RegionName>, CatalogRef>,
    /// Messages already shown, so a broken `fislint.toml` is reported once, not per keystroke.
    shown: HashSet<String>,
}

/// A file's rules and catalog.
pub struct FileSettings<'a> {
    pub resolved: Resolved,
    pub catalog: &'a CatalogRef,
}

impl Workspace {
    /// The workspace `initializationOptions` describe, and what to tell the user about them.
    pub fn new(options: Option<&serde_json::Value>) -> (Workspace, Vec<String>) {
        let mut messages = Vec::new();
        let options = match options.filter(|value| !value.is_null()) {
            None => InitializationOptions::default(),
            Some(value) => match InitializationOptions::deserialize(value) {
                Ok(options) => options,
                Err(error) => {
                    messages.push(format!("fislint: initializationOptions: {error}"));
                    InitializationOptions::default()
                }
            },
        };
        let region = options
            .region
            .and_then(|name| match RegionName::parse(&name) {
                Ok(region) => Some(region),
                Err(error) => {
                    messages.push(format!(
                        "fislint: initializationOptions.region: {error}; using the built-in catalog"
                    ));
                    None
                }
            });
        let store = match options.cache_dir {
            Some(dir) => Some(Store::at(dir)),
            None => Store::locate().ok(),
        };
        let workspace = Workspace {
            region,
            store,
            catalogs: HashMap::new(),
            shown: HashSet::new(),
        };
        (workspace, messages)
    }

    /// Loads each region's catalog afresh on next use (its cache may have been refreshed).
    pub fn forget_catalogs(&mut self) {
        self.catalogs.clear();
    }

    /// The settings for a file at `path` (none for an unsaved buffer: the configuration
    /// above the working directory), and messages not shown before.
    pub fn settings_for(&mut self, path: Option<&Path>) -> (FileSettings<'_>, Vec<String>) {
        let mut messages = Vec::new();
        let start = path.and_then(Path::parent).unwrap_or(Path::new("."));
        let overrides = Overrides {
            region: self.region.as_ref(),
            ..Overrides::default()
        };
        let resolved = match Config::discover(start).and_then(|c| c.resolve(&overrides)) {
            Ok(resolved) => resolved,
            Err(error) => {
                messages.push(format!(
                    "fislint: {} (linting with the default rules)",
                    config_error_text(&error)
                ));
                Resolved {
                    rules: RuleSet::default(),
                    region: self.region.clone(),
                    exclude: None,
                }
            }
        };
        let store = self.store.as_ref();
        let catalog = self
            .catalogs
            .entry(resolved.region.clone())
            .or_insert_with_key(|region| {
                let chosen = match region {
                    Some(region) => ChosenCatalog::for_region(store, region),
                    None => ChosenCatalog::builtin(),
                };
                messages.extend(chosen.notices.iter().map(|n| format!("fislint: {n}")));
                chosen.catalog
            });
        messages.retain(|message| self.shown.insert(message.clone()));
        (FileSettings { resolved, catalog }, messages)
    }
}

/// A configuration error on one line: its message, and for an error in the file, where.
fn config_error_text(error: &crate::config::ConfigError) -> String {
    use miette::Diagnostic;
    let mut text = error.to_string();
    if let (Some(source), Some(mut labels)) = (error.source_code(), error.labels())
        && let Some(label) = labels.next()
        && let Ok(contents) = source.read_span(label.inner(), 0, 0)
    {
        let name = contents.name().unwrap_or("fislint.toml");
        text = format!("{name}:{}: {text}", contents.line() + 1);
    }
    text
}
