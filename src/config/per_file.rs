//! `per-file-ignores`: rule codes turned off in the files a glob matches.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::walk::absolute_path;

/// A `per-file-ignores` glob that does not parse: which entry (in the order given) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid glob `{pattern}`: {reason}")]
pub struct InvalidGlob {
    pub index: usize,
    pub pattern: String,
    pub reason: String,
}

/// Globs relative to the configuration's directory, each with the codes it turns off.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    base: PathBuf,
    cwd: PathBuf,
    set: GlobSet,
    codes: Vec<Vec<&'static str>>,
}

impl PerFileIgnores {
    pub fn new<'a>(
        base: &Path,
        entries: impl IntoIterator<Item = (&'a str, Vec<&'static str>)>,
    ) -> Result<PerFileIgnores, InvalidGlob> {
        let mut builder = GlobSetBuilder::new();
        let mut codes = Vec::new();
        for (index, (given, ignored)) in entries.into_iter().enumerate() {
            // Like .gitignore: a pattern without `/` names a file at any depth.
            let anchored = given.trim_start_matches('/');
            let pattern = if given.contains('/') {
                anchored.to_owned()
            } else {
                format!("**/{given}")
            };
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| InvalidGlob {
                    index,
                    pattern: given.to_owned(),
                    reason: e.kind().to_string(),
                })?;
            builder.add(glob);
            codes.push(ignored);
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        // Every glob was built above, so the set builds too; were it not to, its error names
        // the glob, and the first entry is the place to point.
        let set = builder.build().map_err(|e| InvalidGlob {
            index: 0,
            pattern: e.glob().unwrap_or_default().to_owned(),
            reason: e.kind().to_string(),
        })?;
        Ok(PerFileIgnores {
            base: absolute_path(&cwd, base),
            cwd,
            set,
            codes,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The codes turned off for a file, by the name it is shown with (relative to the working
    /// directory, or absolute).
    pub fn ignored_in(&self, name: &str) -> Vec<&'static str> {
        if self.is_empty() {
            return Vec::new();
        }
        let absolute = absolute_path(&self.cwd, Path::new(name));
        let Ok(relative) = absolute.strip_prefix(&self.base) else {
            return Vec::new();
        };
        self.set
            .matches(relative)
            .into_iter()
            .flat_map(|i| self.codes[i].iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_relative_to_the_base_or_by_file_name() {
        let ignores = PerFileIgnores::new(
            Path::new("/repo"),
            [("legacy/**", vec!["FIS003"]), ("*.yaml", vec!["FIS001"])],
        )
        .unwrap();
        assert_eq!(ignores.ignored_in("/repo/legacy/a/t.json"), ["FIS003"]);
        assert_eq!(ignores.ignored_in("/repo/x/t.yaml"), ["FIS001"]);
        assert!(ignores.ignored_in("/repo/x/legacy.json").is_empty());
        assert!(ignores.ignored_in("/other/legacy/t.json").is_empty());
        assert!(PerFileIgnores::default().ignored_in("x").is_empty());
    }
}
