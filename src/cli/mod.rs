//! The command line: argument definitions and dispatch to one module per command.

/// `print!` for commands: a reader that went away (`| head -1`) ends the output quietly
/// instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!($($arg)*))
    };
}

/// `println!` for commands, with [`out!`]'s handling of a closed standard output.
macro_rules! outln {
    () => {
        $crate::cli::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod aws_cli;
mod catalog_cmd;
mod check_cmd;
mod explain_cmd;
mod inputs;
mod lsp_cmd;
mod mcp_cmd;
mod policy_cmd;
mod rules_cmd;

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand, ValueEnum};

use crate::cache::RegionName;

/// Exit statuses, as linters use them.
pub mod exit {
    /// No error-level finding.
    pub const CLEAN: u8 = 0;
    /// At least one error-level finding.
    pub const FINDINGS: u8 = 1;
    /// Bad usage, or a file or path that could not be read.
    pub const FAILURE: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(
    name = "fislint",
    version,
    about = "A fast, exact linter for AWS FIS experiment templates"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint FIS experiment templates in files and directories
    Check(CheckArgs),
    /// List every rule
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show one rule's documentation
    Rule {
        /// A rule code (FIS001) or name (unknown-action-id)
        code: String,
    },
    /// Print the least-privilege IAM policy each experiment template's role needs
    Policy(PolicyArgs),
    /// Show when each action of each experiment template runs: its timeline along `startAfter`,
    /// what it acts on, the longest path and the stop conditions
    Explain(ExplainArgs),
    /// Serve the MCP tools for agents (server name "aws-chaos-engineering") over stdio, or
    /// streamable HTTP with --http
    Mcp(McpArgs),
    /// Serve the language server for editors over stdio: diagnostics as you type, completion,
    /// hover and quick fixes (`initializationOptions`: {"region": ..., "cacheDir": ...})
    Lsp,
    /// Show, import or refresh the per-region catalog cache
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// Serve streamable HTTP at http://ADDR/mcp instead of stdio
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::mcp::DEFAULT_ADDR)]
    pub http: Option<String>,
    /// Allow --http on an address other than loopback (then a bearer token is required)
    #[arg(long, requires = "http")]
    pub allow_remote: bool,
    /// Bearer token HTTP clients must send (Authorization: Bearer TOKEN); read from
    /// FISLINT_MCP_TOKEN when not given. At least 16 characters with --allow-remote
    #[arg(long, requires = "http")]
    pub token: Option<String>,
    /// A host name clients may use in the Host header besides loopback (repeatable); browser
    /// pages are accepted only from these hosts and loopback
    #[arg(long, value_name = "HOST", requires = "http")]
    pub allowed_host: Vec<String>,
    /// Most MCP sessions open at once over HTTP; a new session beyond them is refused [default: 64]
    #[arg(long, value_name = "N", requires = "http", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_sessions: Option<u32>,
    /// Milliseconds of inactivity after which an HTTP session is closed (default 60 s; for tests)
    #[arg(long, value_name = "MS", requires = "http", hide = true)]
    pub session_idle_ms: Option<u64>,
    /// Milliseconds a request's headers, then its body, may take to arrive (default 10 s; for tests)
    #[arg(long, value_name = "MS", requires = "http", hide = true)]
    pub read_timeout_ms: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Show the catalog a region's lint uses (the built-in one without --region)
    Show {
        /// AWS region whose cache to show
        #[arg(long)]
        region: Option<RegionName>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Store saved outputs of `aws fis list-actions`, `get-action`,
    /// `list-target-resource-types` and `get-target-resource-type` as a region's cache
    Import {
        /// AWS region the outputs describe
        #[arg(long)]
        region: RegionName,
        /// JSON files, each one command's output (or several merged)
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Fetch a region's catalog with the AWS CLI (`aws fis list-actions`, `get-action`, ...)
    Refresh {
        /// AWS region to fetch
        #[arg(long)]
        region: RegionName,
        /// AWS CLI profile to use
        #[arg(long)]
        profile: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint (directories are walked for .json, .yaml, .yml, .template);
    /// `-` reads standard input
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input (`-`) stands for: shown in the report, and used to choose
    /// JSON or YAML and to match excludes and per-file ignores
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
    /// Write the report to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Leave out paths matching this .gitignore-style glob, relative to the working directory
    /// (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read this configuration file instead of the nearest fislint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Enable only these rule codes, replacing the configuration's `select` (comma-separated)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Disable these rule codes, replacing the configuration's `ignore` (comma-separated)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,
    /// Check against this region's cached catalog when it is fresh (see `fislint catalog`),
    /// replacing the configuration's `region`
    #[arg(long, value_name = "REGION")]
    pub region: Option<RegionName>,
    /// Skip named files that hold no FIS template, as when walking (for pre-commit, which names
    /// every changed JSON and YAML file)
    #[arg(long)]
    pub only_templates: bool,
    /// Skip files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Exit 0 even when there are error-level findings (report-only runs)
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply safe fixes, writing each changed file back, and report what remains; with `-`,
    /// print the fixed text and send the report to standard error
    #[arg(long)]
    pub fix: bool,
    /// Count unsafe fixes (plausible guesses) as fixable, and apply them with --fix or --diff
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing (exit 1 when there
    /// is a change)
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with the problem underlined
    Pretty,
    /// One JSON document (a stable contract, "version": 1)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
}

#[derive(Debug, clap::Args)]
pub struct PolicyArgs {
    /// Files or directories holding experiment templates (directories are walked as by
    /// `check`); `-` reads standard input
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input (`-`) stands for: its extension picks JSON or YAML
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = PolicyFormat::Json)]
    pub format: PolicyFormat,
    /// Only the experiment template with this CloudFormation logical id (`template` for an API
    /// template)
    #[arg(long, value_name = "LOGICAL_ID")]
    pub template: Option<String>,
    /// Use this region's cached catalog when it is fresh (see `fislint catalog`)
    #[arg(long, value_name = "REGION")]
    pub region: Option<RegionName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// Per template: the policy document, where each permission comes from, the managed
    /// policies that would cover it, notes ("version": 1)
    Json,
    /// The bare IAM policy document of the one template found, for `aws iam put-role-policy`
    Document,
    /// An AWS::IAM::Role resource per template, trusting fis.amazonaws.com, in YAML or JSON to
    /// match the input
    Cfn,
    /// Terraform aws_iam_role and aws_iam_role_policy resources
    Terraform,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Files or directories holding experiment templates (directories are walked as by
    /// `check`); `-` reads standard input
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input (`-`) stands for: its extension picks JSON or YAML
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Only the experiment template with this CloudFormation logical id (`template` for an API
    /// template)
    #[arg(long, value_name = "LOGICAL_ID")]
    pub template: Option<String>,
    /// Use this region's cached catalog when it is fresh (see `fislint catalog`)
    #[arg(long, value_name = "REGION")]
    pub region: Option<RegionName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// A compact timeline for a terminal: one line per action with its offsets
    Text,
    /// One JSON document per run (a stable contract, "version": 1)
    Json,
    /// Markdown: per template a heading and a ```mermaid block (a gantt chart when every time
    /// is known, else a flowchart of the startAfter order), for pull requests and job summaries
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                exit::FAILURE
            } else {
                exit::CLEAN
            });
        }
    };
    let status = match cli.command {
        Command::Check(args) => check_cmd::run(&args),
        Command::Rules { format } => rules_cmd::list(format),
        Command::Rule { code } => rules_cmd::show(&code),
        Command::Policy(args) => policy_cmd::run(&args),
        Command::Explain(args) => explain_cmd::run(&args),
        Command::Mcp(args) => mcp_cmd::run(&args),
        Command::Lsp => lsp_cmd::run(),
        Command::Catalog(command) => catalog_cmd::run(&command),
    };
    if STDOUT_FAILED.load(Ordering::Relaxed) && status == exit::CLEAN {
        return ExitCode::from(exit::FAILURE);
    }
    ExitCode::from(status)
}

