//! "Did you mean …?": the nearest known name to an unknown one, at a cost bounded per file.

use std::cell::Cell;

/// Names that differ by more than this share are too far apart to be a typo of each other.
const MIN_SIMILARITY: f64 = 0.75;

/// Names longer than this get no suggestion and suggest nothing: FIS limits action and target
/// names to 64 characters and its ids are shorter still, so such a name is no typo of a valid one.
const MAX_NAME_BYTES: usize = 256;

/// Work one file's suggestions may do, in units of roughly a nanosecond: enough for every typo of
/// a normal template, while a file made of thousands of unknown names cannot turn "did you mean"
/// into minutes of edit distances.
const FILE_BUDGET: u64 = 20_000_000;

/// Looking at a candidate: lowercasing it and comparing 64 histogram buckets.
const VISIT_COST: usize = 64;

/// One cell of the edit-distance table (strsim's Damerau-Levenshtein keeps a map per row).
const CELL_COST: usize = 4;

/// Finds nearest names and counts the work, so a whole file's suggestions stay within a budget.
/// Within the budget the answers are exactly those of an unbounded search; past it, none.
#[derive(Debug)]
pub struct Suggester {
    left: Cell<u64>,
}

impl Default for Suggester {
    fn default() -> Self {
        Suggester::with_budget(FILE_BUDGET)
    }
}

impl Suggester {
    pub fn with_budget(budget: u64) -> Suggester {
        Suggester {
            left: Cell::new(budget),
        }
    }

    /// Work done so far is `budget - remaining`; tests use it to count comparisons.
    pub fn remaining(&self) -> u64 {
        self.left.get()
    }

    fn charge(&self, cost: usize) -> bool {
        let cost = u64::try_from(cost).unwrap_or(u64::MAX);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                true
            }
            None => {
                self.left.set(0);
                false
            }
        }
    }

    /// The candidate closest to `unknown`, if one is close enough to be a plausible typo.
    pub fn nearest<'a>(
        &self,
        unknown: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        if unknown.len() > MAX_NAME_BYTES || !self.charge(unknown.len() + 1) {
            return None;
        }
        let wanted = Profile::new(unknown);
        let mut best: Option<(f64, &'a str)> = None;
        for candidate in candidates {
            if !self.charge(VISIT_COST + 2 * candidate.len().min(MAX_NAME_BYTES)) {
                return None;
            }
            if candidate.len() > MAX_NAME_BYTES {
                continue;
            }
            let other = Profile::new(candidate);
            // Both bounds are exact: edit distance is at least the length difference and at
            // least the characters one name has more of than the other, so a candidate that
            // cannot reach the threshold (or beat the best so far) is skipped uncomputed.
            let floor = wanted.length_gap(&other).max(wanted.letter_gap(&other));
            let longest = wanted.chars.max(other.chars);
            let ceiling = similarity(floor, longest);
            if ceiling < MIN_SIMILARITY {
                continue;
            }
            let score = if other.lower == wanted.lower {
                // Same letters, other case: the likeliest mistake of all.
                2.0
            } else {
                if best.is_some_and(|(top, _)| ceiling <= top) {
                    continue;
                }
                if !self.charge(CELL_COST * wanted.chars * other.chars) {
                    return None;
                }
                strsim::normalized_damerau_levenshtein(&wanted.lower, &other.lower)
            };
            if score >= MIN_SIMILARITY && best.is_none_or(|(top, _)| score > top) {
                best = Some((score, candidate));
            }
            if score >= 2.0 {
                // Nothing scores higher than a case-only difference.
                break;
            }
        }
        best.map(|(_, name)| name)
    }
}

/// A nearest name, and whether it is certainly the one meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion<'a> {
    pub name: &'a str,
    /// The name differs only in case, or by at most [`CERTAIN_EDITS`] edits with no other
    /// candidate as close: a fix to it is safe to apply unseen.
    pub certain: bool,
}

