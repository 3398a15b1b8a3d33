//! The MCP surface: eight tools, one prompt, two resources, and the server's identity. Every
//! handler's work runs through `budget::offload`, off the transport's threads.

use rmcp::handler::server::router::prompt::PromptRouter;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    GetPromptResult, Implementation, ListResourceTemplatesResult, ListResourcesResult,
    PaginatedRequestParams, PromptMessage, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, ResourceContents, Role, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{
    ErrorData as McpError, Json, RoleServer, ServerHandler, prompt, prompt_handler, prompt_router,
    tool, tool_handler, tool_router,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::budget::offload;
use super::cache_tools::{self, GetArgs, GetResult, RefreshArgs, RefreshResult};
use super::details::{self, DetailsArgs, DetailsResult, ExplainArgs, RuleExplanation};
use super::policy::{self, PolicyArgs, PolicyResult};
use super::prompt::{self, PromptArgs, PromptResult};
use super::resources;
use super::session::SessionNotes;
use super::timeline::{self, ExplainTemplateArgs, ExplainTemplateResult};
use super::validate::{self, ValidateArgs, ValidateResult};
use crate::cache::Store;

/// The name MCP configurations use for this server, kept from the original.
pub const SERVER_NAME: &str = "aws-chaos-engineering";

const INSTRUCTIONS: &str = "Before writing an AWS FIS experiment template, call \
    get_fis_action_details for the actions you plan to use (or generate_fis_system_prompt) so \
    target keys, resource types and parameters come from the catalog, not from memory. Then \
    check every template with validate_fis_template, sending JSON or YAML text to get line \
    numbers, and fix each diagnostic at its JSON pointer until valid is true (explain_fis_rule \
    explains a code). Do not write the experiment role's IAM permissions from memory: call \
    generate_fis_iam_policy with the template and put the policyDocument it returns on the role \
    (CloudFormation: the AWS::IAM::Role's Policies[].PolicyDocument, with a trust policy letting \
    fis.amazonaws.com assume it); validate_fis_template then checks a role defined in the same \
    template (FIS023). Call explain_fis_template to see when each action will run and what it \
    acts on, and check that this is the order you meant: FIS resolves every target once, when \
    the experiment starts, so an action after a stop or a failover acts on the resources as they \
    were. Everything works offline on fislint's built-in catalog; to match a \
    region exactly, get the outputs of the AWS CLI commands `aws fis list-actions`, \
    `get-action`, `list-target-resource-types` and `get-target-resource-type` (for example \
    through an AWS MCP server's call_aws tool) and pass them to \
    refresh_valid_fis_actions_cache.";

#[derive(Clone)]
pub struct FisServer {
    store: Option<Store>,
    /// The standing notes this session has been given (the scope note, the catalog in use).
    notes: SessionNotes,
    tool_router: ToolRouter<FisServer>,
    prompt_router: PromptRouter<FisServer>,
}

impl FisServer {
    /// A server over the cache directory the environment names (none: cache tools say why).
    pub fn new(store: Option<Store>) -> FisServer {
        FisServer {
            store,
            notes: SessionNotes::default(),
            tool_router: Self::tool_router(),
            prompt_router: Self::prompt_router(),
        }
    }

    /// The same server for another session, which has been told nothing yet.
    pub fn new_session(&self) -> FisServer {
        FisServer {
            notes: SessionNotes::default(),
            ..self.clone()
        }
    }
}

#[tool_router]
impl FisServer {
    /// Return the FIS actions and resource types cached for a region, with the cache's status
    /// (fresh, stale, empty or error). When the cache is not fresh, `instruction` says how to
    /// refresh it; validation meanwhile uses fislint's built-in catalog.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn get_valid_fis_actions(
        &self,
        Parameters(args): Parameters<GetArgs>,
    ) -> Result<Json<GetResult>, String> {
        let store = self.store.clone();
        offload(move || cache_tools::get(store.as_ref(), args))
            .await
            .map(Json)
    }

    /// Store a region's FIS capabilities in the local cache for 24 hours. Accepts the JSON
    /// outputs of `aws fis list-actions`, `aws fis get-action`, `aws fis
    /// list-target-resource-types` and `aws fis get-target-resource-type` (alone or merged), or
    /// {"fis_actions": [...], "resource_types": [...]}. Bad data is refused with the offending
    /// path and leaves the previous cache untouched.
    #[tool(annotations(
        read_only_hint = false,
        destructive_hint = false,
        idempotent_hint = true,
        open_world_hint = false
    ))]
    async fn refresh_valid_fis_actions_cache(
        &self,
        Parameters(args): Parameters<RefreshArgs>,
    ) -> Result<Json<RefreshResult>, String> {
        let store = self.store.clone();
        offload(move || cache_tools::refresh(store.as_ref(), args))
            .await
            .map(Json)
    }

    /// Check a FIS experiment template (raw API JSON, CloudFormation or Terraform, as an object or
    /// as JSON, YAML or HCL text) with every fislint rule against the region's catalog. `valid`
    /// is false exactly when there is an error; `diagnostics` locate each finding by JSON pointer
    /// (and line and column for text), and carry a `fix` when fislint can say what was meant
    /// (`safe` edits can be applied as they are). For text, `fixed_template` is the text with
    /// every safe fix applied: prefer it to rewriting the template.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn validate_fis_template(
        &self,
        Parameters(args): Parameters<ValidateArgs>,
    ) -> Result<Json<ValidateResult>, String> {
        let (store, notes) = (self.store.clone(), self.notes.clone());
        offload(move || validate::validate_in_session(store.as_ref(), args, &notes))
            .await
            .map(Json)
    }

    /// The least-privilege IAM policy each experiment template's role needs (raw API JSON or
    /// CloudFormation, as an object or as JSON or YAML text; or Terraform HCL text): every
    /// action's permissions,
    /// scoped to the template's target ARNs and tags, plus logging and report destinations.
    /// Per action it lists each permission with its sources and confidence, and the conditional
    /// permissions left out. Put `policyDocument` on the role instead of writing one from memory.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn generate_fis_iam_policy(
        &self,
        Parameters(args): Parameters<PolicyArgs>,
    ) -> Result<Json<PolicyResult>, String> {
        let (store, notes) = (self.store.clone(), self.notes.clone());
        offload(move || {
            let mut result = policy::generate(store.as_ref(), args)?;
            result.warnings.retain(|note| notes.first_time(note));
            Ok(result)
        })
        .await
        .map(Json)
    }

    /// When each action of a FIS experiment template runs (raw API JSON or CloudFormation, as
    /// an object or as JSON or YAML text; or Terraform HCL text): the actions in start order
    /// along their startAfter
    /// waits, each with its length, earliest start and latest end, and the targets it acts on
    /// (resource type, selection, selection mode); the longest path, the experiment's length,
    /// the actions surely running at once, the stop conditions, and a Mermaid diagram of the
    /// same. Check that this is the order you meant: FIS resolves every target once, when the
    /// experiment starts.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn explain_fis_template(
        &self,
        Parameters(args): Parameters<ExplainTemplateArgs>,
    ) -> Result<Json<ExplainTemplateResult>, String> {
        let store = self.store.clone();
        offload(move || timeline::explain(store.as_ref(), args))
            .await
            .map(Json)
    }

    /// Build a system prompt for generating FIS experiment templates for an architecture: every
    /// valid action with its target keys and required parameters, every resource type, safety
    /// guidelines and correct examples. Uses the region's cache when fresh, else the built-in
    /// catalog.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn generate_fis_system_prompt(
        &self,
        Parameters(args): Parameters<PromptArgs>,
    ) -> Result<Json<PromptResult>, String> {
        let store = self.store.clone();
        offload(move || prompt::generate(store.as_ref(), args))
            .await
            .map(Json)
    }

    /// For each FIS action id: its description, parameters (required or not, with documented
    /// constraints and the catalog's doubts), the target keys it accepts with the resource type
    /// each takes and that type's target parameters, the IAM permissions the experiment role
    /// needs for it (always, and in which situations more), and what must be set up outside
    /// the template first (SSM agent sidecar, Lambda extension, Kubernetes RBAC). Unknown ids
    /// come back with suggestions.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn get_fis_action_details(
        &self,
        Parameters(args): Parameters<DetailsArgs>,
    ) -> Result<Json<DetailsResult>, String> {
        let (store, notes) = (self.store.clone(), self.notes.clone());
        offload(move || {
            let mut result = details::details(store.as_ref(), args)?;
            result.warnings.retain(|note| notes.first_time(note));
            Ok(result)
        })
        .await
        .map(Json)
    }

    /// Explain a fislint rule (FIS001, or its name): what it checks, why, a failing example and
    /// the fix.
    #[tool(annotations(read_only_hint = true, open_world_hint = false))]
    async fn explain_fis_rule(
        &self,
        Parameters(args): Parameters<ExplainArgs>,
    ) -> Result<Json<RuleExplanation>, String> {
        offload(move || details::explain(args)).await.map(Json)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExperimentArgs {
    /// The architecture to design experiments for, in prose.
    pub architecture: String,
}

#[prompt_router]
impl FisServer {
    /// A system prompt for designing FIS experiments for an architecture: the same text as the
    /// generate_fis_system_prompt tool, from the us-east-1 cache when fresh, else the built-in
    /// catalog.
    #[prompt(name = "generate_fis_experiment")]
    async fn generate_fis_experiment(
        &self,
        Parameters(args): Parameters<ExperimentArgs>,
    ) -> Result<GetPromptResult, McpError> {
        let store = self.store.clone();
        let args = PromptArgs {
            user_architecture: args.architecture,
            region: cache_tools::default_region(),
        };
        let generated = offload(move || prompt::generate(store.as_ref(), args))
            .await
            .map_err(|e| McpError::invalid_params(e, None))?;
        Ok(GetPromptResult::new(vec![PromptMessage::new_text(
            Role::User,
            generated.system_prompt,
        )])
        .with_description(generated.message))
    }
}

#[tool_handler(router = self.tool_router)]
#[prompt_handler(router = self.prompt_router)]
impl ServerHandler for FisServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_prompts()
            .enable_resources()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(
                Implementation::new(SERVER_NAME, env!("CARGO_PKG_VERSION"))
                    .with_title("AWS Chaos Engineering")
                    .with_description(
                        "fislint: validates AWS FIS experiment templates against the FIS catalog",
                    ),
            )
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        Ok(ListResourcesResult::with_all_items(resources::list()))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, McpError> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let (store, uri) = (self.store.clone(), request.uri.clone());
        let text = offload(move || resources::read(store.as_ref(), &uri))
            .await
            .map_err(|why| {
                McpError::resource_not_found(why, Some(serde_json::json!({ "uri": request.uri })))
            })?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, request.uri).with_mime_type("application/json"),
        ])
        .into())
    }
}
