//! YAML text to the spanned tree, built from `saphyr-parser` events.
//!
//! Building the tree here (rather than using a loader) lets CloudFormation short-form tags become
//! their long form at load, bounds alias expansion, and converts the parser's character offsets to
//! byte offsets once.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::{MAX_DEPTH, Member, Node, ParseError, ParseErrorKind, Span, Value};

/// Nodes that aliases may add on top of those written out, so an alias bomb stops early.
const ALIAS_NODE_BUDGET: usize = 100_000;

/// Nodes a YAML tree may hold, aliases included: block-style entries can be two bytes each
/// (`-\n`), so the flow-entry limit alone would let 10 MiB become five million nodes.
const NODE_BUDGET: usize = 2_000_000;

/// Scalar text that aliases may add: one long anchored string repeated by many aliases is as much
/// a bomb as many nodes.
const ALIAS_TEXT_BUDGET: usize = 10 * 1024 * 1024;

/// CloudFormation short forms whose long form is `Fn::<Name>`.
const FN_SHORT_FORMS: &[&str] = &[
    "And",
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "GetAZs",
    "GetAtt",
    "If",
    "ImportValue",
    "Join",
    "Not",
    "Or",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "ToJsonString",
    "Length",
];

const CORE_TAG_HANDLE: &str = "tag:yaml.org,2002:";

pub fn parse(text: &str, base: usize) -> Result<Node, ParseError> {
    let offsets = CharOffsets::new(text, base);
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| {
            let at = offsets.byte(error.marker().index());
            ParseError::new(
                ParseErrorKind::Yaml,
                error.info().to_owned(),
                Span::empty_at(at),
            )
        })?;
        let span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        if builder.accept(event, span)? == Flow::Done {
            break;
        }
        if builder.nodes > NODE_BUDGET {
            return Err(ParseError::new(
                ParseErrorKind::Limit,
                format!("the file holds more than {NODE_BUDGET} values; fislint reads no further"),
                span,
            ));
        }
    }
    builder.root.ok_or_else(|| {
        ParseError::new(
            ParseErrorKind::Yaml,
            "the file holds no YAML document".into(),
            Span::empty_at(base),
        )
    })
}

#[derive(PartialEq)]
enum Flow {
    More,
    Done,
}

enum FrameKind {
    Sequence(Vec<Node>),
    Mapping {
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

struct Frame {
    kind: FrameKind,
    start: Span,
    anchor: usize,
    tag: Option<Tag>,
    nodes_before: usize,
    text_before: usize,
}

/// What an anchor names. Collections are not copied when anchored: an alias finds the original
/// in the tree being built by its span, so anchoring costs nothing until an alias pays for it
/// (copying at every anchor made nested anchors quadratic).
enum Anchored {
    Scalar(Node),
    Collection(Span),
}

struct Anchor {
    target: Anchored,
    /// Nodes and scalar bytes an alias of it adds.
    nodes: usize,
    text: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    nodes: usize,
    /// Bytes of scalar text in the tree so far.
    text: usize,
    alias_nodes: usize,
    alias_text: usize,
    root: Option<Node>,
}

impl Builder {
    fn accept(&mut self, event: Event<'_>, span: Span) -> Result<Flow, ParseError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let node = scalar(&text, style, tag.as_deref(), span);
                if anchor != 0 {
                    let target = Anchored::Scalar(node.clone());
                    self.remember(anchor, target, 1, text.len());
                }
                self.nodes += 1;
                self.text += text.len();
                self.complete(node)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                FrameKind::Sequence(Vec::new()),
                span,
                anchor,
                tag.map(|t| t.into_owned()),
            ),
            Event::MappingStart(anchor, tag) => self.open(
                FrameKind::Mapping {
                    members: Vec::new(),
                    key: None,
                },
                span,
                anchor,
                tag.map(|t| t.into_owned()),
            ),
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Alias(id) => {
                let copy = self.expand(id, span)?;
                self.complete(copy)
            }
            Event::DocumentEnd => Ok(if self.root.is_some() {
                Flow::Done
            } else {
                Flow::More
            }),
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::Nothing => {
                Ok(Flow::More)
            }
        }
    }