/// Set when writing standard output failed for a reason other than a closed pipe.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output for [`out!`] and [`outln!`]. A closed pipe drops the rest
/// quietly (the status stays what it would have been); any other failure is reported once and
/// fails the run.
pub fn write_stdout(text: fmt::Arguments<'_>) {
    let result = io::stdout().lock().write_fmt(text);
    if let Err(error) = result
        && !is_closed_pipe(&error)
        && !STDOUT_FAILED.swap(true, Ordering::Relaxed)
    {
        fail(format!("cannot write to standard output: {error}"));
    }
}

/// Whether a write failed because the reader went away (`| head`): not worth an error.
pub fn is_closed_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

/// Prints a one-line error the way every command does.
pub fn fail(message: impl fmt::Display) -> u8 {
    warn(format_args!("error: {message}"));
    exit::FAILURE
}

/// Prints a fixed error (configuration, walking) as miette renders it: its code, the message,
/// and for an error in a file the line it is on, numbered, with the value underlined.
pub fn fail_with(error: &dyn miette::Diagnostic) -> u8 {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut rendered = String::new();
    // Rendering into a String fails only for a broken Display impl: fall back to the one line.
    if handler.render_report(&mut rendered, error).is_err() {
        return fail(error);
    }
    let _ = write!(io::stderr().lock(), "fislint: error: {rendered}");
    exit::FAILURE
}

/// Writes `fislint: …` to standard error. A closed standard error is no reason to panic, as
/// `eprintln!` would.
pub fn warn(message: impl fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "fislint: {message}");
}
