//! Words for fislint's messages that several layers share: other people's sentences made into
//! lowercase fragments, and JSON values named by their type. It sits below `source`, whose parser
//! messages need it as much as the rules' do.

use serde_json::Value;

/// A sentence fragment made to follow other words: `Target CPU load` → `target CPU load`.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A JSON value's type with its article, as a message names what it found: `an object`.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_character_changes() {
        assert_eq!(lowercase_first("Target CPU load"), "target CPU load");
        assert_eq!(lowercase_first("Échec"), "échec");
        assert_eq!(lowercase_first(""), "");
    }

    #[test]
    fn json_types_carry_their_article() {
        assert_eq!(json_type(&serde_json::json!({})), "an object");
        assert_eq!(json_type(&serde_json::json!([1])), "an array");
        assert_eq!(json_type(&serde_json::json!(true)), "a boolean");
        assert_eq!(json_type(&Value::Null), "null");
    }
}