    fn open(
        &mut self,
        kind: FrameKind,
        start: Span,
        anchor: usize,
        tag: Option<Tag>,
    ) -> Result<Flow, ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::too_deep(start));
        }
        self.stack.push(Frame {
            kind,
            start,
            anchor,
            tag,
            nodes_before: self.nodes,
            text_before: self.text,
        });
        Ok(Flow::More)
    }

    fn close(&mut self, end: Span) -> Result<Flow, ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(Flow::More);
        };
        let (value, last_end) = match frame.kind {
            FrameKind::Sequence(items) => {
                let last = items.last().map(|n| n.span.end());
                (Value::Array(items), last)
            }
            FrameKind::Mapping { members, key } => {
                if let Some((_, key_span)) = key {
                    return Err(ParseError::new(
                        ParseErrorKind::Yaml,
                        "mapping key has no value".into(),
                        key_span,
                    ));
                }
                let last = members.last().map(|m| m.value.span.end());
                (Value::Object(members), last)
            }
        };
        // Block collections end where their next sibling starts (an empty marker), so the last
        // child's end is the honest end; flow collections end at their closing bracket.
        let stop = if end.is_empty() {
            last_end.unwrap_or(frame.start.end())
        } else {
            end.end()
        };
        let node = Node::new(Span::new(frame.start.start(), stop), value);
        let node = apply_container_tag(frame.tag.as_ref(), node);
        self.nodes += 1;
        if frame.anchor != 0 {
            let nodes = self.nodes - frame.nodes_before;
            let text = self.text - frame.text_before;
            self.remember(frame.anchor, Anchored::Collection(node.span), nodes, text);
        }
        self.complete(node)
    }

    fn remember(&mut self, anchor: usize, target: Anchored, nodes: usize, text: usize) {
        self.anchors.insert(
            anchor,
            Anchor {
                target,
                nodes,
                text,
            },
        );
    }

    /// A copy of what anchor `id` names, charged against the alias budgets before it is made.
    fn expand(&mut self, id: usize, span: Span) -> Result<Node, ParseError> {
        let yaml_error = |message: &str| {
            Err(ParseError::new(
                ParseErrorKind::Yaml,
                message.to_owned(),
                span,
            ))
        };
        let Some(anchor) = self.anchors.get(&id) else {
            return yaml_error("alias refers to an unknown anchor");
        };
        self.alias_nodes += anchor.nodes;
        self.alias_text += anchor.text;
        if self.alias_nodes > ALIAS_NODE_BUDGET || self.alias_text > ALIAS_TEXT_BUDGET {
            return Err(ParseError::new(
                ParseErrorKind::Limit,
                format!(
                    "aliases expand to more than {ALIAS_NODE_BUDGET} nodes or \
                     {ALIAS_TEXT_BUDGET} bytes of text"
                ),
                span,
            ));
        }
        self.nodes += anchor.nodes;
        self.text += anchor.text;
        let original = match &anchor.target {
            Anchored::Scalar(node) => Some(node),
            Anchored::Collection(at) => self.completed(*at),
        };
        let Some(original) = original else {
            return yaml_error("alias refers to an anchor fislint cannot find again");
        };
        let mut copy = original.clone();
        copy.span = span;
        Ok(copy)
    }

    /// The completed node with exactly this span. Every completed node lies under the items of
    /// some open collection, in source order, so a binary search per level finds it.
    fn completed(&self, span: Span) -> Option<&Node> {
        self.stack.iter().rev().find_map(|frame| match &frame.kind {
            FrameKind::Sequence(items) => find_under(Siblings::Items(items), span),
            FrameKind::Mapping { members, .. } => find_under(Siblings::Members(members), span),
        })
    }

    fn complete(&mut self, node: Node) -> Result<Flow, ParseError> {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return Ok(Flow::More);
        };
        match &mut frame.kind {
            FrameKind::Sequence(items) => items.push(node),
            FrameKind::Mapping { members, key } => match key.take() {
                Some((name, key_span)) => members.push(Member {
                    key: name,
                    key_span,
                    value: node,
                }),
                None => match node.scalar_text() {
                    Some(text) => *key = Some((text.to_owned(), node.span)),
                    None if matches!(node.value, Value::Null) => {
                        *key = Some((String::new(), node.span))
                    }
                    None => {
                        return Err(ParseError::new(
                            ParseErrorKind::Yaml,
                            "complex mapping keys are not supported".into(),
                            node.span,
                        ));
                    }
                },
            },
        }
        Ok(Flow::More)
    }
}

