//! "Did you mean …?": the nearest known name to an unknown one.

/// Names that differ by more than this share are too far apart to be a typo of each other.
const MIN_SIMILARITY: f64 = 0.75;

/// The candidate closest to `unknown`, if one is close enough to be a plausible typo.
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = unknown.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = if candidate.to_lowercase() == wanted {
            // Same letters, other case: the likeliest mistake of all.
            2.0
        } else {
            strsim::normalized_damerau_levenshtein(&wanted, &candidate.to_lowercase())
        };
        if score >= MIN_SIMILARITY && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
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
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        assert_eq!(nearest("aws:lambda:kill", IDS.iter().copied()), None);
        assert_eq!(nearest("", IDS.iter().copied()), None);
    }
}