/// Edits within which a sole nearest name is taken as certain.
pub const CERTAIN_EDITS: usize = 2;

impl Suggester {
    /// [`Suggester::nearest`], with whether the answer is certain; it walks the candidates a
    /// second time (within the same budget) to see that no other is as close.
    pub fn suggest<'a, I>(&self, unknown: &str, candidates: I) -> Option<Suggestion<'a>>
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: Clone,
    {
        let candidates = candidates.into_iter();
        let name = self.nearest(unknown, candidates.clone())?;
        let certain = self.is_sole_close_match(unknown, name, candidates);
        Some(Suggestion { name, certain })
    }

    fn is_sole_close_match<'a>(
        &self,
        unknown: &str,
        best: &str,
        candidates: impl Iterator<Item = &'a str>,
    ) -> bool {
        let wanted = Profile::new(unknown);
        let chosen = Profile::new(best);
        let case_only = wanted.lower == chosen.lower;
        let distance = if case_only {
            0
        } else {
            if !self.charge(CELL_COST * wanted.chars * chosen.chars) {
                return false;
            }
            strsim::damerau_levenshtein(&wanted.lower, &chosen.lower)
        };
        if distance > CERTAIN_EDITS {
            return false;
        }
        for candidate in candidates {
            if candidate == best || candidate.len() > MAX_NAME_BYTES {
                continue;
            }
            if !self.charge(VISIT_COST + 2 * candidate.len()) {
                return false;
            }
            let other = Profile::new(candidate);
            if wanted.length_gap(&other).max(wanted.letter_gap(&other)) > distance {
                continue;
            }
            if !self.charge(CELL_COST * wanted.chars * other.chars) {
                return false;
            }
            if strsim::damerau_levenshtein(&wanted.lower, &other.lower) <= distance {
                return false;
            }
        }
        true
    }
}

/// [`Suggester::nearest`] for one question on its own, with a fresh budget.
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    Suggester::default().nearest(unknown, candidates)
}

/// strsim's normalisation, so a bound and a score compare exactly.
fn similarity(distance: usize, longest: usize) -> f64 {
    if longest == 0 {
        return 1.0;
    }
    1.0 - distance as f64 / longest as f64
}

/// A name lowercased, with its length in characters and a histogram of its characters.
struct Profile {
    lower: String,
    chars: usize,
    letters: [u16; 64],
}

impl Profile {
    fn new(name: &str) -> Profile {
        let lower = name.to_lowercase();
        let mut letters = [0u16; 64];
        let mut chars = 0;
        for c in lower.chars() {
            chars += 1;
            // Folding characters into 64 buckets only lowers the gap, so the bound stays a bound.
            let bucket = &mut letters[c as usize % 64];
            *bucket = bucket.saturating_add(1);
        }
        Profile {
            lower,
            chars,
            letters,
        }
    }

    fn length_gap(&self, other: &Profile) -> usize {
        self.chars.abs_diff(other.chars)
    }

