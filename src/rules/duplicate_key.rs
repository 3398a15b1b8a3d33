use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::source::DuplicateKey as Repeat;
use crate::template::TERRAFORM_RESOURCE_TYPE;

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same object of a template file, at the second (and any
    /// later) occurrence, with the first one labelled. Only files that hold an experiment template
    /// are checked, and the whole file is: a repeated resource or section loses part of the
    /// template as surely as a repeated property does. In Terraform, where HCL itself rejects a
    /// repeated attribute, the repeat is two `action` or `target` blocks with the same `name`, or
    /// two `parameter` or `resource_tag` blocks with the same `key`, reported at the second.
    ///
    /// ## Why is this bad?
    /// Only one of the values is used, and nothing says which was meant. JSON readers, the AWS CLI
    /// and SDKs among them, keep the last value, so the FIS API never sees the first one.
    /// CloudFormation accepts such a template, silently picks one of the values, and documents
    /// the result of a repeated top-level section as undefined behaviour. YAML 1.2, the version
    /// fislint reads, requires the keys of a mapping to be unique, and cfn-lint reports a repeat
    /// as an error (E0000). A second `Actions` map or a second `StopConditions` list is usually a
    /// merge or copy-and-paste slip that removes an action or the alarm. An error by default,
    /// since no template needs a repeated key; `[severity] FIS030 = "warning"` in `fislint.toml`
    /// makes it a warning.
    ///
    /// ## Example
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: !GetAtt ErrorRateAlarm.Arn
    /// StopConditions:
    ///   - Source: none
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// StopConditions:
    ///   - Source: aws:cloudwatch:alarm
    ///     Value: !GetAtt ErrorRateAlarm.Arn
    /// ```
    ///
    /// ## Fix availability
    /// None: which of the repeated values was meant is not in the file.
    ///
    /// ## References
    /// - [CloudFormation template format](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html)
    /// - [CloudFormation accepts duplicate keys and silently picks one (cfn-language-discussion#96)](https://github.com/aws-cloudformation/cfn-language-discussion/issues/96)
    /// - [YAML 1.2.2: mappings](https://yaml.org/spec/1.2.2/#mapping)
    /// - [RFC 8259: objects](https://www.rfc-editor.org/rfc/rfc8259#section-4)
    pub struct DuplicateKey {
        code: "FIS030",
        name: "duplicate-key",
        severity: Error,
    }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Repeats are a property of the file, not of one experiment: the linter finds them once per
    /// file and reports them through [`Self::diagnostic`].
    fn check(&self, _ctx: &mut Context<'_>) {}
}

impl DuplicateKey {
    pub fn diagnostic(repeat: &Repeat) -> Diagnostic {
        Diagnostic::new(
            &Self::META,
            format!("duplicate key {}", quoted(&repeat.key)),
            repeat.span,
            repeat.pointer.clone(),
        )
        .with_label("written again here")
        .with_secondary(repeat.first, "first written here")
        .with_help(if is_terraform(repeat) {
            // HCL rejects a repeated attribute or object key, so a Terraform repeat is two
            // blocks with one `name` or `key`; the provider keeps one of them, in set order.
            format!(
                "keep one block with {}: the provider sends FIS only one of them, whichever its \
                 set order puts last, so what the other says is lost; merge them if both hold \
                 something you need",
                quoted(&repeat.key)
            )
        } else {
            format!(
                "keep one {}: only one of the values is used (the last, in most readers), so \
                 what the other says is lost; merge them if both hold something you need",
                quoted(&repeat.key)
            )
        })
    }
}

/// Whether the repeat is inside a Terraform resource, whose normalized tree is keyed by address.
fn is_terraform(repeat: &Repeat) -> bool {
    repeat
        .pointer
        .as_str()
        .strip_prefix('/')
        .and_then(|path| path.strip_prefix(TERRAFORM_RESOURCE_TYPE))
        .is_some_and(|rest| rest.starts_with('.'))
}
