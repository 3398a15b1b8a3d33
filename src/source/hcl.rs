//! Terraform's native syntax (HCL, `.tf`) into the spanned tree, shaped as Terraform's own JSON
//! syntax (`.tf.json`) is, so both reach the Terraform form the same way.
//!
//! A body is an object: an attribute is a member, a block is a member named by its type whose
//! value nests one object per label around the block's body (`resource "a" "b" {}` becomes
//! `resource: {a: {b: {…}}}`); repeated blocks repeat the member. A literal expression becomes
//! the value it is; any other (`var.x`, `"${…}"`, a conditional, a function call) becomes a
//! [`Value::Expression`], except `jsonencode` of a literal, which is the JSON text it produces.
//! The parser bounds nesting (64 levels) and chained operators (128) itself, so every recursion
//! here is bounded too.

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, FuncCall, ObjectKey};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::{Element, Template};

use super::{Member, Node, ParseError, ParseErrorKind, Span, Value};

/// An expression's text is kept for messages and `explain`; more says nothing more.
const MAX_EXPRESSION_TEXT: usize = 120;

pub(super) fn parse(body: &str, base: usize) -> Result<Node, ParseError> {
    let parsed = hcl_edit::parser::parse_body(body).map_err(|error| {
        let at = base + error.location().offset().min(body.len());
        ParseError::new(
            ParseErrorKind::Hcl,
            first_line(error.message()).to_owned(),
            Span::empty_at(at),
        )
    })?;
    check_labels(&parsed, base)?;
    let whole = Span::new(base, base + body.len());
    let mut root = Converter { text: body, base }.body(&parsed, whole);
    attach_fislint_comments(&mut root, &parsed, body, base);
    Ok(root)
}

/// Labels one block may have: Terraform's blocks have at most two, and each label nests the tree
/// one level deeper.
const MAX_LABELS: usize = 8;

/// Refuses a block with more than [`MAX_LABELS`] labels. Blocks nest at most as deep as the
/// parser allows (64), so the recursion is bounded.
fn check_labels(body: &Body, base: usize) -> Result<(), ParseError> {
    for block in body.blocks() {
        if block.labels.len() > MAX_LABELS {
            let at = block.span().map_or(base, |r| base + r.start);
            return Err(ParseError::new(
                ParseErrorKind::Limit,
                format!("a block with more than {MAX_LABELS} labels"),
                Span::empty_at(at),
            ));
        }
        check_labels(&block.body, base)?;
    }
    Ok(())
}

/// The key Terraform's JSON syntax reserves for comments.
pub const COMMENT_KEY: &str = "//";

/// Keeps each `# fislint: …` (or `// fislint: …`) comment line above or inside a top-level block
/// as a [`COMMENT_KEY`] member of the block's body, as `.tf.json` writes comments, so
/// suppressions read both syntaxes the same way. Each block scans only the text between the
/// previous block and its own end, so the whole file is scanned once.
fn attach_fislint_comments(root: &mut Node, parsed: &Body, text: &str, base: usize) {
    let Value::Object(members) = &mut root.value else {
        return;
    };
    let mut region_start = 0;
    for (structure, member) in parsed.iter().zip(members.iter_mut()) {
        let Some(range) = structure.span() else {
            continue;
        };
        let region_end = range.end.min(text.len());
        if let Structure::Block(block) = structure
            && let Some(region) = text.get(region_start..region_end)
        {
            let comments = fislint_comments(region, base + region_start);
            if !comments.is_empty()
                && let Some(body) = block_body(&mut member.value, block.labels.len())
            {
                body.extend(comments);
            }
        }
        region_start = region_end;
    }
}

/// The body object of a block member, one object further in per label.
fn block_body(node: &mut Node, labels: usize) -> Option<&mut Vec<Member>> {
    let Value::Object(members) = &mut node.value else {
        return None;
    };
    if labels == 0 {
        return Some(members);
    }
    block_body(&mut members.first_mut()?.value, labels - 1)
}

fn fislint_comments(region: &str, offset: usize) -> Vec<Member> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in region.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["#", "//"].into_iter().find(|m| trimmed.starts_with(m));
        if let Some(marker) = marker {
            let after = trimmed[marker.len()..].trim_start();
            if after.starts_with("fislint:") {
                let comment = after.trim_end();
                let start = offset + line_start + (line.len() - after.len());
                let span = Span::new(start, start + comment.len());
                found.push(Member {
                    key: COMMENT_KEY.to_owned(),
                    key_span: span,
                    value: Node::new(span, Value::String(comment.to_owned())),
                });
            }
        }
        line_start += line.len();
    }
    found
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

struct Converter<'t> {
    text: &'t str,
    base: usize,
}