/// Children of one collection, in source order.
#[derive(Clone, Copy)]
enum Siblings<'n> {
    Items(&'n [Node]),
    Members(&'n [Member]),
}

impl<'n> Siblings<'n> {
    fn of(node: &'n Node) -> Option<Siblings<'n>> {
        match &node.value {
            Value::Array(items) => Some(Siblings::Items(items)),
            Value::Object(members) => Some(Siblings::Members(members)),
            _ => None,
        }
    }

    fn len(self) -> usize {
        match self {
            Siblings::Items(items) => items.len(),
            Siblings::Members(members) => members.len(),
        }
    }

    fn get(self, index: usize) -> &'n Node {
        match self {
            Siblings::Items(items) => &items[index],
            Siblings::Members(members) => &members[index].value,
        }
    }
}

/// The node with exactly `span` among `siblings` and their descendants: at each level the last
/// child starting at or before it is the only one that can hold it.
fn find_under(mut siblings: Siblings<'_>, span: Span) -> Option<&Node> {
    loop {
        let (mut low, mut high) = (0, siblings.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if siblings.get(middle).span.start <= span.start {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let node = siblings.get(low.checked_sub(1)?);
        if node.span == span {
            return Some(node);
        }
        siblings = Siblings::of(node)?;
    }
}

fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
    let value = match tag {
        Some(tag) if tag.handle == CORE_TAG_HANDLE => match tag.suffix.as_str() {
            "str" => Value::String(text.to_owned()),
            "null" => Value::Null,
            "bool" | "int" | "float" => resolve_plain(text),
            _ => Value::String(text.to_owned()),
        },
        _ if style == ScalarStyle::Plain => resolve_plain(text),
        _ => Value::String(text.to_owned()),
    };
    let node = Node::new(span, value);
    match tag {
        Some(tag) if tag.handle == "!" => short_form(&tag.suffix, node),
        _ => node,
    }
}

fn apply_container_tag(tag: Option<&Tag>, node: Node) -> Node {
    match tag {
        Some(tag) if tag.handle == "!" => short_form(&tag.suffix, node),
        _ => node,
    }
}

/// `!Ref x` → `{"Ref": x}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, `!Sub s` → `{"Fn::Sub": s}`.
fn short_form(name: &str, node: Node) -> Node {
    let key = match name {
        "Ref" | "Condition" => name.to_owned(),
        _ if FN_SHORT_FORMS.contains(&name) => format!("Fn::{name}"),
        // An unknown local tag says nothing we can act on; keep the value it tags.
        _ => return node,
    };
    let span = node.span;
    let value = match (&node.value, name) {
        (Value::String(dotted), "GetAtt") => match dotted.split_once('.') {
            Some((resource, attribute)) => Node::new(
                span,
                Value::Array(vec![
                    Node::new(span, Value::String(resource.to_owned())),
                    Node::new(span, Value::String(attribute.to_owned())),
                ]),
            ),
            None => node,
        },
        _ => node,
    };
    Node::new(
        span,
        Value::Object(vec![Member {
            key,
            key_span: span,
            value,
        }]),
    )
}

/// The YAML 1.2 core schema's reading of a plain scalar.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_core_number(text) => Value::Number(text.to_owned()),
        _ => Value::String(text.to_owned()),
    }
}

