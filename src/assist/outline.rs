//! A flat outline of a text that may not parse: every key and scalar a tolerant scan found, in
//! document order with its nesting depth, and where the cursor stands among them.

use crate::source::Span;

/// Deeper than this a scan records nothing (it only counts brackets to stay in step), so a
/// hostile nesting costs no memory; no template nests near it.
pub(super) const MAX_DEPTH: usize = 128;

/// One key (with its scalar value, if it has one) or one array item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// 0 for the members of the outermost object (or of a Terraform file's body).
    pub depth: usize,
    /// The key's text (quotes excluded); `None` for an array item.
    pub key: Option<Span>,
    /// The scalar value's text (quotes excluded), when the value is a scalar.
    pub value: Option<Span>,
}

/// What the cursor is typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A key of the innermost open container.
    Key,
    /// The value of this entry (a key).
    Value(usize),
    /// An item of the array the innermost open container's entry holds.
    Item,
}

/// Where the cursor stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Site {
    /// The entries whose values are the open containers around the cursor, outermost first.
    pub ancestors: Vec<usize>,
    pub role: Role,
    /// The word under the cursor (quotes excluded); empty at the cursor when nothing is typed.
    pub word: Span,
    /// The quote the word sits inside, if the cursor is between quotes.
    pub quote: Option<u8>,
}

#[derive(Debug)]
pub(super) struct Outline<'t> {
    pub text: &'t str,
    pub entries: Vec<Entry>,
}

impl<'t> Outline<'t> {
    pub fn new(text: &'t str) -> Outline<'t> {
        Outline {
            text,
            entries: Vec::new(),
        }
    }

    pub fn push(&mut self, depth: usize, key: Option<Span>, value: Option<Span>) -> usize {
        self.entries.push(Entry { depth, key, value });
        self.entries.len() - 1
    }

    pub fn set_value(&mut self, entry: usize, value: Span) {
        if let Some(e) = self.entries.get_mut(entry) {
            e.value = Some(value);
        }
    }

    pub fn slice(&self, span: Span) -> &'t str {
        self.text.get(span.start()..span.end()).unwrap_or_default()
    }

    pub fn key(&self, entry: usize) -> Option<&'t str> {
        Some(self.slice(self.entries.get(entry)?.key?))
    }

    pub fn value(&self, entry: usize) -> Option<&'t str> {
        Some(self.slice(self.entries.get(entry)?.value?))
    }

    pub fn is_item(&self, entry: usize) -> bool {
        self.entries.get(entry).is_some_and(|e| e.key.is_none())
    }

    /// The direct children of `parent` (of the outermost container when `None`), in order.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        let (start, depth) = match parent.and_then(|p| Some((p, self.entries.get(p)?.depth))) {
            Some((p, depth)) => (p + 1, depth + 1),
            None => (0, 0),
        };
        self.entries
            .iter()
            .enumerate()
            .skip(start)
            .take_while(move |(_, e)| e.depth >= depth)
            .filter(move |(_, e)| e.depth == depth)
            .map(|(i, _)| i)
    }

    /// The last child of `parent` whose key reads `name` once [`normalized`].
    pub fn child(&self, parent: Option<usize>, name: &str) -> Option<usize> {
        self.children(parent)
            .filter(|&c| self.key(c).is_some_and(|k| normalized(k) == name))
            .last()
    }

    /// The blocks named `name` under `parent`: each child of that name, or each item of it when
    /// it holds a list (Terraform's JSON writes repeated blocks as an array).
    pub fn blocks(&self, parent: Option<usize>, name: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for c in self.children(parent) {
            if self.key(c).is_none_or(|k| normalized(k) != name) {
                continue;
            }
            let items: Vec<usize> = self
                .children(Some(c))
                .filter(|&i| self.is_item(i))
                .collect();
            if items.is_empty() {
                out.push(c);
            } else {
                out.extend(items);
            }
        }
        out
    }
}

/// A key as the three forms all spell it: `actionId`, `ActionId` and `action_id` are `actionid`.
pub(super) fn normalized(key: &str) -> String {
    key.chars()
        .filter(|&c| c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_stop_at_the_end_of_the_parent() {
        let mut o = Outline::new("abcdef");
        let a = o.push(0, Some(Span::new(0, 1)), None);
        let b = o.push(1, Some(Span::new(1, 2)), None);
        o.push(2, Some(Span::new(2, 3)), None);
        let d = o.push(1, Some(Span::new(3, 4)), None);
        let e = o.push(0, Some(Span::new(4, 5)), None);
        o.push(1, Some(Span::new(5, 6)), None);
        assert_eq!(o.children(Some(a)).collect::<Vec<_>>(), [b, d]);
        assert_eq!(o.children(None).collect::<Vec<_>>(), [a, e]);
        assert_eq!(o.child(Some(a), "d"), Some(d));
        assert_eq!(o.child(Some(a), "c"), None);
    }

    #[test]
    fn the_three_spellings_normalize_alike() {
        assert_eq!(normalized("actionId"), "actionid");
        assert_eq!(normalized("ActionId"), "actionid");
        assert_eq!(normalized("action_id"), "actionid");
    }
}
