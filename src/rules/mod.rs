//! The rules: one file per rule, each a documented struct registered once in [`ALL`].

mod dangling_target_reference;
mod deprecated_action;
mod duplicate_key;
mod invalid_log_configuration;
mod invalid_parameter_value;
mod invalid_role_arn;
mod invalid_selection_mode;
mod invalid_ssm_document_parameters;
mod invalid_stop_condition;
mod invalid_syntax;
mod invalid_target_selection;
mod missing_action_target;
mod missing_actions;
mod missing_required_parameter;
mod missing_role_permission;
mod missing_stop_condition;
mod quota_exceeded;
mod resource_arn_mismatch;
mod schema_violation;
mod stale_target;
mod start_after_cycle;
mod suppression_without_reason;
mod target_type_mismatch;
mod unbounded_blast_radius;
mod unknown_action_id;
mod unknown_parameter;
mod unknown_resource_type;
mod unknown_ssm_document;
mod unknown_start_after;
mod unsupported_target_key;
mod untrusted_experiment_role;
mod unused_suppression;
mod unused_target;

pub use dangling_target_reference::DanglingTargetReference;
pub use deprecated_action::DeprecatedAction;
pub use duplicate_key::DuplicateKey;
pub use invalid_log_configuration::InvalidLogConfiguration;
pub use invalid_parameter_value::InvalidParameterValue;
pub use invalid_role_arn::InvalidRoleArn;
pub use invalid_selection_mode::InvalidSelectionMode;
pub use invalid_ssm_document_parameters::InvalidSsmDocumentParameters;
pub use invalid_stop_condition::InvalidStopCondition;
pub use invalid_syntax::InvalidSyntax;
pub use invalid_target_selection::InvalidTargetSelection;
pub use missing_action_target::MissingActionTarget;
pub use missing_actions::MissingActions;
pub use missing_required_parameter::MissingRequiredParameter;
pub use missing_role_permission::MissingRolePermission;
pub use missing_stop_condition::MissingStopCondition;
pub use quota_exceeded::QuotaExceeded;
pub use resource_arn_mismatch::ResourceArnMismatch;
pub use schema_violation::SchemaViolation;
pub use stale_target::StaleTarget;
pub use start_after_cycle::StartAfterCycle;
pub use suppression_without_reason::SuppressionWithoutReason;
pub use target_type_mismatch::TargetTypeMismatch;
pub use unbounded_blast_radius::UnboundedBlastRadius;
pub use unknown_action_id::UnknownActionId;
pub use unknown_parameter::UnknownParameter;
pub use unknown_resource_type::UnknownResourceType;
pub use unknown_ssm_document::UnknownSsmDocument;
pub use unknown_start_after::UnknownStartAfter;
pub use unsupported_target_key::UnsupportedTargetKey;
pub use untrusted_experiment_role::UntrustedExperimentRole;
pub use unused_suppression::UnusedSuppression;
pub use unused_target::UnusedTarget;

mod context;
pub mod docs;

pub use context::{Context, KnownAction, ParameterSet};

// Rules declare their identity with the type every finding carries it in.
pub use crate::diagnostic::RuleMeta;

/// Every rule, in code order. Registering a rule is one line here.
pub static ALL: &[&dyn Rule] = &[
    &InvalidSyntax,
    &UnknownActionId,
    &UnknownResourceType,
    &MissingStopCondition,
    &DanglingTargetReference,
    &UnsupportedTargetKey,
    &TargetTypeMismatch,
    &MissingActionTarget,
    &UnknownParameter,
    &MissingRequiredParameter,
    &InvalidParameterValue,
    &UnknownStartAfter,
    &StartAfterCycle,
    &InvalidSelectionMode,
    &InvalidTargetSelection,
    &UnusedTarget,
    &InvalidStopCondition,
    &InvalidRoleArn,
    &ResourceArnMismatch,
    &InvalidLogConfiguration,
    &SchemaViolation,
    &DeprecatedAction,
    &UnboundedBlastRadius,
    &MissingRolePermission,
    &InvalidSsmDocumentParameters,
    &UnknownSsmDocument,
    &MissingActions,
    &StaleTarget,
    &QuotaExceeded,
    &UntrustedExperimentRole,
    &DuplicateKey,
    // FIS100 and up: findings about fislint's own suppressions, judged after the rules run.
    &UnusedSuppression,
    &SuppressionWithoutReason,
];

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Reports every finding of this rule in one experiment template.
    fn check(&self, ctx: &mut Context<'_>);

    /// A generic rule stays quiet about a value a more specific rule already reported.
    fn yields_to_specific_rules(&self) -> bool {
        false
    }
}

/// The rule with this code: the one lookup by code, for configuration, suppressions and output.
pub fn by_code(code: &str) -> Result<&'static dyn Rule, UnknownCode> {
    index_of(code)
        .and_then(|index| ALL.get(index).copied())
        .ok_or_else(|| UnknownCode {
            nearest: crate::catalog::nearest(code, ALL.iter().map(|rule| rule.meta().code)),
        })
}

/// The rule a person asked for: by its code in any case, or by its name.
pub fn by_code_or_name(wanted: &str) -> Option<&'static dyn Rule> {
    by_code(&wanted.to_ascii_uppercase())
        .ok()
        .or_else(|| ALL.iter().copied().find(|rule| rule.meta().name == wanted))
}

/// A rule's place in [`ALL`], which SARIF's `ruleIndex` refers to.
pub fn index_of(code: &str) -> Option<usize> {
    ALL.iter().position(|rule| rule.meta().code == code)
}

/// A code no rule has, with the nearest one that does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCode {
    pub nearest: Option<&'static str>,
}

impl UnknownCode {
    /// `` did you mean `FIS003`? ``, when a code is near enough to suggest.
    pub fn did_you_mean(&self) -> Option<String> {
        self.nearest
            .map(|near| format!("did you mean {}?", crate::diagnostic::quoted(near)))
    }
}

/// Declares a rule struct whose doc comment is its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const CODE: &'static str = $code;
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                raw_docs: concat!($($doc, "\n"),+),
            };
        }
    };
}
pub(crate) use declare_rule;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_found_by_its_code_and_an_unknown_code_gets_the_nearest() {
        let found = by_code(UnknownActionId::CODE).map(|rule| rule.meta().name);
        assert_eq!(found, Ok("unknown-action-id"));
        let unknown = by_code("FIS1O1").err();
        assert_eq!(
            unknown.and_then(|u| u.did_you_mean()),
            Some("did you mean `FIS101`?".to_owned())
        );
        assert_eq!(
            by_code("nothing like it").err(),
            Some(UnknownCode { nearest: None })
        );
    }

    #[test]
    fn people_may_name_a_rule_by_code_in_any_case_or_by_name() {
        let code = |rule: Option<&dyn Rule>| rule.map(|r| r.meta().code);
        assert_eq!(code(by_code_or_name("fis001")), Some(UnknownActionId::CODE));
        assert_eq!(
            code(by_code_or_name("unknown-action-id")),
            Some(UnknownActionId::CODE)
        );
        assert_eq!(code(by_code_or_name("Unknown-Action-Id")), None);
    }

    #[test]
    fn the_index_is_the_place_in_all() {
        for (place, rule) in ALL.iter().enumerate() {
            assert_eq!(index_of(rule.meta().code), Some(place));
        }
        assert_eq!(index_of("FIS999"), None);
    }
}
