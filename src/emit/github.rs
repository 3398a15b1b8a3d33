//! GitHub Actions workflow commands (`::error file=…::…`): annotations on the pull request.

use std::io;

use super::root::SourceRoot;
use super::{Emitter, Report};
use crate::diagnostic::Severity;
use crate::escape::{escaped, shown};

pub struct GithubEmitter {
    pub root: SourceRoot,
}

impl Emitter for GithubEmitter {
    fn emit(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        for file in &report.files {
            // GitHub resolves annotation paths against the workspace, the repository root.
            let path = self
                .root
                .relative(&file.source.name)
                .unwrap_or_else(|| file.source.name.clone());
            for diagnostic in &file.diagnostics {
                let (start, end) = file.source.range(diagnostic.span);
                let command = match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                // Control characters are escaped before the workflow-command escaping, so the one
                // line break left is the one separating the help.
                let mut message = shown(&diagnostic.message);
                if let Some(help) = &diagnostic.help {
                    message.push_str("\nhelp: ");
                    message.push_str(&shown(help));
                }
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape_property(&escaped(&path)),
                    start.line,
                    start.column,
                    end.line,
                    end.column,
                    escape_property(&format!("{} {}", diagnostic.code, diagnostic.name)),
                    escape_data(&message),
                )?;
            }
        }
        for skipped in &report.skipped {
            let path = self
                .root
                .relative(&skipped.path)
                .unwrap_or_else(|| skipped.path.clone());
            writeln!(
                out,
                "::{} file={},title={}::{}",
                if skipped.is_failure {
                    "error"
                } else if skipped.is_note() {
                    "notice"
                } else {
                    "warning"
                },
                escape_property(&escaped(&path)),
                escape_property(if skipped.is_note() {
                    "fislint found no template"
                } else {
                    "fislint skipped a file"
                }),
                escape_data(&escaped(&skipped.message)),
            )?;
        }
        writeln!(out, "fislint: {}", report.summary())
    }
}

/// The message part of a workflow command (as `@actions/core` escapes it).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value, where `:` and `,` also separate fields.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_text_is_escaped() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }
}