    /// A lower bound on edit distance: each edit adds at most one character and removes at most
    /// one (a transposition neither), so the larger of the surplus and the shortfall is a floor.
    fn letter_gap(&self, other: &Profile) -> usize {
        let (mut surplus, mut shortfall) = (0usize, 0usize);
        for (a, b) in self.letters.iter().zip(&other.letters) {
            if a > b {
                surplus += usize::from(a - b);
            } else {
                shortfall += usize::from(b - a);
            }
        }
        surplus.max(shortfall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &[
        "aws:ec2:stop-instances",
        "aws:ec2:reboot-instances",
        "aws:rds:failover-db-cluster",
    ];

    #[test]
    fn a_sole_close_name_is_certain_and_a_tie_or_a_far_one_is_not() {
        let suggester = Suggester::default();
        let ids = IDS.iter().copied();
        let certain = |unknown: &str| suggester.suggest(unknown, ids.clone()).map(|s| s.certain);
        assert_eq!(certain("aws:ec2:stop-instance"), Some(true));
        assert_eq!(certain("AWS:EC2:STOP-INSTANCES"), Some(true));
        assert_eq!(
            certain("aws:rds:failover-cluster"),
            Some(false),
            "three edits away"
        );
        assert_eq!(certain("nothing-like-it"), None);
        let tied = ["aws:ec2:stop-instances", "aws:ec2:stop-instancez"];
        let tie = suggester.suggest("aws:ec2:stop-instancex", tied.iter().copied());
        assert_eq!(
            tie.map(|s| s.certain),
            Some(false),
            "two names one edit away"
        );
    }

    #[test]
    fn typos_find_their_target() {
        assert_eq!(
            nearest("aws:ec2:stop-instance", IDS.iter().copied()),
            Some("aws:ec2:stop-instances")
        );
        assert_eq!(
            nearest("aws:rds:failover-cluster", IDS.iter().copied()),
            Some("aws:rds:failover-db-cluster")
        );
        assert_eq!(
            nearest("AWS:EC2:STOP-INSTANCES", IDS.iter().copied()),
            Some("aws:ec2:stop-instances")
        );
        assert_eq!(
            nearest("aws:ec2:stop-insatnces", IDS.iter().copied()),
            Some("aws:ec2:stop-instances")
        );
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        assert_eq!(nearest("aws:lambda:kill", IDS.iter().copied()), None);
        assert_eq!(nearest("", IDS.iter().copied()), None);
    }

    #[test]
    fn bounds_agree_with_the_full_computation() {
        let names = [
            "Stop",
            "stop",
            "Stopp",
            "Pause",
            "Wait",
            "Wiat",
            "Reboot",
            "Σσς",
            "ΣΣΣ",
            "a",
            "",
            "ab",
            "ba",
            "İstanbul",
            "istanbul",
            "Web-Servers",
            "WebServers",
            "webserver",
        ];
        for unknown in names {
            let others = names.iter().copied().filter(|n| *n != unknown);
            let full = others
                .clone()
                .map(|c| {
                    let (a, b) = (unknown.to_lowercase(), c.to_lowercase());
                    let score = if a == b {
                        2.0
                    } else {
                        strsim::normalized_damerau_levenshtein(&a, &b)
                    };
                    (score, c)
                })
                .filter(|(score, _)| *score >= MIN_SIMILARITY)
                .fold(None::<(f64, &str)>, |best, (score, c)| match best {
                    Some((top, _)) if score <= top => best,
                    _ => Some((score, c)),
                })
                .map(|(_, c)| c);
            assert_eq!(nearest(unknown, others), full, "{unknown}");
        }
    }

    #[test]
    fn very_long_names_cost_nothing_to_compare() {
        let suggester = Suggester::default();
        let long = "q".repeat(4_000_000);
        assert_eq!(suggester.nearest(&long, IDS.iter().copied()), None);
        assert_eq!(suggester.remaining(), FILE_BUDGET);
    }

    #[test]
    fn names_of_distant_lengths_are_not_compared() {
        let suggester = Suggester::default();
        let short = "aws:x";
        assert_eq!(suggester.nearest(short, IDS.iter().copied()), None);
        let spent = FILE_BUDGET - suggester.remaining();
        let scanned: usize =
            short.len() + 1 + IDS.iter().map(|c| VISIT_COST + 2 * c.len()).sum::<usize>();
        assert_eq!(spent, scanned as u64, "no edit distance was computed");
    }

    #[test]
    fn a_spent_budget_stops_suggesting() {
        let suggester = Suggester::with_budget(100);
        let many: Vec<String> = (0..1_000).map(|i| format!("action-{i:04}")).collect();
        assert_eq!(
            suggester.nearest("action-0000x", many.iter().map(String::as_str)),
            None
        );
        assert_eq!(suggester.remaining(), 0);
        assert_eq!(suggester.nearest("action-0001", ["action-0001"]), None);
    }
}
