//! `per-file-ignores`: rule codes turned off in the files a glob matches.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::walk::absolute_path;

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
    ) -> Result<PerFileIgnores, String> {
        let mut builder = GlobSetBuilder::new();
        let mut codes = Vec::new();
        for (pattern, ignored) in entries {
            // Like .gitignore: a pattern without `/` names a file at any depth.
            let anchored = pattern.trim_start_matches('/');
            let pattern = if pattern.contains('/') {
                anchored.to_owned()
            } else {
                format!("**/{pattern}")
            };
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))?;
            builder.add(glob);
            codes.push(ignored);
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        Ok(PerFileIgnores {
            base: absolute_path(&cwd, base),
            cwd,
            set: builder.build().map_err(|e| e.to_string())?,
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
