//! `fislint.toml`: finding it, reading it strictly, and turning it (with the command line's
//! overrides) into the rule set, region and exclusions of a run.

mod file;
mod per_file;

use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{NamedSource, SourceSpan};

pub use file::{ConfigFile, Level, schema};
pub use per_file::{InvalidGlob, PerFileIgnores};

use crate::cache::RegionName;
use crate::diagnostic::Severity;
use crate::lint::RuleSet;
use crate::rules::{ALL, InvalidSyntax, Rule};
use crate::walk::Exclude;

pub const FILE_NAME: &str = "fislint.toml";

/// A configuration problem: always names the file, and points at the value when there is one
/// (miette renders the file's line, with its number and column, under the message).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("{path}: cannot read: {error}")]
    #[diagnostic(code(fislint::config::read))]
    Read { path: String, error: std::io::Error },
    #[error("{message}")]
    #[diagnostic(code(fislint::config::invalid))]
    Invalid {
        message: String,
        #[source_code]
        file: NamedSource<String>,
        /// The offending value; `None` only when the TOML reader gave no position.
        #[label]
        span: Option<SourceSpan>,
    },
    /// A command-line value, which has no file or line.
    #[error("{0}")]
    #[diagnostic(code(fislint::config::argument))]
    Argument(String),
}

/// A configuration file, read and checked.
#[derive(Debug)]
pub struct Config {
    /// The file it came from; `None` when no file was found.
    pub path: Option<PathBuf>,
    pub file: ConfigFile,
    /// The file's text, for errors found after reading (globs) to point into.
    text: String,
}

/// What the command line says, which wins over the file.
#[derive(Debug, Default)]
pub struct Overrides<'a> {
    pub select: Option<&'a [String]>,
    pub ignore: Option<&'a [String]>,
    pub region: Option<&'a RegionName>,
}

/// Everything a run takes from the configuration.
pub struct Resolved {
    pub rules: RuleSet,
    pub region: Option<RegionName>,
    pub exclude: Option<Exclude>,
}

impl Config {
    /// The nearest `fislint.toml` at or above `start` (a file's directory, or a directory).
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let absolute = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let dir = if absolute.is_dir() {
            absolute.as_path()
        } else {
            absolute.parent().unwrap_or(&absolute)
        };
        match dir
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|f| f.is_file())
        {
            Some(path) => Config::load(&path),
            None => Ok(Config {
                path: None,
                file: ConfigFile::default(),
                text: String::new(),
            }),
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: shown.clone(),
            error,
        })?;
        let file = parse(&text, &shown)?;
        Ok(Config {
            path: Some(path.to_path_buf()),
            file,
            text,
        })
    }

    /// The directory globs in the file are relative to (made absolute by their matchers).
    fn base(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The rule set, region and exclusions for a run, with the command line's overrides.
    pub fn resolve(&self, overrides: &Overrides<'_>) -> Result<Resolved, ConfigError> {
        let cli_codes = |flag: &str, codes: &[String]| -> Result<Vec<&'static str>, ConfigError> {
            codes
                .iter()
                // `--ignore ''` is an empty list.
                .filter(|code| !code.trim().is_empty())
                .map(|code| {
                    known(code.trim()).ok_or_else(|| {
                        ConfigError::Argument(format!("{flag}: {}", unknown_code(code.trim())))
                    })
                })
                .collect()
        };
        let file_codes = |codes: &[file::RuleCode]| -> Vec<&'static str> {
            // Checked in `parse`: every code here is known.
            codes.iter().filter_map(|c| known(c.0.get_ref())).collect()
        };
        let select = match overrides.select {
            Some(codes) => {
                let codes = cli_codes("--select", codes)?;
                // Every rule off is not what an empty value means to anyone who typed it.
                if codes.is_empty() {
                    return Err(ConfigError::Argument(format!(
                        "--select: {NO_RULE_SELECTED}; leave out --select to run every rule"
                    )));
                }
                Some(codes)
            }
            None => self.file.select.as_ref().map(|s| file_codes(s.get_ref())),
        };
        let ignore = match overrides.ignore {
            Some(codes) => cli_codes("--ignore", codes)?,
            None => file_codes(&self.file.ignore),
        };
        let enabled = ALL
            .iter()
            .copied()
            .filter(|rule| {
                let code = rule.meta().code;
                // A file that does not parse is reported whatever the selection, as ruff does;
                // only an explicit `ignore` silences it.
                let selected = code == InvalidSyntax::CODE
                    || select.as_ref().is_none_or(|s| s.contains(&code));
                selected && !ignore.contains(&code)
            })
            .map(|rule| (rule, self.severity_of(rule)))
            .collect();

        let base = self.base();
        let globs: Vec<&file::Glob> = self.file.per_file_ignores.keys().collect();
        let per_file = PerFileIgnores::new(
            &base,
            self.file
                .per_file_ignores
                .iter()
                .map(|(glob, codes)| (glob.0.get_ref().as_str(), file_codes(codes))),
        )
        .map_err(|error| {
            let span = globs.get(error.index).map(|glob| glob.0.span());
            self.invalid_at(span.unwrap_or(0..0), error.to_string())
        })?;
        let exclude = if self.file.exclude.is_empty() {
            None
        } else {
            let lines: Vec<&str> = self
                .file
                .exclude
                .iter()
                .map(|g| g.0.get_ref().as_str())
                .collect();
            let exclude = Exclude::new(&base, &lines).map_err(|error| {
                let span = error.index.map(|i| self.file.exclude[i].0.span());
                self.invalid_at(span.unwrap_or(0..0), error.to_string())
            })?;
            Some(exclude)
        };

        let region = match overrides.region {
            Some(region) => Some(region.clone()),
            None => self.file.region.as_ref().map(|r| r.get_ref().clone()),
        };
        Ok(Resolved {
            rules: RuleSet::new(enabled).with_per_file_ignores(per_file),
            region,
            exclude,
        })
    }

    fn severity_of(&self, rule: &dyn Rule) -> Severity {
        let code = rule.meta().code;
        self.file
            .severity
            .iter()
            .find(|(c, _)| c.0.get_ref() == code)
            .map_or(rule.meta().severity, |(_, level)| match level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
            })
    }

    /// An error at a value of this file, found after it was read.
    fn invalid_at(&self, span: Range<usize>, message: String) -> ConfigError {
        let path = self
            .path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        invalid(&path, &self.text, Some(span), message)
    }
}

