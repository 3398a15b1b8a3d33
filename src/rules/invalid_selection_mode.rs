use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Applicability, Diagnostic, quoted};
use crate::template::Form;

declare_rule! {
    /// ## What it does
    /// Checks that every target's `selectionMode` is `ALL`, `COUNT(n)` with a whole number n of
    /// at least 1, or `PERCENT(n)` with 0 < n ≤ 100.
    ///
    /// ## Why is this bad?
    /// FIS rejects any other selection mode. Lowercase modes (`all`), spaces (`COUNT (1)`),
    /// `PERCENT(0)` (which selects nothing) and `PERCENT(150)` are common slips.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: PERCENT(150)
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Tier: web}
    ///     SelectionMode: PERCENT(50)
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: a mode that is valid once upper-cased and without spaces (`count (2)`) is safely
    /// rewritten (`COUNT(2)`); a number out of range needs a person.
    ///
    /// ## References
    /// - [Selection mode](https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-selection-mode)
    pub struct InvalidSelectionMode {
        code: "FIS013",
        name: "invalid-selection-mode",
        severity: Error,
    }
}

impl Rule for InvalidSelectionMode {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for target in ctx.experiment.targets().known() {
            let Some(mode) = target.selection_mode() else {
                continue;
            };
            let Some(text) = mode.literal_text() else {
                continue;
            };
            let name = match ctx.experiment.form {
                Form::Terraform => "`selection_mode`",
                Form::Api | Form::CloudFormation => "`selectionMode`",
            };
            if ctx.report_placeholder(&Self::META, &mode, name) {
                continue;
            }
            let Err(problem) = SelectionMode::parse(text) else {
                continue;
            };
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "selection mode {} of target {} {problem}",
                        quoted(text),
                        quoted(target.name())
                    ),
                    mode.span(),
                    mode.pointer.clone(),
                )
                .with_label("invalid selection mode")
                .with_help(suggest(text))
                .with_fix(corrected(text).and_then(|meant| {
                    ctx.replace(
                        mode.span(),
                        &meant,
                        Applicability::Safe,
                        format!("replace {} with {}", quoted(text), quoted(&meant)),
                    )
                })),
            );
        }
    }
}

/// How many of the identified resources an experiment acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionMode {
    All,
    Count(u64),
    Percent(u64),
}

impl SelectionMode {
    pub fn parse(text: &str) -> Result<SelectionMode, &'static str> {
        if text == "ALL" {
            return Ok(SelectionMode::All);
        }
        let (kind, rest) = if let Some(rest) = text.strip_prefix("COUNT(") {
            ("COUNT", rest)
        } else if let Some(rest) = text.strip_prefix("PERCENT(") {
            ("PERCENT", rest)
        } else {
            return Err("is not `ALL`, `COUNT(n)` or `PERCENT(n)`");
        };
        let number = rest
            .strip_suffix(')')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or("does not hold a whole number in its parentheses")?;
        match (kind, number) {
            ("COUNT", 0) => Err("selects no resources; n must be at least 1"),
            ("COUNT", n) => Ok(SelectionMode::Count(n)),
            ("PERCENT", 0) => Err("selects no resources; n must be above 0"),
            ("PERCENT", n) if n > 100 => Err("is above 100 percent"),
            (_, n) => Ok(SelectionMode::Percent(n)),
        }
    }
}

/// A corrected spelling where the intent is clear, else the grammar.
fn suggest(text: &str) -> String {
    match corrected(text) {
        Some(meant) => format!("did you mean {}?", quoted(meant)),
        None => "use `ALL`, `COUNT(n)` with n ≥ 1, or `PERCENT(n)` with 0 < n ≤ 100".to_owned(),
    }
}

/// The valid mode a slip of case or spacing hides (`count (2)` is `COUNT(2)`).
fn corrected(text: &str) -> Option<String> {
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    (squeezed != text && SelectionMode::parse(&squeezed).is_ok()).then_some(squeezed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_modes_parse() {
        assert_eq!(SelectionMode::parse("ALL"), Ok(SelectionMode::All));
        assert_eq!(
            SelectionMode::parse("COUNT(3)"),
            Ok(SelectionMode::Count(3))
        );
        assert_eq!(
            SelectionMode::parse("PERCENT(100)"),
            Ok(SelectionMode::Percent(100))
        );
    }

    #[test]
    fn everything_else_is_rejected_with_a_reason() {
        for bad in [
            "all",
            "COUNT(0)",
            "PERCENT(0)",
            "PERCENT(101)",
            "COUNT(x)",
            "COUNT(1",
            "COUNT(-1)",
            "RANDOM",
            "PERCENT(2.5)",
        ] {
            assert!(SelectionMode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(suggest("count (2)"), "did you mean `COUNT(2)`?");
        assert_eq!(corrected("all").as_deref(), Some("ALL"));
        assert_eq!(corrected("percent( 50 )").as_deref(), Some("PERCENT(50)"));
        assert_eq!(corrected("PERCENT(150)"), None);
        assert_eq!(corrected("ALL"), None);
        assert!(suggest("PERCENT(0)").starts_with("use `ALL`"));
    }
}
