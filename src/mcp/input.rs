//! The `template` argument the template tools share: an object or JSON/YAML text, as one text
//! with the size limit applied.

use serde_json::Value;

use crate::source::{Node, SourceFile};

/// Templates larger than this are refused, as `fislint check` skips larger files.
pub const MAX_TEMPLATE_BYTES: usize = 10 * 1024 * 1024;

/// The template as the text its lines and columns refer to.
pub struct TemplateText {
    pub text: String,
    /// The client sent text (lines are its own) rather than an object (lines are of its
    /// pretty-printed JSON).
    pub from_text: bool,
}

/// The schema of a `template` argument: an object or a string.
pub fn template_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [{"type": "object"}, {"type": "string"}]
    })
}

impl TemplateText {
    pub fn from_argument(template: Value) -> Result<TemplateText, String> {
        let (text, from_text) = match template {
            Value::String(text) => (text, true),
            object @ Value::Object(_) => (
                serde_json::to_string_pretty(&object).map_err(|e| e.to_string())?,
                false,
            ),
            other => {
                return Err(format!(
                    "template must be a JSON object or a string of JSON, YAML or Terraform \
                     HCL text, not {}",
                    json_type(&other)
                ));
            }
        };
        if text.len() > MAX_TEMPLATE_BYTES {
            // An object is measured as the pretty-printed text its line numbers refer to, which
            // is larger than what the client sent; say so, or the figure looks wrong.
            let measured = if from_text {
                ""
            } else {
                " as pretty-printed JSON (send it as a string to measure it as written)"
            };
            return Err(format!(
                "template is {} bytes{measured}; the limit is {MAX_TEMPLATE_BYTES} bytes",
                text.len()
            ));
        }
        Ok(TemplateText { text, from_text })
    }
}

/// The tree of a template argument, or the `isError` text a tool that needs a parsed template
/// gives: where it stops parsing, and that validate_fis_template shows it in context.
pub fn parse_for_tool(source: &SourceFile) -> Result<Node, String> {
    crate::template::read(source).map_err(|error| {
        let at = source.line_col(error.span.start());
        format!(
            "the template does not parse (line {}, column {}): {error}; fix the syntax \
             (validate_fis_template reports it with context) and send it again",
            at.line, at.column
        )
    })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
