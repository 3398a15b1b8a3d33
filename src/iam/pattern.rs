//! IAM's wildcards: `*` matches any run of characters, `?` any one character. Action names
//! compare without regard to case (`EC2:stopinstances` grants `ec2:StopInstances`); ARNs with it.

/// Whether an IAM `Action` pattern grants this action name.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob(pattern.as_bytes(), action.as_bytes(), true)
}

/// Whether a `Resource` pattern covers this ARN (or ARN pattern, read literally).
pub fn resource_matches(pattern: &str, arn: &str) -> bool {
    glob(pattern.as_bytes(), arn.as_bytes(), false)
}

/// Wildcard matching with one remembered star: each star restart advances the text by one, so
/// the cost is at most pattern length times text length, and linear for the patterns policies use.
fn glob(pattern: &[u8], text: &[u8], ignore_case: bool) -> bool {
    let same = |a: u8, b: u8| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || same(c, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_grant_as_iam_does() {
        assert!(action_matches("*", "ec2:StopInstances"));
        assert!(action_matches("ec2:*", "ec2:StopInstances"));
        assert!(action_matches("ec2:Stop*", "ec2:StopInstances"));
        assert!(action_matches("EC2:stopinstances", "ec2:StopInstances"));
        assert!(action_matches("ec2:?topInstances", "ec2:StopInstances"));
        assert!(action_matches("ec2:*Instances", "ec2:StopInstances"));
        assert!(!action_matches("ec2:Start*", "ec2:StopInstances"));
        assert!(!action_matches("ec2:StopInstance", "ec2:StopInstances"));
        assert!(!action_matches("rds:*", "ec2:StopInstances"));
        assert!(!action_matches("", "ec2:StopInstances"));
    }

    #[test]
    fn resources_match_with_case() {
        assert!(resource_matches(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"
        ));
        assert!(!resource_matches(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"
        ));
        assert!(!resource_matches("arn:aws:EC2:*", "arn:aws:ec2:x"));
    }

    #[test]
    fn many_stars_stay_cheap() {
        let pattern = "*a".repeat(200);
        let text = "a".repeat(199) + "b";
        assert!(!action_matches(&pattern, &text));
    }
}
