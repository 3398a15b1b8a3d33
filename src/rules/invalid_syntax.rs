use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::source::{ParseError, ParseErrorKind, Pointer};

declare_rule! {
    /// ## What it does
    /// Reports a file that cannot be parsed as JSON or YAML, at the position where parsing
    /// failed. Files found while walking a directory are reported only when they mention
    /// `AWS::FIS::ExperimentTemplate`, `actionId` or `ActionId`; other unparsable files are
    /// skipped, since they are not templates. Files named on the command line are always reported.
    ///
    /// ## Why is this bad?
    /// Neither FIS nor CloudFormation will accept the template, and no other check can run on it.
    /// Binary files, text that is not UTF-8, nesting deeper than 128 levels and YAML aliases that
    /// expand without bound are reported the same way.
    ///
    /// ## Example
    /// ```yaml
    /// Resources:
    ///   Experiment:
    ///     Type: AWS::FIS::ExperimentTemplate
    ///     Properties:
    ///     	Description: indented with a tab
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Resources:
    ///   Experiment:
    ///     Type: AWS::FIS::ExperimentTemplate
    ///     Properties:
    ///       Description: indented with spaces
    /// ```
    ///
    /// ## Fix availability
    /// None: where the text stops parsing, what was meant is not known.
    ///
    /// ## References
    /// - [RFC 8259: The JSON data interchange format](https://www.rfc-editor.org/rfc/rfc8259)
    /// - [YAML 1.2.2](https://yaml.org/spec/1.2.2/)
    /// - [CloudFormation template formats](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html)
    pub struct InvalidSyntax {
        code: "FIS000",
        name: "invalid-syntax",
        severity: Error,
    }
}

impl Rule for InvalidSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Parse failures never reach the rules; the linter reports them through [`Self::diagnostic`].
    fn check(&self, _ctx: &mut Context<'_>) {}
}

impl InvalidSyntax {
    pub fn diagnostic(error: &ParseError) -> Diagnostic {
        let (what, help) = match error.kind {
            ParseErrorKind::Json => ("invalid JSON", "fix the JSON syntax at the marked position"),
            ParseErrorKind::Yaml => (
                "invalid YAML",
                "fix the YAML syntax at the marked position (YAML indents with spaces, never tabs)",
            ),
            ParseErrorKind::Hcl => (
                "invalid HCL",
                "fix the Terraform syntax at the marked position (`terraform validate` says more)",
            ),
            ParseErrorKind::Encoding => (
                "unreadable text",
                "save the template as UTF-8 text, or exclude this file from linting",
            ),
            ParseErrorKind::Limit => (
                "input beyond fislint's limits",
                "FIS templates are small and shallow; check that this is the file you meant",
            ),
        };
        Diagnostic::new(
            &Self::META,
            format!("{what}: {}", quote_message(&error.message)),
            error.span,
            Pointer::root(),
        )
        .with_help(help)
    }
}

/// Parser messages are free text; quote them so the message follows the house convention.
fn quote_message(message: &str) -> String {
    format!("`{}`", message.trim_end_matches('.'))
}
