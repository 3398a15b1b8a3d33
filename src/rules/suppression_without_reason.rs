use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::source::{Pointer, Span};

declare_rule! {
    /// ## What it does
    /// Reports a `Metadata: {fislint: {ignore: [...]}}` suppression that gives no `reason`, an
    /// empty one, or a placeholder starting with `TODO` (what the editor's "Suppress here" action
    /// writes): a bare code such as `- FIS003`, or `{code: FIS003}`.
    ///
    /// ## Why is this bad?
    /// A suppression is a decision that a finding is acceptable in this one place. Without the
    /// reason, the next reader cannot tell a deliberate exception from a silenced mistake, nor
    /// know when the exception stops being true.
    ///
    /// ## Example
    /// ```yaml
    /// Metadata:
    ///   fislint:
    ///     ignore:
    ///       - FIS003
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Metadata:
    ///   fislint:
    ///     ignore:
    ///       - code: FIS003
    ///         reason: runs only in the sandbox account, which has no alarms
    /// ```
    ///
    /// ## Fix availability
    /// None: the reason is the author's to write.
    ///
    /// ## References
    /// - [CloudFormation `Metadata` attribute](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html)
    pub struct SuppressionWithoutReason {
        code: "FIS101",
        name: "suppression-without-reason",
        severity: Warning,
    }
}

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Suppressions are judged after every rule has run; see `crate::suppress`.
    fn check(&self, _ctx: &mut Context<'_>) {}
}

impl SuppressionWithoutReason {
    pub fn diagnostic(code: &str, span: Span, pointer: Pointer) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!("suppression of {} gives no reason", quoted(code)),
            span,
            pointer,
        )
        .with_label("why is this finding acceptable here?")
        .with_help("add `reason:` saying why the finding is acceptable in this place")
    }

    /// The same for a Terraform `fislint: ignore` comment, whose reason follows `--`.
    pub fn for_comment(code: &str, span: Span, pointer: Pointer) -> Diagnostic {
        Self::diagnostic(code, span, pointer).with_help(
            "add ` -- ` and the reason after the codes: `# fislint: ignore FIS003 -- why this is \
             acceptable here`",
        )
    }
}
