//! JSON Pointers (RFC 6901): how diagnostics name the offending value independently of syntax.

use std::fmt;

use serde::Serialize;

/// An RFC 6901 pointer such as `/Resources/Exp/Properties/Actions/stop/ActionId`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// This pointer extended by one object key or array index.
    pub fn child(&self, segment: impl fmt::Display) -> Pointer {
        use fmt::Write;
        let mut out = String::with_capacity(self.0.len() + 16);
        out.push_str(&self.0);
        out.push('/');
        let start = out.len();
        // Written in place; escaped only when it holds `~` or `/` (a pointer per node is built
        // for every finding, so the common case allocates once).
        let _ = write!(out, "{segment}");
        if out[start..].contains(['~', '/']) {
            let escaped = out[start..].replace('~', "~0").replace('/', "~1");
            out.truncate(start);
            out.push_str(&escaped);
        }
        Pointer(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens; `None` for a string that is not a pointer.
    pub fn segments(pointer: &str) -> Option<impl Iterator<Item = String> + '_> {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return None;
        }
        Some(pointer.split('/').skip(1).map(|token| {
            if token.contains('~') {
                token.replace("~1", "/").replace("~0", "~")
            } else {
                token.to_owned()
            }
        }))
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.0 == other.0
            || (self.0.starts_with(&other.0) && self.0.as_bytes().get(other.0.len()) == Some(&b'/'))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_round_trip() {
        let p = Pointer::root()
            .child("a/b")
            .child("m~n")
            .child(3)
            .child("~1/");
        assert_eq!(p.as_str(), "/a~1b/m~0n/3/~01~1");
        let back: Vec<String> = Pointer::segments(p.as_str()).unwrap().collect();
        assert_eq!(back, ["a/b", "m~n", "3", "~1/"]);
    }

    #[test]
    fn prefix_matching_respects_segment_boundaries() {
        let parent = Pointer::root().child("Targets");
        assert!(parent.child("x").starts_with(&parent));
        assert!(parent.starts_with(&parent));
        assert!(!Pointer::root().child("TargetsX").starts_with(&parent));
    }
}
