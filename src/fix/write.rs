//! Replacement text for a scalar (a value or a key), spelled as the text around it is: a
//! double-quoted string stays double-quoted with its grammar's escapes, a YAML single-quoted or
//! plain scalar stays so where the new value allows, a Terraform identifier stays bare.

use crate::diagnostic::Edit;
use crate::source::{Span, Syntax};

/// Writes edits into one text.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    text: &'a str,
    syntax: Syntax,
}

impl<'a> Editor<'a> {
    pub fn new(text: &'a str, syntax: Syntax) -> Editor<'a> {
        Editor { text, syntax }
    }

    /// An edit replacing the string, number or key at `span` with the string `value`; `None`
    /// when the scalar is written in a way a replacement cannot keep (a YAML block scalar, an
    /// HCL heredoc, a value needing escapes the grammar has no plain form for).
    pub fn replace_scalar(&self, span: Span, value: &str) -> Option<Edit> {
        let written = self.text.get(span.start()..span.end())?;
        // A YAML scalar over several lines: a block scalar's span runs from its content on to
        // the next line's indentation, which a one-line replacement would swallow.
        if self.syntax == Syntax::Yaml && written.contains('\n') {
            return None;
        }
        let content = match written.as_bytes().first()? {
            b'"' if written.len() >= 2 && written.ends_with('"') => self.double_quoted(value)?,
            // A YAML block scalar or an HCL heredoc: its indentation and chomping are the
            // author's, and no name a fix writes needs one.
            b'|' | b'>' if self.syntax == Syntax::Yaml => return None,
            b'<' if self.syntax == Syntax::Hcl => return None,
            b'\''
                if self.syntax == Syntax::Yaml && written.len() >= 2 && written.ends_with('\'') =>
            {
                single_quoted(value)?
            }
            _ => self.bare(value)?,
        };
        Some(Edit { span, content })
    }

    fn double_quoted(&self, value: &str) -> Option<String> {
        // `${` and `%{` open a template in HCL (and in `.tf.json` strings): no fix writes one.
        if value.contains("${") || value.contains("%{") {
            return None;
        }
        // JSON's escapes are valid in YAML's and HCL's double-quoted strings alike.
        serde_json::to_string(value).ok()
    }

    /// A value written without quotes: a YAML plain scalar, a JSON number or boolean, or an HCL
    /// identifier (a block label or attribute name).
    fn bare(&self, value: &str) -> Option<String> {
        match self.syntax {
            // A JSON scalar without quotes is a number, boolean or null: a string needs quotes.
            Syntax::Json => self.double_quoted(value),
            Syntax::Yaml if plain_yaml_safe(value) => Some(value.to_owned()),
            Syntax::Yaml => self.double_quoted(value),
            Syntax::Hcl if hcl_identifier(value) => Some(value.to_owned()),
            Syntax::Hcl => None,
        }
    }
}

fn single_quoted(value: &str) -> Option<String> {
    if value.contains('\n') {
        return None;
    }
    Some(format!("'{}'", value.replace('\'', "''")))
}

/// Whether `value` reads back as the same string when written as a YAML plain scalar in any
/// context (block or flow): conservative, so anything doubtful is quoted instead.
fn plain_yaml_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let resolves_to_other_type = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) || value.parse::<f64>().is_ok()
        || value.starts_with(['+', '.']);
    !resolves_to_other_type
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !value.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !value.contains(": ")
        && !value.contains(" #")
        && value
            .chars()
            .all(|c| !c.is_control() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
}

