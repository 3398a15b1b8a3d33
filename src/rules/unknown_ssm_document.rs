use super::{Context, KnownAction, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
use crate::diagnostic::{Diagnostic, Fix, quoted};
use crate::template::{Located, placeholder};

declare_rule! {
    /// ## What it does
    /// Checks the SSM document an `aws:ssm:send-command` or `aws:ssm:start-automation-execution`
    /// action names in `documentArn`: an `AWSFIS-` document that FIS does not provide
    /// (`AWSFIS-Run-Cpu-Stress`, `AWSFIS-Run-Network-Latency-Jitter`), and a document AWS owns
    /// (`AWSFIS-…`, `AWS-…`) in an ARN that carries an account ID. It warns when
    /// `aws:ssm:start-automation-execution` names one of the FIS command documents, which are not
    /// Automation runbooks.
    ///
    /// ## Why is this bad?
    /// SSM reserves document names starting with `aws`, `amazon` and `amzn` for AWS, so no account
    /// can create the missing document: the action fails when the experiment reaches it, after the
    /// actions before it have already injected their faults. Names are case-sensitive. AWS-owned
    /// documents are public and belong to no account: their ARN has an empty account field,
    /// `arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress`, and an ARN with your account ID
    /// names a document your account does not have.
    ///
    /// Documents of your own (any other name) are never reported. The document name is read even
    /// when the rest of the ARN is given by `!Sub` or a `${…}` template variable, since only the
    /// region and partition vary there.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   CpuStress:
    ///     ActionId: aws:ssm:send-command
    ///     Parameters:
    ///       documentArn: !Sub arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:document/AWSFIS-Run-CPU-Stress
    ///       documentParameters: '{"DurationSeconds": "120"}'
    ///       duration: PT5M
    ///     Targets: {Instances: WebServers}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///       documentArn: !Sub arn:aws:ssm:${AWS::Region}::document/AWSFIS-Run-CPU-Stress
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: in a literal ARN, the nearest FIS document name replaces an unknown one (safely
    /// when it differs only in case or is the only name within two edits), and an AWS-owned
    /// document's ARN is safely rewritten with `document/` and without an account. A `Fn::Sub` ARN
    /// needs a person.
    ///
    /// ## References
    /// - [Use Systems Manager SSM documents with AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/actions-ssm-agent.html)
    /// - [CreateDocument: reserved name prefixes](https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html)
    pub struct UnknownSsmDocument {
        code: "FIS025",
        name: "unknown-ssm-document",
        severity: Error,
    }
}

/// The actions whose `documentArn` names an SSM document.
const DOCUMENT_ACTIONS: [&str; 2] = ["aws:ssm:send-command", "aws:ssm:start-automation-execution"];

const AUTOMATION: &str = "aws:ssm:start-automation-execution";

/// Name prefixes of documents AWS owns and publishes without an account. SSM reserves `aws`,
/// `amazon` and `amzn` (CreateDocument); these two are the ones FIS templates use.
const AWS_OWNED_PREFIXES: [&str; 2] = ["AWSFIS-", "AWS-"];

impl Rule for UnknownSsmDocument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for (known, arn) in document_arns(ctx, &DOCUMENT_ACTIONS) {
            let fis_document = ctx.catalog.ssm_document(arn.name);
            if arn.name.to_ascii_uppercase().starts_with("AWSFIS-") && fis_document.is_none() {
                report_unknown(ctx, &arn);
            } else if fis_document.is_some() && known.id_text == AUTOMATION {
                report_not_a_runbook(ctx, &arn);
            } else if AWS_OWNED_PREFIXES.iter().any(|p| arn.name.starts_with(p)) {
                if !arn.names_document {
                    report_not_a_document(ctx, &arn);
                }
                if !arn.account.is_empty() {
                    report_account(ctx, &arn);
                }
            }
        }
    }
}

