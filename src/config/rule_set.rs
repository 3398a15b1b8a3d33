//! The rules a run applies, at the severity each reports with, and where each is turned off.

use super::PerFileIgnores;
use crate::diagnostic::Severity;
use crate::rules::{ALL, Rule};

/// The rules a run applies, each at the severity it reports with.
#[derive(Clone)]
pub struct RuleSet {
    enabled: Vec<(&'static dyn Rule, Severity)>,
    per_file: PerFileIgnores,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::new(
            ALL.iter()
                .map(|&rule| (rule, rule.meta().severity))
                .collect(),
        )
    }
}

impl RuleSet {
    pub fn new(enabled: Vec<(&'static dyn Rule, Severity)>) -> RuleSet {
        RuleSet {
            enabled,
            per_file: PerFileIgnores::default(),
        }
    }

    /// Also turns rules off in the files the configuration's globs match.
    pub fn with_per_file_ignores(mut self, per_file: PerFileIgnores) -> RuleSet {
        self.per_file = per_file;
        self
    }

    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.enabled
            .iter()
            .find(|(rule, _)| rule.meta().code == code)
            .map(|&(_, severity)| severity)
    }

    pub fn rules(&self) -> impl Iterator<Item = (&'static dyn Rule, Severity)> + '_ {
        self.enabled.iter().copied()
    }

    /// The codes the configuration turns off in the file with this name.
    pub fn ignored_in(&self, file: &str) -> Vec<&'static str> {
        self.per_file.ignored_in(file)
    }
}