fn is_core_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(octal) = text.strip_prefix("0o") {
        return !octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        None => !whole.is_empty() && digits(whole),
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The parser counts characters; spans are bytes. Only non-ASCII text pays for the table.
struct CharOffsets {
    base: usize,
    /// (character index, bytes beyond one per character up to and including it) per wide character.
    wide: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(text: &str, base: usize) -> CharOffsets {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (index, c) in text.chars().enumerate() {
                if c.len_utf8() > 1 {
                    extra += c.len_utf8() - 1;
                    wide.push((index, extra));
                }
            }
        }
        CharOffsets { base, wide }
    }

    fn byte(&self, char_index: usize) -> usize {
        let before = self.wide.partition_point(|&(index, _)| index < char_index);
        let extra = if before == 0 {
            0
        } else {
            self.wide[before - 1].1
        };
        self.base + char_index + extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.start()..node.span.end()]
    }

    #[test]
    fn short_forms_become_long_forms() {
        let text = "a: !GetAtt Role.Arn\nb: !Ref X\nc: !Sub [\"${A}\", {A: b}]\nd: !Condition C\n";
        let tree = parse(text, 0).unwrap();
        let a = tree.get("a").unwrap();
        assert_eq!(a.intrinsic(), Some("Fn::GetAtt"));
        assert_eq!(
            a.to_json(),
            serde_json::json!({"Fn::GetAtt": ["Role", "Arn"]})
        );
        assert_eq!(
            tree.get("b").unwrap().to_json(),
            serde_json::json!({"Ref": "X"})
        );
        assert_eq!(tree.get("c").unwrap().intrinsic(), Some("Fn::Sub"));
        assert_eq!(tree.get("d").unwrap().intrinsic(), Some("Condition"));
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let text = "n: 300\nf: 1.5e3\nb: true\nz: ~\ns: PT5M\nq: \"300\"\nt: !!str 12\n";
        let tree = parse(text, 0).unwrap();
        assert_eq!(tree.get("n").unwrap().value, Value::Number("300".into()));
        assert_eq!(tree.get("f").unwrap().value, Value::Number("1.5e3".into()));
        assert_eq!(tree.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(tree.get("z").unwrap().value, Value::Null);
        assert_eq!(tree.get("s").unwrap().value, Value::String("PT5M".into()));
        assert_eq!(tree.get("q").unwrap().value, Value::String("300".into()));
        assert_eq!(tree.get("t").unwrap().value, Value::String("12".into()));
    }

    #[test]
    fn spans_are_bytes_after_wide_characters() {
        let text = "d: \"é€\"\nk: value\n";
        let tree = parse(text, 0).unwrap();
        let k = tree.member("k").unwrap();
        assert_eq!(&text[k.key_span.start()..k.key_span.end()], "k");
        assert_eq!(text_of(text, &k.value), "value");
    }

    #[test]
    fn block_mapping_span_ends_at_its_last_value() {
        let text = "outer:\n  a: 1\n  b: two\nnext: 3\n";
        let tree = parse(text, 0).unwrap();
        assert_eq!(text_of(text, tree.get("outer").unwrap()), "a: 1\n  b: two");
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
    }

    #[test]
    fn block_entries_beyond_the_node_budget_are_refused() {
        let text = format!("r:\n{}", "-\n".repeat(NODE_BUDGET + 1));
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
        assert!(err.message.contains("values"), "{err:?}");
    }

    #[test]
    fn small_aliases_expand() {
        let tree = parse("a: &x {k: v}\nb: *x\n", 0).unwrap();
        assert_eq!(
            tree.get("b").unwrap().to_json(),
            serde_json::json!({"k": "v"})
        );
    }

    #[test]
    fn nested_anchors_copy_nothing_until_aliased() {
        // Reproducer 1 scaled down: every level anchored, nothing aliased.
        let depth = 100;
        let opening: String = (0..depth).map(|d| format!("&n{d} [")).collect();
        let text = format!(
            "r: {opening}{}{}\n",
            vec!["x"; 20_000].join(", "),
            "]".repeat(depth)
        );
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(&text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let span = Span::new(span.start.index(), span.end.index());
            if builder.accept(event, span).unwrap() == Flow::Done {
                break;
            }
        }
        // The scalars, the sequences, the key `r` and the root mapping: nothing copied.
        assert_eq!(builder.nodes, 20_000 + depth + 2);
        assert_eq!(builder.alias_nodes, 0);
    }

    #[test]
    fn aliases_find_anchors_inside_closed_collections() {
        let text =
            "a:\n  b: &inner {k: [1, 2]}\n  c: &outer [&s x, *inner]\nd: [*inner, *outer, *s]\n";
        let tree = parse(text, 0).unwrap();
        assert_eq!(
            tree.get("d").unwrap().to_json(),
            serde_json::json!([{"k": [1, 2]}, ["x", {"k": [1, 2]}], "x"])
        );
        let flow = parse("[{a: &x [!Ref R]}, [*x]]", 0).unwrap();
        assert_eq!(
            flow.to_json(),
            serde_json::json!([{"a": [{"Ref": "R"}]}, [[{"Ref": "R"}]]])
        );
    }

    #[test]
    fn aliases_of_long_text_stop_at_the_budget() {
        let text = format!(
            "a: &a \"{}\"\nb: [{}]\n",
            "x".repeat(1_000_000),
            vec!["*a"; 20].join(", ")
        );
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Limit);
    }

    #[test]
    fn tabs_as_indentation_are_a_syntax_error() {
        let err = parse("a:\n\tb: 1\n", 0).unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Yaml);
    }

    #[test]
    fn deep_flow_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&text, 0).unwrap_err();
        assert!(
            err.message.contains("nest") || err.message.contains("recursion"),
            "{err:?}"
        );
    }

    #[test]
    fn numbers_are_recognised_exactly() {
        for yes in [
            "0", "-12", "+3", "1.5", ".5", "1e3", "0x1F", "0o17", ".inf", "-.Inf",
        ] {
            assert!(is_core_number(yes), "{yes}");
        }
        for no in ["", ".", "1.2.3", "e3", "0x", "12a", "PT5M", "1_000"] {
            assert!(!is_core_number(no), "{no}");
        }
    }
}
