//! `get_valid_fis_actions` and `refresh_valid_fis_actions_cache`: the original's region cache
//! tools, with the raw AWS CLI outputs accepted as refresh data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cache::{
    self, CachedAction, CachedResourceType, DEFAULT_REGION, Ingested, RegionName, Status, Store,
};
use crate::catalog::Catalog;

/// How to refresh, naming the real AWS calls while keeping the phrases the original's agents
/// look for ("AWS MCP server", "then use refresh_valid_fis_actions_cache").
const HOW_TO_FETCH: &str = "call the AWS CLI commands `aws fis list-actions` and `aws fis \
    list-target-resource-types` (add `aws fis get-action --id <id>` and `aws fis \
    get-target-resource-type --resource-type <type>` for target keys and parameters), for example through an AWS MCP server's call_aws \
    tool, then use refresh_valid_fis_actions_cache with their JSON outputs as fis_data. \
    (Older instructions named describe_fis_actions and describe_fis_experiment_templates; FIS \
    has no such APIs.)";

pub fn default_region() -> String {
    DEFAULT_REGION.to_owned()
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct GetArgs {
    /// AWS region whose cached capabilities to return.
    #[serde(default = "default_region")]
    pub region: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct GetResult {
    /// The cached actions when the cache is fresh, else empty.
    pub fis_actions: Vec<CachedAction>,
    /// The cached resource types when the cache is fresh, else empty.
    pub resource_types: Vec<CachedResourceType>,
    /// When the cache was refreshed; null when there is no cache.
    pub last_updated: Option<String>,
    pub region: String,
    /// fresh, stale, empty or error.
    pub cache_status: Status,
    /// What to do next; null when the cache is fresh.
    pub instruction: Option<String>,
    /// The catalog embedded in fislint, which validation uses when the cache is not fresh.
    pub builtin_catalog: BuiltinSummary,
    /// The catalog validation for this region uses now: `cache` when the cache is fresh, else
    /// `builtin` (whose actions and resource types `builtin_catalog` then lists).
    pub catalog_in_use: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BuiltinSummary {
    pub as_of: String,
    /// How many actions the built-in catalog knows.
    pub actions: i64,
    /// How many resource types the built-in catalog knows.
    pub resource_types: i64,
    /// The built-in catalog's actions, in the shape of `fis_actions`, when it is the catalog
    /// in use (empty when the cache is fresh).
    pub fis_actions: Vec<CachedAction>,
    /// The built-in catalog's resource types, in the shape of `resource_types`, when it is the
    /// catalog in use.
    pub resource_type_list: Vec<CachedResourceType>,
}

impl BuiltinSummary {
    fn new() -> BuiltinSummary {
        let builtin = Catalog::builtin();
        BuiltinSummary {
            as_of: builtin.as_of().to_owned(),
            actions: count(builtin.actions().len()),
            resource_types: count(builtin.resource_types().len()),
            fis_actions: Vec::new(),
            resource_type_list: Vec::new(),
        }
    }

    /// Offers the built-in catalog's entries, for a result whose cache cannot be used.
    fn offered(mut self) -> BuiltinSummary {
        let builtin = Catalog::builtin();
        self.fis_actions = builtin
            .actions()
            .map(|a| CachedAction {
                id: a.id.clone(),
                description: Some(a.description.clone()),
                parameters: None,
                targets: None,
            })
            .collect();
        self.resource_type_list = builtin
            .resource_types()
            .map(|t| CachedResourceType {
                resource_type: t.resource_type.clone(),
                description: Some(t.description.clone()),
                parameters: None,
            })
            .collect();
        self
    }

    /// The sentence that says the built-in catalog is in use.
    fn in_use(&self) -> String {
        format!(
            " Meanwhile validation uses fislint's built-in catalog (as of {}: {} actions, {} \
             resource types), listed in builtin_catalog; get_fis_action_details gives any \
             action's target keys and parameters.",
            self.as_of, self.actions, self.resource_types
        )
    }
}

pub fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn get(store: Option<&Store>, args: GetArgs) -> Result<GetResult, String> {
    let region = RegionName::parse(&args.region).map_err(|e| e.to_string())?;
    let mut result = GetResult {
        fis_actions: Vec::new(),
        resource_types: Vec::new(),
        last_updated: None,
        region: region.to_string(),
        cache_status: Status::Empty,
        instruction: None,
        builtin_catalog: BuiltinSummary::new().offered(),
        catalog_in_use: "builtin".to_owned(),
    };
    let in_use = result.builtin_catalog.in_use();
    let Some(store) = store else {
        result.cache_status = Status::Error;
        result.instruction = Some(format!(
            "Error accessing cache: {}. Please try refreshing the cache.{in_use}",
            cache::StoreError::NoHome
        ));
        return Ok(result);
    };
    let found = cache::lookup(store, &region);
    result.cache_status = found.status;
    if let Some(loaded) = &found.loaded {
        result.last_updated.clone_from(&loaded.file.last_updated);
    }
    result.instruction = match (found.status, &found.loaded) {
        (Status::Fresh, Some(loaded)) => {
            result.fis_actions.clone_from(&loaded.file.fis_actions);
            result
                .resource_types
                .clone_from(&loaded.file.resource_types);
            result.builtin_catalog = BuiltinSummary::new();
            result.catalog_in_use = "cache".to_owned();
            None
        }
        (Status::Stale, _) => Some(format!(
            "Cache is stale (older than {} hours). Please refresh using an AWS MCP server: \
             {HOW_TO_FETCH}{in_use}",
            cache::TTL_HOURS
        )),
        (Status::Error, _) => Some(format!(
            "Error accessing cache: {}. Please try refreshing the cache: {HOW_TO_FETCH}{in_use}",
            found.problem.as_deref().unwrap_or("unknown error")
        )),
        _ => {
            let corrupt = found
                .problem
                .map(|p| format!(" (The cache file was not usable: {p}.)"))
                .unwrap_or_default();
            Some(format!(
                "No cached data available.{corrupt} Please fetch FIS data using an AWS MCP \
                 server: {HOW_TO_FETCH}{in_use}"
            ))
        }
    };
    Ok(result)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RefreshArgs {
    /// AWS region the data describes.
    #[serde(default = "default_region")]
    pub region: String,
    /// The data: the JSON outputs of `aws fis list-actions`, `aws fis get-action`,
    /// `aws fis list-target-resource-types` and `aws fis get-target-resource-type`, alone or
    /// merged into one object (`actions`, `action`, `targetResourceTypes`,
    /// `targetResourceType`), or the original shape {"fis_actions": [{"id", "description"}],
    /// "resource_types": [{"type", "description"}]}.
    #[serde(default)]
    #[schemars(schema_with = "fis_data_schema")]
    pub fis_data: Value,
}

fn fis_data_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [{"type": "object"}, {"type": "null"}],
        "default": null
    })
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct RefreshResult {
    pub success: bool,
    pub message: String,
    /// The new cache's timestamp; null when nothing was stored.
    pub last_updated: Option<String>,
    pub region: String,
    /// Actions now cached for the region (0 when nothing was stored).
    pub actions_stored: i64,
    /// Resource types now cached for the region (0 when nothing was stored).
    pub resource_types_stored: i64,
}

pub fn refresh(store: Option<&Store>, args: RefreshArgs) -> Result<RefreshResult, String> {
    let region = RegionName::parse(&args.region).map_err(|e| e.to_string())?;
    let refused = |message: String| RefreshResult {
        success: false,
        message,
        last_updated: None,
        region: region.to_string(),
        actions_stored: 0,
        resource_types_stored: 0,
    };
    let mut data = Ingested::default();
    if let Err(error) = data.add(&args.fis_data) {
        return Ok(refused(format!(
            "{error}. Please provide fresh data from an AWS MCP server. The cache was not changed."
        )));
    }
    let Some(store) = store else {
        return Ok(refused(format!(
            "{}; the cache was not changed",
            cache::StoreError::NoHome
        )));
    };
    let (paged, ignored_keys) = (data.paged, std::mem::take(&mut data.ignored_keys));
    let file = match cache::save(store, &region, data) {
        Ok(file) => file,
        Err(error) => return Ok(refused(format!("{error}; the cache was not changed"))),
    };
    let detailed = file
        .fis_actions
        .iter()
        .filter(|a| a.targets.is_some())
        .count();
    let notes = notes(&file, paged, &ignored_keys);
    Ok(RefreshResult {
        success: true,
        message: format!(
            "Cache updated successfully for region {region}: {} actions ({detailed} with target \
             keys), {} resource types.{notes}",
            file.fis_actions.len(),
            file.resource_types.len(),
        ),
        last_updated: file.last_updated.clone(),
        region: region.to_string(),
        actions_stored: count(file.fis_actions.len()),
        resource_types_stored: count(file.resource_types.len()),
    })
}

fn notes(file: &cache::CacheFile, paged: bool, ignored_keys: &[String]) -> String {
    let mut notes = String::new();
    let missing = file.gaps();
    if !missing.is_empty() {
        notes.push_str(&format!(
            " The cache holds no {}; validation uses fislint's built-in catalog for those until \
             a refresh brings them.",
            missing.join(" and no ")
        ));
    }
    let details_only = file.supplements();
    if !details_only.is_empty() {
        notes.push_str(&format!(
            " No list of {} was given, only details, so they were merged into the region's \
             cache; fislint's built-in catalog answers for the others until list-actions or \
             list-target-resource-types output is given.",
            details_only.join(" or ")
        ));
    }
    if paged {
        notes.push_str(
            " A list output had nextToken set, so it was one page: pass every page, or \
             all get-action outputs.",
        );
    }
    if !ignored_keys.is_empty() {
        notes.push_str(&format!(
            " Ignored keys: {}.",
            ignored_keys
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    notes
}