impl Converter<'_> {
    fn span_of(&self, range: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
        range.map_or(fallback, |r| {
            Span::new(self.base + r.start, self.base + r.end)
        })
    }

    fn body(&self, body: &Body, span: Span) -> Node {
        let members = body
            .iter()
            .map(|structure| match structure {
                Structure::Attribute(attribute) => {
                    let key_span = self.span_of(attribute.key.span(), span);
                    Member {
                        key: attribute.key.as_str().to_owned(),
                        key_span,
                        value: self.expression(&attribute.value, key_span),
                    }
                }
                Structure::Block(block) => self.block(block, span),
            })
            .collect();
        Node::new(span, Value::Object(members))
    }

    /// A block as the member its type names, each label one object further in.
    fn block(&self, block: &Block, parent: Span) -> Member {
        let span = self.span_of(block.span(), parent);
        let mut value = self.body(&block.body, span);
        for label in block.labels.iter().rev() {
            let (key, key_span) = self.label(label, span);
            value = Node::new(
                span,
                Value::Object(vec![Member {
                    key,
                    key_span,
                    value,
                }]),
            );
        }
        Member {
            key: block.ident.as_str().to_owned(),
            key_span: self.span_of(block.ident.span(), span),
            value,
        }
    }

    fn label(&self, label: &BlockLabel, fallback: Span) -> (String, Span) {
        let span = self.span_of(label.span(), fallback);
        (label.as_str().to_owned(), span)
    }

    fn expression(&self, expression: &Expression, fallback: Span) -> Node {
        let span = self.span_of(expression.span(), fallback);
        let value = match expression {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().to_string()),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::StringTemplate(t) => self.template(t, span),
            Expression::HeredocTemplate(h) => self.template(&h.template, span),
            Expression::Parenthesis(inner) => return self.expression(inner.inner(), span),
            Expression::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.expression(item, span))
                    .collect(),
            ),
            Expression::Object(object) => {
                let mut members = Vec::new();
                for (key, value) in object.iter() {
                    let Some((name, key_span)) = self.object_key(key, span) else {
                        return self.deferred(span);
                    };
                    members.push(Member {
                        key: name,
                        key_span,
                        value: self.expression(value.expr(), span),
                    });
                }
                Value::Object(members)
            }
            Expression::FuncCall(call) => return self.function(call, span),
            _ => return self.deferred(span),
        };
        Node::new(span, value)
    }

    /// An object key that is a name or a literal string; any other is known only when applied.
    fn object_key(&self, key: &ObjectKey, fallback: Span) -> Option<(String, Span)> {
        match key {
            ObjectKey::Ident(ident) => Some((
                ident.as_str().to_owned(),
                self.span_of(ident.span(), fallback),
            )),
            ObjectKey::Expression(Expression::String(s)) => {
                Some((s.value().clone(), self.span_of(s.span(), fallback)))
            }
            ObjectKey::Expression(_) => None,
        }
    }

    /// A template of literal text only is that text; an interpolation or directive defers it.
    fn template(&self, template: &Template, span: Span) -> Value {
        let mut text = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(literal) => text.push_str(literal.value()),
                Element::Interpolation(_) | Element::Directive(_) => {
                    return Value::Expression(self.source_text(span));
                }
            }
        }
        Value::String(text)
    }

    /// `jsonencode` of a fully literal value is the JSON text Terraform writes for it; every
    /// other call is known only when applied.
    fn function(&self, call: &FuncCall, span: Span) -> Node {
        let is_jsonencode =
            call.name.namespace.is_empty() && call.name.name.as_str() == "jsonencode";
        let mut args = call.args.iter();
        if let (true, Some(argument), None) = (is_jsonencode, args.next(), args.next()) {
            let node = self.expression(argument, span);
            if !holds_expression(&node) {
                return Node::new(span, Value::String(node.to_json().to_string()));
            }
        }
        self.deferred(span)
    }

    fn deferred(&self, span: Span) -> Node {
        Node::new(span, Value::Expression(self.source_text(span)))
    }

    /// The expression as written, on one line and cut short.
    fn source_text(&self, span: Span) -> String {
        let start = span.start().saturating_sub(self.base);
        let end = span.end().saturating_sub(self.base);
        let written = self.text.get(start..end).unwrap_or("…");
        let mut text: String = written.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > MAX_EXPRESSION_TEXT {
            text = text.chars().take(MAX_EXPRESSION_TEXT).collect::<String>() + "…";
        }
        text
    }
}

