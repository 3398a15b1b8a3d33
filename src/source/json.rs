//! Strict JSON text to the spanned tree, through `jsonc-parser` with every extension turned off.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::{MAX_DEPTH, Member, Node, ParseError, ParseErrorKind, Span, Value};
use crate::wording::lowercase_first;

const STRICT: ParseOptions = ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// Parses `text`; every span is shifted by `base` (the length of a stripped byte-order mark).
pub fn parse(text: &str, base: usize) -> Result<Node, ParseError> {
    let collect = CollectOptions::default();
    let parsed = parse_to_ast(text, &collect, &STRICT).map_err(|error| {
        let range = error.range();
        // An unterminated object spans to the end of the file; its first line says enough.
        let end = text[range.start.min(text.len())..]
            .find('\n')
            .map_or(range.end, |newline| range.end.min(range.start + newline));
        ParseError::new(
            ParseErrorKind::Json,
            lowercase_first(&error.kind().to_string()),
            Span::new(range.start, end).shifted(base),
        )
    })?;
    let value = parsed.value.ok_or_else(|| {
        ParseError::new(
            ParseErrorKind::Json,
            "the file holds no JSON value".into(),
            Span::empty_at(base),
        )
    })?;
    convert(&value, base, 0)
}

fn convert(value: &ast::Value<'_>, base: usize, depth: usize) -> Result<Node, ParseError> {
    let span =
        |range: &jsonc_parser::common::Range| Span::new(range.start, range.end).shifted(base);
    if depth > MAX_DEPTH {
        let range = match value {
            ast::Value::Object(o) => o.range,
            ast::Value::Array(a) => a.range,
            _ => return Err(ParseError::too_deep(Span::empty_at(base))),
        };
        return Err(ParseError::too_deep(span(&range)));
    }
    Ok(match value {
        ast::Value::StringLit(s) => Node::new(span(&s.range), Value::String(s.value.to_string())),
        ast::Value::NumberLit(n) => Node::new(span(&n.range), Value::Number(n.value.to_owned())),
        ast::Value::BooleanLit(b) => Node::new(span(&b.range), Value::Bool(b.value)),
        ast::Value::NullKeyword(n) => Node::new(span(&n.range), Value::Null),
        ast::Value::Array(a) => {
            let items = a
                .elements
                .iter()
                .map(|item| convert(item, base, depth + 1))
                .collect::<Result<_, _>>()?;
            Node::new(span(&a.range), Value::Array(items))
        }
        ast::Value::Object(o) => {
            let mut members = Vec::with_capacity(o.properties.len());
            for prop in &o.properties {
                let (key, key_range) = match &prop.name {
                    ast::ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                };
                members.push(Member {
                    key,
                    key_span: span(&key_range),
                    value: convert(&prop.value, base, depth + 1)?,
                });
            }
            Node::new(span(&o.range), Value::Object(members))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_keys_and_values() {
        let text = r#"{"a": [1, "x"], "b": null}"#;
        let tree = parse(text, 0).unwrap();
        let a = tree.member("a").unwrap();
        assert_eq!(&text[a.key_span.start()..a.key_span.end()], "\"a\"");
        let x = tree.find("/a/1").unwrap();
        assert_eq!(&text[x.span.start()..x.span.end()], "\"x\"");
        assert_eq!(tree.find("/a/0").unwrap().value, Value::Number("1".into()));
    }

    #[test]
    fn extensions_are_rejected() {
        for bad in [
            "{\"a\": 1,}",
            "{a: 1}",
            "// c\n{}",
            "{\"a\": 0x10}",
            "{\"a\": 'x'}",
        ] {
            assert!(parse(bad, 0).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn truncated_input_points_at_the_end() {
        let err = parse("{\"a\": [1, 2", 0).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Json);
        assert_eq!(err.message, "unterminated array");
        assert_eq!(err.span.start(), 6, "the error points at the open bracket");
    }

    #[test]
    fn nesting_beyond_the_limit_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&text, 0).unwrap_err();
        assert!(err.message.contains("nest"), "{}", err.message);
    }
}
