use super::{Context, Rule, RuleMeta, UnknownCode, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::source::{Pointer, Span};

declare_rule! {
    /// ## What it does
    /// Reports an entry of a `Metadata: {fislint: {ignore: [...]}}` suppression that suppresses
    /// nothing: no finding of its code lies in its scope (the resource, or the whole template for
    /// template-level `Metadata`), its code names no rule, or it is neither a rule code nor a
    /// `{code, reason}` object. A suppression of a rule that the configuration turns off is not
    /// reported.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the finding it was written for: once the template is fixed, it
    /// stays behind and would silently hide the same mistake if it came back. One with a typo in
    /// its code never worked at all.
    ///
    /// ## Example
    /// ```yaml
    /// Experiment:
    ///   Type: AWS::FIS::ExperimentTemplate
    ///   Metadata:
    ///     fislint:
    ///       ignore:
    ///         - code: FIS003
    ///           reason: the alarm is added by the pipeline
    ///   Properties:
    ///     StopConditions:
    ///       - Source: aws:cloudwatch:alarm
    ///         Value: !GetAtt ErrorRateAlarm.Arn
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Experiment:
    ///   Type: AWS::FIS::ExperimentTemplate
    ///   Properties:
    ///     StopConditions:
    ///       - Source: aws:cloudwatch:alarm
    ///         Value: !GetAtt ErrorRateAlarm.Arn
    /// ```
    ///
    /// ## Fix availability
    /// None: removing an entry edits the list around it, which fislint's fixes, one scalar each, do
    /// not do.
    ///
    /// ## References
    /// - [CloudFormation `Metadata` attribute](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html)
    /// - [ruff's `unused-noqa`, the same idea for Python](https://docs.astral.sh/ruff/rules/unused-noqa/)
    pub struct UnusedSuppression {
        code: "FIS100",
        name: "unused-suppression",
        severity: Warning,
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Suppressions are judged after every rule has run; see `crate::suppress`.
    fn check(&self, _ctx: &mut Context<'_>) {}
}

impl UnusedSuppression {
    pub fn unused(code: &str, scope: &str, span: Span, pointer: Pointer) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!(
                "suppression of {} matches no finding in {scope}",
                quoted(code)
            ),
            span,
            pointer,
        )
        .with_label("suppresses nothing")
        .with_help("remove this suppression: the finding it was written for is gone")
    }

    pub fn unknown_code(
        code: &str,
        unknown: UnknownCode,
        span: Span,
        pointer: Pointer,
    ) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!("suppression of unknown rule code {}", quoted(code)),
            span,
            pointer,
        )
        .with_label("no such rule")
        .with_help(unknown.did_you_mean().unwrap_or_else(|| {
            "use a code that the CLI command `fislint rules` (over MCP, the fis://rules \
             resource) lists"
                .to_owned()
        }))
    }

    pub fn malformed(what: &str, span: Span, pointer: Pointer) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!("{what} is not a list of `{{code, reason}}` suppressions"),
            span,
            pointer,
        )
        .with_label("not understood, so it suppresses nothing")
        .with_help("write `ignore: [{code: FIS003, reason: \"why this is acceptable\"}]`")
    }

    /// A Terraform `fislint:` comment that is not an `ignore` with rule codes.
    pub fn malformed_comment(why: &str, span: Span, pointer: Pointer) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!("this `fislint:` comment {why}"),
            span,
            pointer,
        )
        .with_label("not understood, so it suppresses nothing")
        .with_help("write `# fislint: ignore FIS003 -- why this is acceptable`")
    }
}
