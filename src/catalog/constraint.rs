//! Checking a parameter's value (always text) against its documented constraint.

use super::{Bound, Constraint, Suggester, ValueKind};
use crate::arn::Arn;
use crate::duration::Duration;

/// The service quota "Action duration in hours" caps every duration parameter at 12 hours.
pub const ACTION_DURATION_LIMIT: Duration = Duration::from_secs(12 * 3600);

/// How a value breaks its constraint: `problem` completes "`value` for `name` …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintViolation {
    pub problem: String,
    pub help: String,
    /// The whole value as it was meant, when the slip is plain enough to say.
    pub replacement: Option<Replacement>,
}

/// A value that satisfies the constraint in place of the one written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub value: String,
    /// The meaning is the one written (a unit spelled out, a value in the wrong case), not a
    /// guess (a bare number read as seconds, one of several near values).
    pub certain: bool,
}

fn violation(problem: impl Into<String>, help: impl Into<String>) -> Option<ConstraintViolation> {
    Some(ConstraintViolation {
        problem: problem.into(),
        help: help.into(),
        replacement: None,
    })
}

impl ConstraintViolation {
    fn replaced_by(mut self, value: String, certain: bool) -> ConstraintViolation {
        self.replacement = Some(Replacement { value, certain });
        self
    }
}

impl Constraint {
    /// Why `value` breaks this constraint, if it does. `sibling` reads the other parameters of
    /// the same action, for constraints that depend on them.
    pub fn check<'a>(
        &self,
        value: &str,
        sibling: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<ConstraintViolation> {
        match self.kind {
            ValueKind::IsoDuration => self.check_duration(value),
            ValueKind::Integer => self.check_number(value, true),
            ValueKind::Number => self.check_number(value, false),
            ValueKind::Boolean => {
                if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                    None
                } else {
                    violation(
                        "is not `true` or `false`",
                        "write the boolean as the string `true` or `false`",
                    )
                }
            }
            ValueKind::Enum => self.check_enum(value, &sibling),
            ValueKind::CsvEnum => {
                first_in_list(value, |_| false, |item| self.check_enum(item, &sibling))
            }
            ValueKind::Arn => check_arn(value),
            ValueKind::CsvArn => {
                let items: Vec<&str> = split_list(value).collect();
                if let Some(max) = self.max_items.filter(|&max| items.len() > max as usize) {
                    return violation(
                        format!("lists {} ARNs, more than the {max} allowed", items.len()),
                        format!("list at most {max} comma-separated ARNs"),
                    );
                }
                items.into_iter().find_map(check_arn)
            }
            ValueKind::AzIdentifier => check_zone(value),
            ValueKind::CsvAzIdentifier => first_in_list(value, |_| false, check_zone),
            ValueKind::CsvAzIdentifierOrAll => first_in_list(value, |z| z == "all", check_zone),
            ValueKind::Region => check_region(value),
            ValueKind::JsonObjectString => match serde_json::from_str::<serde_json::Value>(value) {
                Ok(serde_json::Value::Object(_)) => None,
                Ok(_) => violation(
                    "is JSON but not a JSON object",
                    "encode an object, such as `{\"key\": \"value\"}`, as a string",
                ),
                Err(error) => violation(
                    format!("is not a JSON object ({error})"),
                    "encode the object as JSON text inside the string, quotes escaped",
                ),
            },
            ValueKind::Csv | ValueKind::String | ValueKind::Unknown => None,
        }
    }

    fn check_duration(&self, value: &str) -> Option<ConstraintViolation> {
        let Some(duration) = Duration::parse(value) else {
            const PROBLEM: &str = "is not an ISO 8601 duration";
            if let Some(meant) = spelled_out_duration(value) {
                return violation(PROBLEM, format!("did you mean `{meant}`?"))
                    .map(|v| v.replaced_by(meant.to_string(), true));
            }
            if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() {
                let help = format!(
                    "a bare number has no unit: write `PT{value}S` for {value} seconds, or use minutes (`PT5M`) or hours (`PT1H`)"
                );
                // Seconds is a guess: the number may have meant minutes.
                return violation(PROBLEM, help)
                    .map(|v| v.replaced_by(format!("PT{value}S"), false));
            }
            return violation(
                PROBLEM,
                "write an ISO 8601 duration such as `PT5M` (five minutes), `PT30S` or `PT1H`",
            );
        };
        let bound = |b: &Option<Bound>| match b {
            Some(Bound::Duration(text)) => Duration::parse(text),
            _ => None,
        };
        let max = bound(&self.max).unwrap_or(ACTION_DURATION_LIMIT);
        if duration > max {
            return violation(
                format!("is longer than the maximum `{max}`"),
                format!("use a duration of at most `{max}`"),
            );
        }
        if let Some(min) = bound(&self.min).filter(|&min| duration < min) {
            return violation(
                format!("is shorter than the minimum `{min}`"),
                format!("use a duration of at least `{min}`"),
            );
        }
        None
    }

    fn check_number(&self, value: &str, integer: bool) -> Option<ConstraintViolation> {
        let parsed = if integer {
            value.parse::<i64>().ok().map(|n| n as f64)
        } else {
            value.parse::<f64>().ok().filter(|n| n.is_finite())
        };
        let Some(number) = parsed else {
            let what = if integer {
                "a whole number"
            } else {
                "a number"
            };
            return violation(
                format!("is not {what}"),
                format!("write {what} as a string, such as `\"50\"`"),
            );
        };
        let bound = |b: &Option<Bound>| match b {
            Some(Bound::Number(n)) => Some(*n),
            _ => None,
        };
        let (min, max) = (bound(&self.min), bound(&self.max));
        let out_of_range = min.is_some_and(|m| number < m) || max.is_some_and(|m| number > m);
        if !out_of_range {
            return None;
        }
        let range = match (min, max) {
            (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
            (Some(lo), None) => format!("at least {lo}"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => String::new(),
        };
        violation(
            format!("is out of range ({range})"),
            format!("use a value {range}"),
        )
    }

    fn check_enum<'a>(
        &self,
        value: &str,
        sibling: &impl Fn(&str) -> Option<&'a str>,
    ) -> Option<ConstraintViolation> {
        let allowed: Vec<&str> = match (&self.values, &self.values_by_api_version) {
            (Some(values), _) => values.iter().map(String::as_str).collect(),
            (None, Some(by_version)) => {
                match sibling("kubernetesApiVersion").and_then(|v| by_version.get(v)) {
                    Some(values) => values.iter().map(String::as_str).collect(),
                    // The allowed kinds depend on an API version that is unknown or itself wrong.
                    None => return None,
                }
            }
            (None, None) => return None,
        };
        if allowed.contains(&value) {
            return None;
        }
        let listed = allowed
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let problem = format!("is not one of {listed}");
        match Suggester::default().suggest(value, allowed.iter().copied()) {
            Some(close) => violation(problem, format!("did you mean `{}`?", close.name))
                .map(|v| v.replaced_by(close.name.to_owned(), close.certain)),
            None => violation(problem, format!("use one of {listed}")),
        }
    }
}

