//! The repository root that SARIF and GitHub output name files relative to.

use std::path::{Path, PathBuf};

use crate::walk::absolute_path;

/// The directory files are reported relative to (SARIF's `%SRCROOT%`, GitHub's workspace).
#[derive(Debug, Clone)]
pub struct SourceRoot {
    /// Absolute and free of `.` and `..`.
    pub dir: PathBuf,
    /// The working directory the display names are relative to.
    cwd: PathBuf,
}

impl SourceRoot {
    pub fn new(dir: PathBuf, cwd: PathBuf) -> SourceRoot {
        SourceRoot {
            dir: absolute_path(&cwd, &dir),
            cwd,
        }
    }

    /// The git work tree holding the first checked path; outside git, the working directory
    /// when it holds that path, else the checked directory itself (a named file's directory).
    pub fn discover(paths: &[PathBuf]) -> SourceRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let first = paths
            .first()
            .map_or_else(|| cwd.clone(), |p| absolute_path(&cwd, p));
        let first = std::fs::canonicalize(&first).unwrap_or(first);
        let start = if first.is_dir() {
            first.clone()
        } else {
            first
                .parent()
                .map_or_else(|| first.clone(), Path::to_path_buf)
        };
        let dir = start
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| {
                if first.starts_with(&cwd) {
                    cwd.clone()
                } else {
                    start.clone()
                }
            });
        SourceRoot::new(dir, cwd)
    }

    /// A file's display name as a `/`-separated path relative to the root, or `None` when the
    /// file lies outside it.
    pub fn relative(&self, name: &str) -> Option<String> {
        let absolute = self.absolute(name);
        let inside = match absolute.strip_prefix(&self.dir) {
            Ok(inside) => inside.to_path_buf(),
            // The path may reach the root through a symbolic link.
            Err(_) => std::fs::canonicalize(&absolute)
                .ok()?
                .strip_prefix(&self.dir)
                .ok()?
                .to_path_buf(),
        };
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// The absolute path of a file, for when it lies outside the root.
    pub fn absolute(&self, name: &str) -> PathBuf {
        absolute_path(&self.cwd, Path::new(name))
    }
}

/// Percent-encodes a `/`-separated path for use as a URI reference: everything but unreserved
/// characters and `/` (so a `:` cannot read as a scheme, nor a space break the URI).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A `file:` URI for an absolute path; directories end in `/` as SARIF base URIs must.
pub fn file_uri(path: &Path, is_dir: bool) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = format!("file://{}", encode_uri_path(&text));
    if !text.starts_with('/') {
        uri.insert(7, '/');
    }
    if is_dir && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_paths_relative_to_the_root() {
        let root = SourceRoot::new("/repo".into(), "/repo/sub".into());
        assert_eq!(root.relative("a/b.json").as_deref(), Some("sub/a/b.json"));
        assert_eq!(root.relative("../c.yaml").as_deref(), Some("c.yaml"));
        assert_eq!(
            root.relative("/repo/x/./y.json").as_deref(),
            Some("x/y.json")
        );
        assert_eq!(root.relative("/elsewhere/t.json"), None);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("a b/c:d/é.json"), "a%20b/c%3Ad/%C3%A9.json");
        assert_eq!(
            file_uri(Path::new("/home/r 1"), true),
            "file:///home/r%201/"
        );
        assert_eq!(file_uri(Path::new("/x/t.json"), false), "file:///x/t.json");
    }
}
