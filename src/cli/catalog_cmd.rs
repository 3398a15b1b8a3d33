//! `fislint catalog show | import | refresh`: the region cache from the command line.

use std::fs;
use std::io::{IsTerminal, Read};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use super::aws_cli::Aws;
use super::{CatalogCommand, ListFormat, exit, fail};
use crate::cache::{self, ChosenCatalog, Ingested, RegionName, Status, Store};
use crate::catalog::Catalog;

/// Saved CLI outputs larger than this are not FIS catalog data.
const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(command: &CatalogCommand) -> u8 {
    let outcome = match command {
        CatalogCommand::Show { region, format } => show(region.as_ref(), *format),
        CatalogCommand::Import { region, files } => import(region, files),
        CatalogCommand::Refresh { region, profile } => refresh(region, profile.as_deref()),
    };
    match outcome {
        Ok(()) => exit::CLEAN,
        Err(message) => fail(message),
    }
}

fn store() -> Result<Store, String> {
    Store::locate().map_err(|e| e.to_string())
}

fn show(region: Option<&RegionName>, format: ListFormat) -> Result<(), String> {
    let store = Store::locate().ok();
    if format == ListFormat::Json {
        outln!("{}", crate::mcp::catalog_json(store.as_ref(), region)?);
        return Ok(());
    }
    let Some(region) = region else {
        let builtin = Catalog::builtin();
        outln!("built-in catalog, as of {}", builtin.as_of());
        print_catalog(builtin);
        return Ok(());
    };
    let store = store.ok_or_else(|| cache::StoreError::NoHome.to_string())?;
    let found = cache::lookup(&store, region);
    let path = store.path(region);
    match (found.status, &found.loaded) {
        (Status::Fresh | Status::Stale, Some(loaded)) => outln!(
            "{region}: {} cache {}, updated {}",
            if found.status == Status::Fresh {
                "fresh"
            } else {
                "stale"
            },
            path.display(),
            loaded
                .file
                .last_updated
                .as_deref()
                .unwrap_or("at an unknown time"),
        ),
        _ => {
            let why = found.problem.map(|p| format!(" ({p})")).unwrap_or_default();
            outln!("{region}: no cache at {}{why}", path.display());
        }
    }
    // What a lint for the region would use, and the one notice it would give.
    let chosen = ChosenCatalog::for_region(Some(&store), region);
    for notice in &chosen.notices {
        outln!("note: {notice}");
    }
    print_catalog(&chosen.catalog);
    Ok(())
}

fn print_catalog(catalog: &Catalog) {
    outln!(
        "{} actions, {} resource types",
        catalog.actions().len(),
        catalog.resource_types().len()
    );
    for action in catalog.actions() {
        let targets = match &action.targets {
            None => "targets unknown".to_owned(),
            Some(t) if t.is_empty() => "no targets".to_owned(),
            Some(t) => t
                .iter()
                .map(|(key, spec)| format!("{key} -> {}", spec.resource_type))
                .collect::<Vec<_>>()
                .join(", "),
        };
        outln!("  {:<58} {targets}", action.id);
    }
    for rtype in catalog.resource_types() {
        outln!("  {}", rtype.resource_type);
    }
}

fn import(region: &RegionName, files: &[std::path::PathBuf]) -> Result<(), String> {
    let mut data = Ingested::default();
    for path in files {
        let value = read_json(path)?;
        data.add(&value)
            .map_err(|e| format!("{}: {e}; the cache was not changed", path.display()))?;
    }
    save(region, data)
}

/// Reads a saved CLI output, whatever kind of file names it (`<(aws fis list-actions)` is a
/// pipe): the size limit applies to what is read, not to what the metadata claims.
fn read_json(path: &Path) -> Result<Value, String> {
    let file = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(format!(
            "{}: more than {} MiB is too large for FIS catalog data; the cache was not changed",
            path.display(),
            MAX_IMPORT_BYTES >> 20
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{}: not JSON ({e}); the cache was not changed",
            path.display()
        )
    })
}

fn save(region: &RegionName, data: Ingested) -> Result<(), String> {
    let store = store()?;
    let (paged, ignored) = (data.paged, data.ignored_keys.clone());
    let file = cache::save(&store, region, data).map_err(|e| e.to_string())?;
    let detailed = file
        .fis_actions
        .iter()
        .filter(|a| a.targets.is_some())
        .count();
    outln!(
        "cached {} actions ({detailed} with target keys) and {} resource types for {region} in {}",
        file.fis_actions.len(),
        file.resource_types.len(),
        store.path(region).display()
    );
    for gap in file.gaps() {
        outln!("note: the data held no {gap}; linting uses the built-in catalog's");
    }
    for half in file.supplements() {
        outln!(
            "note: no list of {half} has been imported, only details; the built-in catalog's \
             other {half} stand beside them until `aws fis list-actions` or \
             `list-target-resource-types` output is imported"
        );
    }
    if paged {
        outln!("note: a list output had nextToken set: it was one page of several");
    }
    if !ignored.is_empty() {
        outln!("note: ignored keys: {}", ignored.join(", "));
    }
    Ok(())
}

fn refresh(region: &RegionName, profile: Option<&str>) -> Result<(), String> {
    let aws = Aws {
        region: region.as_str(),
        profile,
    };
    let progress = progress_bar();
    progress.set_message("aws fis list-actions");
    let mut data = Ingested::default();
    let actions = aws.fis(&["list-actions"])?;
    add(&mut data, "aws fis list-actions", &actions)?;
    progress.set_message("aws fis list-target-resource-types");
    let types = aws.fis(&["list-target-resource-types"])?;
    add(&mut data, "aws fis list-target-resource-types", &types)?;

    let action_ids = ids(&actions, "actions", "id");
    let type_ids = ids(&types, "targetResourceTypes", "resourceType");
    progress.set_length(u64::try_from(action_ids.len() + type_ids.len()).unwrap_or(u64::MAX));
    let tick = || progress.inc(1);
    progress.set_message("aws fis get-action");
    for output in aws.fis_each("get-action", "--id", &action_ids, &tick)? {
        add(&mut data, "aws fis get-action", &output)?;
    }
    progress.set_message("aws fis get-target-resource-type");
    for output in aws.fis_each(
        "get-target-resource-type",
        "--resource-type",
        &type_ids,
        &tick,
    )? {
        add(&mut data, "aws fis get-target-resource-type", &output)?;
    }
    progress.finish_and_clear();
    if data.actions.is_empty() {
        return Err(format!(
            "`aws fis list-actions` listed no actions for {region}; the cache was not changed"
        ));
    }
    save(region, data)
}

fn add(data: &mut Ingested, what: &str, output: &Value) -> Result<(), String> {
    data.add(output)
        .map_err(|e| format!("`{what}` printed unexpected data: {e}; the cache was not changed"))
}

fn ids(output: &Value, list: &str, key: &str) -> Vec<String> {
    output
        .get(list)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get(key)?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A bar on stderr when it is a terminal; nothing otherwise, so logs and pipes stay clean.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}