fn report_unknown(ctx: &mut Context<'_>, arn: &DocumentArn<'_>) {
    let names: Vec<&str> = ctx
        .catalog
        .ssm_documents()
        .map(|d| d.name.as_str())
        .collect();
    let suggestion = ctx.suggest(arn.name, names);
    let help = match suggestion {
        Some(close) => format!("did you mean {}?", quoted(close.name)),
        None => format!(
            "the FIS documents are {}",
            ctx.catalog
                .ssm_documents()
                .filter(|d| d.runs_through_send_command())
                .map(|d| quoted(&d.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    ctx.report(
        Diagnostic::new(
            &UnknownSsmDocument::META,
            format!("unknown FIS SSM document {}", quoted(arn.name)),
            arn.value.span(),
            arn.value.pointer.clone(),
        )
        .with_label("no such FIS document")
        .with_help(help)
        .with_fix(suggestion.and_then(|close| {
            let written = arn.value.text()?;
            // The name ends the ARN; the rest stays as written.
            let kept = written.strip_suffix(arn.name)?;
            let meant = format!("{kept}{}", close.name);
            let fix = ctx.rename(
                arn.value.span(),
                written,
                Suggestion {
                    name: &meant,
                    ..close
                },
            )?;
            Some(Fix {
                title: format!("replace {} with {}", quoted(arn.name), quoted(close.name)),
                ..fix
            })
        })),
    );
}

fn report_not_a_runbook(ctx: &mut Context<'_>, arn: &DocumentArn<'_>) {
    ctx.report(
        Diagnostic::new(
            &UnknownSsmDocument::META,
            format!(
                "{} runs {}, a command document, not an Automation runbook",
                quoted(AUTOMATION),
                quoted(arn.name)
            ),
            arn.value.span(),
            arn.value.pointer.clone(),
        )
        .with_label("not a runbook")
        .with_help("run the FIS documents with `aws:ssm:send-command`, which targets instances")
        // No FIS runbook was found in the sources (facts `automationRunbooks`, medium), which
        // is not proof that none exists.
        .tentative(),
    );
}

fn report_not_a_document(ctx: &mut Context<'_>, arn: &DocumentArn<'_>) {
    ctx.report(
        Diagnostic::new(
            &UnknownSsmDocument::META,
            format!(
                "the ARN of SSM document {} lacks `document/` before the name",
                quoted(arn.name)
            ),
            arn.value.span(),
            arn.value.pointer.clone(),
        )
        .with_label("not a document ARN")
        .with_help(format!("use {}", quoted(arn.corrected())))
        .with_fix(arn.correction(ctx)),
    );
}

fn report_account(ctx: &mut Context<'_>, arn: &DocumentArn<'_>) {
    let without = arn.corrected();
    ctx.report(
        Diagnostic::new(
            &UnknownSsmDocument::META,
            format!(
                "account {} in the ARN of AWS-owned SSM document {}",
                quoted(arn.account),
                quoted(arn.name)
            ),
            arn.value.span(),
            arn.value.pointer.clone(),
        )
        .with_label("AWS-owned documents have no account in their ARN")
        .with_help(format!(
            "leave the account field empty: {}",
            quoted(without)
        ))
        .with_fix(arn.correction(ctx)),
    );
}

/// An SSM document ARN as a template writes it: literal, holding `${…}` template variables, or
/// the template of a `Fn::Sub`. Variables stay in the parts as written; the name is literal.
pub(super) struct DocumentArn<'a> {
    /// The `documentArn` value.
    pub value: Located<'a>,
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub name: &'a str,
    /// The resource reads `document/NAME`, not just `NAME`.
    pub names_document: bool,
}

impl DocumentArn<'_> {
    /// The ARN of an AWS-owned document: no account, `document/` before the name.
    fn corrected(&self) -> String {
        format!(
            "arn:{}:ssm:{}::document/{}",
            self.partition, self.region, self.name
        )
    }

    /// The fix writing [`Self::corrected`] over a literal ARN: AWS's documents are named that
    /// way and no other, so it is safe. A `Fn::Sub` is left to a person.
    fn correction(&self, ctx: &Context<'_>) -> Option<Fix> {
        let written = self.value.text()?;
        let meant = self.corrected();
        ctx.rename(
            self.value.span(),
            written,
            Suggestion {
                name: &meant,
                certain: true,
            },
        )
    }
}

/// Every action among `action_ids` whose `documentArn` names a document by a literal name.
pub(super) fn document_arns<'a>(
    ctx: &Context<'a>,
    action_ids: &[&str],
) -> Vec<(KnownAction<'a>, DocumentArn<'a>)> {
    ctx.known_actions()
        .into_iter()
        .filter(|known| action_ids.contains(&known.id_text))
        .filter_map(|known| {
            let value = known
                .action
                .parameters()
                .known()
                .iter()
                .rev()
                .find(|p| p.name == "documentArn")?
                .value
                .clone();
            let arn = parse_document_arn(value)?;
            Some((known, arn))
        })
        .collect()
}

fn parse_document_arn(value: Located<'_>) -> Option<DocumentArn<'_>> {
    let text = text_or_sub_template(&value)?;
    let parts = split_outside_variables(text);
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return None;
    };
    let (name, names_document) = match resource.strip_prefix("document/") {
        Some(name) => (name, true),
        // `arn:aws:ssm:us-east-1::AWSFIS-Run-CPU-Stress`: a name where the resource belongs.
        None if !resource.contains('/') => (*resource, false),
        None => return None,
    };
    let literal = !name.is_empty() && !name.contains("${") && placeholder(name).is_none();
    (*arn == "arn" && *service == "ssm" && literal).then_some(DocumentArn {
        partition,
        region,
        account,
        name,
        names_document,
        value,
    })
}

/// A value's text: a string, or the template string of a `Fn::Sub` (alone or with its map).
pub(super) fn text_or_sub_template<'a>(value: &Located<'a>) -> Option<&'a str> {
    if let Some(text) = value.text() {
        return Some(text);
    }
    let sub = value.node.get("Fn::Sub")?;
    value.node.intrinsic()?;
    sub.as_str().or_else(|| sub.as_array()?.first()?.as_str())
}

/// Splits an ARN at its first five colons, skipping those inside `${…}` (`${AWS::Region}`).
fn split_outside_variables(text: &str) -> Vec<&str> {
    let mut parts = Vec::with_capacity(6);
    let mut start = 0;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && parts.len() < 5 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colons_inside_variables_do_not_split() {
        assert_eq!(
            split_outside_variables("arn:${AWS::Partition}:ssm:${AWS::Region}::document/A:b"),
            [
                "arn",
                "${AWS::Partition}",
                "ssm",
                "${AWS::Region}",
                "",
                "document/A:b"
            ]
        );
        assert_eq!(split_outside_variables("x"), ["x"]);
    }
}
