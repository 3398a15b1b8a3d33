//! Human output: rustc-style snippets rendered by miette, then a one-line summary. What
//! reaches the terminal is escaped and bounded: see `excerpt` and `escape`.

use std::fmt;
use std::io;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan,
    SpanContents,
};

use super::excerpt::Excerpt;
use super::{Emitter, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::{escaped, shown};
use crate::report::FileReport;

pub struct PrettyEmitter {
    pub color: bool,
    /// Terminal width to wrap at.
    pub width: usize,
}

impl Emitter for PrettyEmitter {
    fn emit(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false);
        let mut rendered = String::new();
        for file in &report.files {
            let name = escaped(&file.source.name).into_owned();
            // git's test for binary content; such a file gets its position but no snippet.
            let binary = memchr::memchr(0, file.source.text.as_bytes()).is_some();
            for diagnostic in &file.diagnostics {
                rendered.clear();
                let fixable = diagnostic
                    .fix
                    .as_ref()
                    .is_some_and(|f| report.fixes.applies(f));
                let view = Rendered::new(diagnostic, file, &name, binary, fixable);
                // Formatting into a String cannot fail but for a broken Display impl.
                if handler.render_report(&mut rendered, &view).is_err() {
                    rendered = format!("{}: {}\n", diagnostic.code, view.message);
                }
                out.write_all(rendered.as_bytes())?;
                writeln!(out)?;
            }
        }
        for skipped in &report.skipped {
            writeln!(
                out,
                "{}: {}",
                escaped(&skipped.path),
                escaped(&skipped.message)
            )?;
        }
        // Before the summary, which stays the last line scripts read.
        if let Some(hint) = report.fixable_hint() {
            writeln!(out, "{hint}")?;
        }
        writeln!(out, "{}", report.summary())
    }
}

/// One diagnostic seen through miette's eyes: its text escaped and cut, its spans mapped onto
/// an [`Excerpt`] of the file.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    /// Marked `[*]` after the code, as ruff marks what `--fix` would fix.
    fixable: bool,
    name: &'a str,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    excerpt: Excerpt<'a>,
}

impl<'a> Rendered<'a> {
    fn new(
        diagnostic: &'a Diagnostic,
        file: &'a FileReport,
        name: &'a str,
        binary: bool,
        fixable: bool,
    ) -> Rendered<'a> {
        // A binary file's secondary sites would all point at the same note.
        let secondary = if binary {
            &[][..]
        } else {
            &diagnostic.secondary[..]
        };
        let spans: Vec<_> = std::iter::once(diagnostic.span)
            .chain(secondary.iter().map(|l| l.span))
            .collect();
        let mut excerpt = Excerpt::new(&file.source, &spans, binary);
        let primary = LabeledSpan::new_primary_with_span(
            diagnostic.label.as_deref().map(shown),
            excerpt.span(diagnostic.span),
        );
        let mut labels = vec![primary];
        for label in secondary {
            labels.push(LabeledSpan::new_with_span(
                Some(shown(&label.message)),
                excerpt.span(label.span),
            ));
        }
        Rendered {
            diagnostic,
            fixable,
            name,
            message: shown(&diagnostic.message),
            help: diagnostic.help.as_deref().map(shown),
            labels,
            excerpt,
        }
    }
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mark = if self.fixable { " [*]" } else { "" };
        Some(Box::new(format!(
            "{} {}{mark}",
            self.diagnostic.code, self.diagnostic.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

impl SourceCode for Rendered<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        self.excerpt
            .read_span(self.name, span, context_lines_before, context_lines_after)
    }
}
