//! The integration tests, as one binary: each file here is a module, so the fislint library and
//! binary are linked once rather than once per file (cargo's default), which is most of a first
//! `cargo test`'s time on two cores.

mod common;
mod invariants;

mod action;
mod arn_forms;
mod catalog_cli;
mod catalog_facts;
mod cli;
mod config;
mod corpus_samples;
mod costs;
mod explain;
mod fix;
mod formats;
mod intrinsics;
mod malformed;
mod mcp;
mod mcp_http;
mod mcp_stdio;
mod meta;
mod module_graph;
mod mutation;
mod output_safety;
mod policy;
mod role_permissions;
mod rule_fixes;
mod rule_fixtures;
mod schema;
mod stale_targets;
mod stdin;
mod terraform;
mod walk;
