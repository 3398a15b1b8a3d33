//! What a target selects, read once, and whether two selections can reach the same resources.

use crate::arn::Arn;
use crate::template::{Field, Located, Shape, Target};

/// A target's selection, every part literal text (sorted, so equal selections compare equal).
#[derive(Debug, PartialEq, Eq)]
pub struct Selection<'a> {
    pub arns: Vec<&'a str>,
    pub tags: Vec<(&'a str, &'a str)>,
    pub filters: Vec<(&'a str, Vec<&'a str>)>,
    pub parameters: Vec<(&'a str, &'a str)>,
}

impl<'a> Selection<'a> {
    /// The selection, or `None` when part of it is only known at deploy time or malformed.
    pub fn of(target: &Target<'a>) -> Option<Selection<'a>> {
        let arns = match target.resource_arns() {
            Some(list) => list
                .items()
                .known_or_none()?
                .iter()
                .map(Located::literal_text)
                .collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        let tags = match target.resource_tags() {
            Some(map) => literal_pairs(map.entries())?,
            None => Vec::new(),
        };
        let mut filters = Vec::new();
        if let Some(list) = target.filters() {
            for filter in list.items().known_or_none()? {
                let path = filter.field(Field::Path)?.literal_text()?;
                let mut values = filter
                    .field(Field::Values)?
                    .items()
                    .known_or_none()?
                    .iter()
                    .map(Located::literal_text)
                    .collect::<Option<Vec<_>>>()?;
                values.sort_unstable();
                values.dedup();
                filters.push((path, values));
            }
        }
        let parameters = match target.parameters_field() {
            Some(map) => literal_pairs(map.entries())?,
            None => Vec::new(),
        };
        let mut selection = Selection {
            arns,
            tags,
            filters,
            parameters,
        };
        selection.arns.sort_unstable();
        selection.arns.dedup();
        selection.filters.sort_unstable();
        Some(selection)
    }

    /// Whether both can select one resource of the same kind: ARNs that intersect, or tags with
    /// no key set to different values, or neither given; and the same filters and parameters.
    /// A selection by ARNs against one by tags is unknowable from the template: no.
    pub fn may_share(&self, other: &Selection<'_>) -> bool {
        if self.filters != other.filters || self.parameters != other.parameters {
            return false;
        }
        match (self.arns.is_empty(), other.arns.is_empty()) {
            (false, false) => intersect(&self.arns, &other.arns),
            (true, true) => match (self.tags.is_empty(), other.tags.is_empty()) {
                (false, false) => compatible(&self.tags, &other.tags),
                (true, true) => true,
                _ => false,
            },
            _ => false,
        }
    }

    /// How many items the selection holds: the work of reading or comparing it.
    pub fn size(&self) -> usize {
        1 + self.arns.len()
            + self.tags.len()
            + self.parameters.len()
            + self.filters.iter().map(|(_, v)| 1 + v.len()).sum::<usize>()
    }

    /// Values of a target parameter.
    pub fn parameter(&self, name: &str) -> Option<&'a str> {
        self.parameters
            .iter()
            .find(|(key, _)| *key == name)
            .map(|&(_, value)| value)
    }

    /// Values a filter on this path accepts, when the target filters on it.
    pub fn filter(&self, path: &str) -> Option<&[&'a str]> {
        self.filters
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, values)| values.as_slice())
    }

    /// The ARNs that parse, for the relations that read their parts.
    pub fn parsed_arns(&self) -> impl Iterator<Item = Arn<'a>> + '_ {
        self.arns.iter().filter_map(|text| Arn::parse(text).ok())
    }
}

trait KnownOrNone<T> {
    fn known_or_none(&self) -> Option<&[T]>;
}

impl<T> KnownOrNone<T> for Shape<T> {
    /// The entries when every one is visible; `None` for a deferred or malformed value.
    fn known_or_none(&self) -> Option<&[T]> {
        match self {
            Shape::Known(items) => Some(items),
            _ => None,
        }
    }
}

/// A map's members as literal `(key, value)` pairs, sorted by key; the last duplicate wins.
fn literal_pairs<'a>(shape: Shape<crate::template::Entry<'a>>) -> Option<Vec<(&'a str, &'a str)>> {
    let mut pairs = Vec::new();
    for entry in shape.known_or_none()? {
        pairs.push((entry.name, entry.value.literal_text()?));
    }
    // A stable sort keeps duplicates in source order, so the last of each key is kept.
    pairs.sort_by_key(|&(key, _)| key);
    let mut unique: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match unique.last_mut() {
            Some(last) if last.0 == pair.0 => *last = pair,
            _ => unique.push(pair),
        }
    }
    Some(unique)
}

/// Two sorted, deduplicated lists share an item.
fn intersect(a: &[&str], b: &[&str]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Two tag sets sorted by key can match one resource: no key holds different values.
fn compatible(a: &[(&str, &str)], b: &[(&str, &str)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(y.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal if x.1 != y.1 => return false,
            std::cmp::Ordering::Equal => (i, j) = (i + 1, j + 1),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_conflict_only_on_a_key_with_different_values() {
        assert!(compatible(
            &[("Tier", "web")],
            &[("App", "shop"), ("Tier", "web")]
        ));
        assert!(!compatible(&[("Tier", "web")], &[("Tier", "db")]));
        assert!(compatible(&[("A", "1")], &[("B", "2")]));
    }

    #[test]
    fn arn_lists_intersect_on_a_shared_item() {
        assert!(intersect(&["a", "c", "e"], &["b", "e"]));
        assert!(!intersect(&["a", "c"], &["b", "d"]));
    }
}