/// Whether any value inside is an expression. Nesting is bounded by the parse's depth check.
fn holds_expression(node: &Node) -> bool {
    match &node.value {
        Value::Expression(_) => true,
        Value::Array(items) => items.iter().any(holds_expression),
        Value::Object(members) => members.iter().any(|m| holds_expression(&m.value)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        parse(text, 0).unwrap()
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.start()..span.end()]
    }

    #[test]
    fn blocks_nest_by_label_and_keep_spans() {
        let text =
            "resource \"aws_fis_experiment_template\" \"chaos\" {\n  description = \"d\"\n}\n";
        let root = tree(text);
        let resource = root.get("resource").unwrap();
        let by_type = resource.member("aws_fis_experiment_template").unwrap();
        assert_eq!(
            at(text, by_type.key_span),
            "\"aws_fis_experiment_template\""
        );
        let named = by_type.value.member("chaos").unwrap();
        assert_eq!(at(text, named.key_span), "\"chaos\"");
        let description = named.value.member("description").unwrap();
        assert_eq!(at(text, description.key_span), "description");
        assert_eq!(at(text, description.value.span), "\"d\"");
        assert_eq!(description.value.as_str(), Some("d"));
    }

    #[test]
    fn repeated_blocks_repeat_their_member() {
        let root = tree("action {\n name = \"a\"\n}\naction {\n name = \"b\"\n}\n");
        let names: Vec<_> = root
            .as_object()
            .unwrap()
            .iter()
            .filter(|m| m.key == "action")
            .filter_map(|m| m.value.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn references_and_interpolations_are_expressions() {
        let text = "a = var.role\nb = \"${local.x}-y\"\nc = \"plain\"\nd = upper(\"x\")\ne = 5\nf = [\"x\", var.y]\n";
        let root = tree(text);
        assert_eq!(root.get("a").unwrap().intrinsic(), Some("var.role"));
        assert_eq!(root.get("b").unwrap().intrinsic(), Some("\"${local.x}-y\""));
        assert_eq!(root.get("c").unwrap().as_str(), Some("plain"));
        assert_eq!(root.get("d").unwrap().intrinsic(), Some("upper(\"x\")"));
        assert_eq!(root.get("e").unwrap().scalar_text(), Some("5"));
        let f = root.get("f").unwrap().as_array().unwrap();
        assert_eq!(f[0].as_str(), Some("x"));
        assert!(f[1].intrinsic().is_some());
    }

    #[test]
    fn literal_jsonencode_is_its_json_text() {
        let root = tree(
            "p = jsonencode({ DurationSeconds = \"60\", list = [1] })\nq = jsonencode({ a = var.b })\n",
        );
        let p = root.get("p").unwrap().as_str().unwrap();
        let parsed: serde_json::Value = serde_json::from_str(p).unwrap();
        assert_eq!(parsed["DurationSeconds"], "60");
        assert_eq!(parsed["list"][0], 1);
        assert!(root.get("q").unwrap().intrinsic().is_some());
    }

    #[test]
    fn heredocs_without_interpolation_are_text() {
        let root = tree("a = <<EOT\nhello\nEOT\nb = <<EOT\n${var.x}\nEOT\n");
        assert_eq!(root.get("a").unwrap().as_str(), Some("hello\n"));
        assert!(root.get("b").unwrap().intrinsic().is_some());
    }

    #[test]
    fn broken_input_is_an_error_with_a_place() {
        let error = parse("resource \"a\" {\n  x = \n", 0).unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::Hcl);
        assert_eq!(error.span.start(), 21, "{error:?}");
    }

    #[test]
    fn fislint_comments_become_comment_members_of_their_block() {
        let text = "# fislint: ignore FIS003 -- no alarm in dev\nresource \"a\" \"b\" {\n  # plain\n  // fislint: ignore FIS015\n  x = 1\n}\n# fislint: ignore FIS001\n";
        let root = tree(text);
        let body = root
            .get("resource")
            .unwrap()
            .get("a")
            .unwrap()
            .get("b")
            .unwrap();
        let comments: Vec<_> = body
            .as_object()
            .unwrap()
            .iter()
            .filter(|m| m.key == COMMENT_KEY)
            .map(|m| (m.value.as_str().unwrap(), at(text, m.key_span)))
            .collect();
        assert_eq!(
            comments,
            [
                (
                    "fislint: ignore FIS003 -- no alarm in dev",
                    "fislint: ignore FIS003 -- no alarm in dev"
                ),
                ("fislint: ignore FIS015", "fislint: ignore FIS015"),
            ]
        );
    }

    #[test]
    fn deep_nesting_and_operator_runs_are_errors_not_crashes() {
        for text in [
            format!("a = {}1{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("a = {}true", "!".repeat(100_000)),
            format!("a = {}1", "x ? 1 : ".repeat(100_000)),
            format!("a = 1{}", " + 1".repeat(100_000)),
        ] {
            assert_eq!(parse(&text, 0).unwrap_err().kind, ParseErrorKind::Hcl);
        }
        let many_labels = format!("b {} {{}}", "\"l\" ".repeat(MAX_LABELS + 1));
        assert_eq!(
            parse(&many_labels, 0).unwrap_err().kind,
            ParseErrorKind::Limit
        );
        let long_traversal = format!("a = x{}", ".b".repeat(100_000));
        assert!(
            parse(&long_traversal, 0)
                .unwrap()
                .get("a")
                .unwrap()
                .intrinsic()
                .is_some()
        );
    }
}
