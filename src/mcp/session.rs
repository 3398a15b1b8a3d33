//! What one MCP session has already been told, so standing notes are given once, not on every
//! result.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// The notes a session has been given. A clone shares them; each session starts a fresh set.
#[derive(Debug, Clone, Default)]
pub struct SessionNotes(Arc<Mutex<HashSet<String>>>);

impl SessionNotes {
    /// Whether `note` has not been given in this session before (and records that it now is).
    pub fn first_time(&self, note: &str) -> bool {
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.contains(note) {
            return false;
        }
        seen.insert(note.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_given_once_per_session() {
        let session = SessionNotes::default();
        assert!(session.first_time("a"));
        assert!(!session.first_time("a"));
        assert!(!session.clone().first_time("a"));
        assert!(session.first_time("b"));
        assert!(SessionNotes::default().first_time("a"));
    }
}