/// `5 minutes`, `30s`, `2 hours` as the ISO 8601 duration they mean.
fn spelled_out_duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    let digits_end = value.find(|c: char| !c.is_ascii_digit())?;
    let amount: u64 = value[..digits_end].parse().ok()?;
    let seconds = match value[digits_end..].trim().to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        _ => return None,
    };
    Some(Duration::from_secs(amount.checked_mul(seconds)?))
}

/// The first item of a comma-separated list that `check` faults (`skip` aside), with the value
/// meant for it written into the whole list.
fn first_in_list(
    list: &str,
    skip: impl Fn(&str) -> bool,
    check: impl Fn(&str) -> Option<ConstraintViolation>,
) -> Option<ConstraintViolation> {
    split_list(list)
        .enumerate()
        .filter(|(_, item)| !skip(item))
        .find_map(|(at, item)| {
            let mut found = check(item)?;
            found.replacement = found.replacement.map(|meant| Replacement {
                value: with_item_replaced(list, at, &meant.value),
                ..meant
            });
            Some(found)
        })
}

/// `list` with its item at `index` (as [`split_list`] counts) replaced, spacing kept.
fn with_item_replaced(list: &str, index: usize, item: &str) -> String {
    list.split(',')
        .enumerate()
        .map(|(at, segment)| {
            if at != index {
                return segment.to_owned();
            }
            let trimmed = segment.trim();
            let before = segment.len() - segment.trim_start().len();
            let after = &segment[before + trimmed.len()..];
            format!("{}{item}{after}", &segment[..before])
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Comma-separated items, blanks around commas ignored.
fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim)
}

fn check_arn(value: &str) -> Option<ConstraintViolation> {
    Arn::parse(value)
        .err()
        .and_then(|why| violation("is not an ARN", why))
}

/// AZ names (`us-east-1a`, `us-west-2-lax-1a`) and AZ IDs (`use1-az1`): lowercase letters,
/// digits and inner hyphens, with a digit somewhere.
fn check_zone(value: &str) -> Option<ConstraintViolation> {
    in_lowercase(value, is_zone, || {
        violation(
            "is not an Availability Zone name or ID",
            "use an AZ name such as `us-east-1a` or an AZ ID such as `use1-az1`",
        )
    })
}

/// A value that breaks `fits`: AWS's names (zones, Regions) are lowercase, so one that fits
/// once lowercased was certainly meant so.
fn in_lowercase(
    value: &str,
    fits: impl Fn(&str) -> bool,
    fault: impl Fn() -> Option<ConstraintViolation>,
) -> Option<ConstraintViolation> {
    if fits(value) {
        return None;
    }
    let lower = value.to_ascii_lowercase();
    let fixed = fits(&lower).then_some(lower);
    fault().map(|v| match fixed {
        Some(lower) => v.replaced_by(lower, true),
        None => v,
    })
}

fn is_zone(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && value.bytes().any(|b| b.is_ascii_digit())
}

fn check_region(value: &str) -> Option<ConstraintViolation> {
    in_lowercase(value, is_region, || {
        violation(
            "is not a Region code",
            "use a Region code such as `us-east-1`",
        )
    })
}

fn is_region(value: &str) -> bool {
    let mut parts = value.split('-');
    let geo = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    geo.len() == 2
        && geo.bytes().all(|b| b.is_ascii_lowercase())
        && rest.len() >= 2
        && rest[..rest.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && rest
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constraint(kind: ValueKind) -> Constraint {
        Constraint {
            kind,
            min: None,
            max: None,
            values: None,
            values_by_api_version: None,
            default: None,
            max_items: None,
            required_when: None,
        }
    }

    fn none(_: &str) -> Option<&'static str> {
        None
    }

    #[test]
    fn durations_respect_bounds_and_the_twelve_hour_limit() {
        let mut c = constraint(ValueKind::IsoDuration);
        assert_eq!(c.check("PT12H", none), None);
        assert!(c.check("PT13H", none).unwrap().problem.contains("PT12H"));
        assert!(
            c.check("5 minutes", none)
                .unwrap()
                .problem
                .contains("ISO 8601")
        );
        assert!(c.check("300", none).unwrap().help.contains("PT300S"));
        assert_eq!(
            c.check("5 minutes", none).unwrap().help,
            "did you mean `PT5M`?"
        );
        assert_eq!(
            c.check("90s", none).unwrap().help,
            "did you mean `PT1M30S`?"
        );
        c.min = Some(Bound::Duration("PT2M".into()));
        c.max = Some(Bound::Duration("PT15M".into()));
        assert!(
            c.check("PT1M", none)
                .unwrap()
                .problem
                .contains("minimum `PT2M`")
        );
        assert!(
            c.check("PT16M", none)
                .unwrap()
                .problem
                .contains("maximum `PT15M`")
        );
    }

    #[test]
    fn a_unit_spelled_out_is_replaced_for_certain_and_a_bare_number_as_a_guess() {
        let c = constraint(ValueKind::IsoDuration);
        let replacement = |value| c.check(value, none).and_then(|v| v.replacement);
        let certain = |value: &str| Replacement {
            value: value.to_owned(),
            certain: true,
        };
        assert_eq!(replacement("5m"), Some(certain("PT5M")));
        assert_eq!(replacement("5 minutes"), Some(certain("PT5M")));
        assert_eq!(replacement("90s"), Some(certain("PT1M30S")));
        assert_eq!(
            replacement("300"),
            Some(Replacement {
                value: "PT300S".to_owned(),
                certain: false
            })
        );
        assert_eq!(replacement("PT13H"), None, "a limit is not a slip");
        assert_eq!(replacement("soon"), None);
    }

    #[test]
    fn an_enumerated_value_in_another_case_is_replaced_in_its_list() {
        let mut c = constraint(ValueKind::Enum);
        c.values = Some(vec!["SIGTERM".into(), "SIGKILL".into()]);
        let found = c.check("sigkill", none).and_then(|v| v.replacement);
        assert_eq!(
            found.map(|r| (r.value, r.certain)),
            Some(("SIGKILL".to_owned(), true))
        );
        let mut list = constraint(ValueKind::CsvEnum);
        list.values = Some(vec![
            "OK".into(),
            "ALARM".into(),
            "INSUFFICIENT_DATA".into(),
        ]);
        let found = list
            .check("OK,  alarm ,INSUFFICIENT_DATA", none)
            .and_then(|v| v.replacement);
        assert_eq!(
            found.map(|r| r.value),
            Some("OK,  ALARM ,INSUFFICIENT_DATA".to_owned()),
            "only the item changes; the spacing stays"
        );
    }

    #[test]
    fn zones_and_regions_in_capitals_are_lowercased_for_certain() {
        let zones = constraint(ValueKind::CsvAzIdentifierOrAll);
        let found = zones.check("all, us-east-1a,US-EAST-1B", none);
        assert_eq!(
            found
                .and_then(|v| v.replacement)
                .map(|r| (r.value, r.certain)),
            Some(("all, us-east-1a,us-east-1b".to_owned(), true))
        );
        let zone = constraint(ValueKind::AzIdentifier);
        assert_eq!(zone.check("use1-az1", none), None);
        assert_eq!(zone.check("east", none).and_then(|v| v.replacement), None);
        let region = constraint(ValueKind::Region);
        assert_eq!(
            region
                .check("EU-West-1", none)
                .and_then(|v| v.replacement)
                .map(|r| r.value),
            Some("eu-west-1".to_owned())
        );
        assert_eq!(
            region.check("Ireland", none).and_then(|v| v.replacement),
            None
        );
    }

    #[test]
    fn numbers_respect_ranges() {
        let mut c = constraint(ValueKind::Integer);
        c.min = Some(Bound::Number(1.0));
        c.max = Some(Bound::Number(100.0));
        assert_eq!(c.check("100", none), None);
        assert!(
            c.check("150", none)
                .unwrap()
                .problem
                .contains("from 1 to 100")
        );
        assert!(
            c.check("12.5", none)
                .unwrap()
                .problem
                .contains("whole number")
        );
        let mut n = constraint(ValueKind::Number);
        n.min = Some(Bound::Number(0.1));
        assert_eq!(n.check("12.5", none), None);
        assert!(n.check("0", none).is_some());
    }

    #[test]
    fn enumerations_suggest_the_nearest_value() {
        let mut c = constraint(ValueKind::Enum);
        c.values = Some(vec!["SIGTERM".into(), "SIGKILL".into()]);
        assert_eq!(c.check("SIGKILL", none), None);
        assert_eq!(
            c.check("sigkill", none).unwrap().help,
            "did you mean `SIGKILL`?"
        );
        let mut list = constraint(ValueKind::CsvEnum);
        list.values = Some(vec!["OK".into(), "ALARM".into()]);
        assert_eq!(list.check("OK, ALARM", none), None);
        assert!(list.check("OK,BAD", none).is_some());
    }

    #[test]
    fn kinds_by_api_version_read_the_sibling_parameter() {
        let mut c = constraint(ValueKind::Enum);
        c.values_by_api_version = Some(
            [(
                "litmuschaos.io/v1alpha1".to_owned(),
                vec!["ChaosEngine".to_owned()],
            )]
            .into(),
        );
        let litmus =
            |name: &str| (name == "kubernetesApiVersion").then_some("litmuschaos.io/v1alpha1");
        assert_eq!(c.check("ChaosEngine", litmus), None);
        assert!(c.check("PodChaos", litmus).is_some());
        assert_eq!(
            c.check("PodChaos", none),
            None,
            "unknown version: nothing to check against"
        );
    }

    #[test]
    fn arns_zones_regions_and_json() {
        assert!(constraint(ValueKind::Arn).check("my-alarm", none).is_some());
        let mut arns = constraint(ValueKind::CsvArn);
        arns.max_items = Some(1);
        let two = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a,arn:aws:cloudwatch:us-east-1:123456789012:alarm:b";
        assert!(
            arns.check(two, none)
                .unwrap()
                .problem
                .contains("more than the 1")
        );
        assert_eq!(
            constraint(ValueKind::AzIdentifier).check("use1-az1", none),
            None
        );
        assert!(
            constraint(ValueKind::AzIdentifier)
                .check("US East", none)
                .is_some()
        );
        assert_eq!(
            constraint(ValueKind::CsvAzIdentifierOrAll).check("all", none),
            None
        );
        assert_eq!(
            constraint(ValueKind::Region).check("ap-southeast-1", none),
            None
        );
        assert!(
            constraint(ValueKind::Region)
                .check("useast1", none)
                .is_some()
        );
        assert_eq!(
            constraint(ValueKind::JsonObjectString).check("{\"a\": [\"b\"]}", none),
            None
        );
        assert!(
            constraint(ValueKind::JsonObjectString)
                .check("[1]", none)
                .is_some()
        );
        assert!(constraint(ValueKind::Boolean).check("yes", none).is_some());
        assert_eq!(constraint(ValueKind::Boolean).check("True", none), None);
    }
}