/// A configuration error pointing at `span` of the file's text.
fn invalid(path: &str, text: &str, span: Option<Range<usize>>, message: String) -> ConfigError {
    ConfigError::Invalid {
        message,
        file: NamedSource::new(path, text.to_owned()),
        span: span.map(SourceSpan::from),
    }
}

/// Reads the text strictly: unknown keys, wrong types, unknown codes and bad region names are
/// errors at their value. Globs are judged by their matchers, in `resolve`.
fn parse(text: &str, path: &str) -> Result<ConfigFile, ConfigError> {
    let at = |span: Option<Range<usize>>, message: String| invalid(path, text, span, message);
    let file: ConfigFile =
        toml::from_str(text).map_err(|e| at(e.span(), e.message().trim().to_owned()))?;

    if let Some(select) = &file.select
        && select.get_ref().is_empty()
    {
        return Err(at(
            Some(select.span()),
            format!("`select`: {NO_RULE_SELECTED}; remove `select` to run every rule"),
        ));
    }
    let lists = file
        .select
        .iter()
        .flat_map(|s| s.get_ref())
        .chain(&file.ignore)
        .chain(file.severity.keys())
        .chain(file.per_file_ignores.values().flatten());
    for code in lists {
        if known(code.0.get_ref()).is_none() {
            return Err(at(Some(code.0.span()), unknown_code(code.0.get_ref())));
        }
    }
    Ok(file)
}

const NO_RULE_SELECTED: &str = "an empty selection would turn every rule off";

/// The static code of a known rule.
fn known(code: &str) -> Option<&'static str> {
    ALL.iter()
        .map(|rule| rule.meta().code)
        .find(|&known| known == code)
}

fn unknown_code(code: &str) -> String {
    let codes = ALL.iter().map(|rule| rule.meta().code);
    match crate::catalog::nearest(code, codes) {
        Some(near) => format!("unknown rule code `{code}` (did you mean `{near}`?)"),
        None => format!("unknown rule code `{code}` (`fislint rules` lists them)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error as `path:line:column: message`, the position found from its span.
    fn error_of(text: &str) -> String {
        match parse(text, "fislint.toml").unwrap_err() {
            ConfigError::Invalid { message, span, .. } => {
                let at = span.map_or(0, |s| s.offset());
                let position = crate::source::LineIndex::new(text).line_col(text, at);
                format!(
                    "fislint.toml:{}:{}: {message}",
                    position.line, position.column
                )
            }
            other => other.to_string(),
        }
    }

    #[test]
    fn a_full_file_reads() {
        let file = parse(
            "select = [\"FIS001\", \"FIS003\"]\nignore = []\nregion = \"us-gov-west-1\"\n\
             exclude = [\"vendor/\"]\n[severity]\nFIS003 = \"error\"\n\
             [per-file-ignores]\n\"legacy/**\" = [\"FIS001\"]\n",
            "fislint.toml",
        )
        .unwrap();
        assert_eq!(file.select.map(|s| s.get_ref().len()), Some(2));
        assert_eq!(file.per_file_ignores.len(), 1);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert!(
            error_of("select = [\"FIS001\"]\nselct = []\n")
                .starts_with("fislint.toml:2:1: unknown field `selct`"),
            "{}",
            error_of("select = [\"FIS001\"]\nselct = []\n")
        );
        assert_eq!(
            error_of("region = \"us-east-1\"\nselect = []\n"),
            "fislint.toml:2:10: `select`: an empty selection would turn every rule off; \
             remove `select` to run every rule"
        );
        assert_eq!(
            error_of("\nignore = [\"FIS001\", \"FIS999\"]\n"),
            "fislint.toml:2:21: unknown rule code `FIS999` (`fislint rules` lists them)"
        );
        assert!(error_of("ignore = \"FIS001\"\n").starts_with("fislint.toml:1:10: invalid type"));
        assert!(error_of("ignore = [\n").starts_with("fislint.toml:1:11: unclosed array"));
        assert!(error_of("region = \"../mars\"\n").contains("invalid region \"../mars\""));
        assert!(error_of("[severity]\nFIS001 = \"fatal\"\n").starts_with("fislint.toml:2:10:"));
    }
}