fn hcl_identifier(value: &str) -> bool {
    let mut chars = value.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    /// Replaces the first scalar spelled `old` and parses the result back.
    fn rewrite(text: &str, syntax: Syntax, old: &str, value: &str) -> Option<String> {
        let start = text.find(old)?;
        let edit =
            Editor::new(text, syntax).replace_scalar(Span::new(start, start + old.len()), value)?;
        let mut out = text.to_owned();
        out.replace_range(edit.span.start()..edit.span.end(), &edit.content);
        parse(&out, syntax).ok()?;
        Some(out)
    }

    #[test]
    fn json_strings_stay_quoted_and_numbers_become_strings() {
        let text = r#"{"a": "aws:ec2:stop-instance", "d": 300}"#;
        assert_eq!(
            rewrite(
                text,
                Syntax::Json,
                r#""aws:ec2:stop-instance""#,
                "aws:ec2:stop-instances"
            )
            .unwrap(),
            r#"{"a": "aws:ec2:stop-instances", "d": 300}"#
        );
        assert_eq!(
            rewrite(text, Syntax::Json, "300", "PT300S").unwrap(),
            r#"{"a": "aws:ec2:stop-instance", "d": "PT300S"}"#
        );
        assert_eq!(
            rewrite(text, Syntax::Json, "300", "say \"hi\"\n").unwrap(),
            r#"{"a": "aws:ec2:stop-instance", "d": "say \"hi\"\n"}"#
        );
    }

    #[test]
    fn yaml_keeps_each_quoting_style() {
        let text = "a: pt5m\nb: 'pt5m'\nc: \"pt5m\"\n";
        assert_eq!(
            rewrite(text, Syntax::Yaml, "pt5m", "PT5M").unwrap(),
            "a: PT5M\nb: 'pt5m'\nc: \"pt5m\"\n"
        );
        assert_eq!(
            rewrite(text, Syntax::Yaml, "'pt5m'", "it's").unwrap(),
            "a: pt5m\nb: 'it''s'\nc: \"pt5m\"\n"
        );
        assert_eq!(
            rewrite(text, Syntax::Yaml, "\"pt5m\"", "PT5M").unwrap(),
            "a: pt5m\nb: 'pt5m'\nc: \"PT5M\"\n"
        );
    }

    #[test]
    fn yaml_plain_values_that_would_change_meaning_are_quoted() {
        let text = "a: x\n";
        for value in [
            "true", "300", "a: b", "x #y", "-x", "[x]", "", " x", "null", "1e3",
        ] {
            let out = rewrite(text, Syntax::Yaml, "x", value).unwrap();
            let root = parse(&out, Syntax::Yaml).unwrap();
            assert_eq!(root.get("a").and_then(|n| n.as_str()), Some(value), "{out}");
        }
        assert_eq!(
            rewrite(text, Syntax::Yaml, "x", "aws:ec2:stop-instances").unwrap(),
            "a: aws:ec2:stop-instances\n"
        );
    }

    #[test]
    fn block_scalars_and_templates_are_left_alone() {
        let text = "a: |\n  x\n";
        let start = text.find('|').unwrap();
        let editor = Editor::new(text, Syntax::Yaml);
        assert_eq!(
            editor.replace_scalar(Span::new(start, text.len()), "y"),
            None
        );
        let hcl = "a = \"x\"\n";
        let editor = Editor::new(hcl, Syntax::Hcl);
        assert_eq!(editor.replace_scalar(Span::new(4, 7), "${var.y}"), None);
        assert_eq!(
            editor
                .replace_scalar(Span::new(4, 7), "PT5M")
                .map(|e| e.content),
            Some("\"PT5M\"".to_owned())
        );
        assert_eq!(
            editor
                .replace_scalar(Span::new(0, 1), "action_id")
                .map(|e| e.content),
            Some("action_id".to_owned())
        );
        assert_eq!(
            editor.replace_scalar(Span::new(0, 1), "not an identifier"),
            None
        );
    }

    #[test]
    fn yaml_scalars_over_several_lines_are_left_alone() {
        let text = "a: |-\n  x\nb: y\n";
        let start = text.find("x").unwrap();
        let editor = Editor::new(text, Syntax::Yaml);
        // The parser's span of a block scalar's content runs to the next key.
        let end = text.find("b:").unwrap();
        assert_eq!(editor.replace_scalar(Span::new(start, end), "z"), None);
        let folded = "a: \"x\n  y\"\n";
        let editor = Editor::new(folded, Syntax::Yaml);
        assert_eq!(
            editor.replace_scalar(Span::new(3, folded.len() - 1), "z"),
            None
        );
    }

    #[test]
    fn spans_outside_the_text_give_no_edit() {
        let editor = Editor::new("{}", Syntax::Json);
        assert_eq!(editor.replace_scalar(Span::new(1, 9), "x"), None);
        assert_eq!(editor.replace_scalar(Span::new(1, 1), "x"), None);
    }
}
