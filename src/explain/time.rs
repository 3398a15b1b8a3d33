//! Times and lengths as the document writes them (ISO 8601 and seconds), and as views show them
//! (`+5m`, `1h30m`).

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::duration::Duration;
use crate::timeline;

/// A time counted from the experiment's start, or a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct Time {
    /// ISO 8601, as FIS parameters write durations (`PT5M`).
    pub iso: Iso,
    /// The same in seconds (fractional when the template gives milliseconds).
    pub seconds: Seconds,
}

/// A duration's ISO 8601 spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, JsonSchema)]
#[schemars(transparent)]
pub struct Iso(#[schemars(with = "String")] Duration);

/// A duration in seconds: an integer when whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, JsonSchema)]
#[schemars(transparent)]
pub struct Seconds(#[schemars(with = "f64")] Duration);

/// Known within bounds: at the earliest `min`, at the latest `max` (null: no bound is known,
/// because something before it runs for an unknown time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct Bounds {
    pub min: Time,
    pub max: Option<Time>,
}

/// How long an action runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
#[serde(rename_all = "camelCase")]
pub struct Length {
    pub kind: LengthKind,
    /// The length (`exact`), its upper bound (`atMost`), zero (`instant`); null when unknown.
    pub time: Option<Time>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum LengthKind {
    /// Exactly this long: `duration`, `durationBeforeInterruption`, `startInstancesAfterDuration`.
    Exact,
    /// Until its work is done, at most this long (`maxDuration`).
    AtMost,
    /// Ends as soon as its API calls return (a reboot, a failover).
    Instant,
    /// Not known before the experiment runs (a deploy-time value, an unknown action).
    Unknown,
}

impl Time {
    pub fn duration(self) -> Duration {
        self.iso.0
    }

    /// The offset a view shows: `+0s`, `+5m`, `+1h30m`.
    pub fn offset(self) -> String {
        format!("+{}", short(self.duration()))
    }
}

impl From<Duration> for Time {
    fn from(duration: Duration) -> Time {
        Time {
            iso: Iso(duration),
            seconds: Seconds(duration),
        }
    }
}

impl From<timeline::Bounds> for Bounds {
    fn from(bounds: timeline::Bounds) -> Bounds {
        Bounds {
            min: Time::from(bounds.min),
            max: bounds.max.map(Time::from),
        }
    }
}

impl Bounds {
    /// Known exactly.
    pub fn exact(&self) -> Option<Time> {
        self.max.filter(|max| *max == self.min)
    }
}

impl From<timeline::Length> for Length {
    fn from(length: timeline::Length) -> Length {
        let (kind, time) = match length {
            timeline::Length::Exact(d) => (LengthKind::Exact, Some(d)),
            timeline::Length::AtMost(d) => (LengthKind::AtMost, Some(d)),
            timeline::Length::Instant => (LengthKind::Instant, Some(Duration { millis: 0 })),
            timeline::Length::Unknown => (LengthKind::Unknown, None),
        };
        Length {
            kind,
            time: time.map(Time::from),
        }
    }
}

impl Length {
    /// How a view shows it: `10m`, `at most 10m`, `instant`, `unknown length`.
    pub fn describe(&self) -> String {
        match (self.kind, self.time) {
            (LengthKind::Exact, Some(t)) => short(t.duration()),
            (LengthKind::AtMost, Some(t)) => format!("at most {}", short(t.duration())),
            (LengthKind::Instant, _) => "instant".to_owned(),
            _ => "unknown length".to_owned(),
        }
    }
}

impl Serialize for Iso {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let millis = self.0.millis;
        if millis.is_multiple_of(1000) {
            serializer.serialize_u64(millis / 1000)
        } else {
            // Exact: a millisecond count below 2^53 is a finite decimal of three places.
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }
}

/// A length the way people write it: `0s`, `45s`, `5m`, `1h30m`, `2m30.5s`, `1d2h`.
pub fn short(duration: Duration) -> String {
    let millis = duration.millis;
    let secs = millis / 1000;
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    for (value, unit) in [(days, "d"), (hours, "h"), (minutes, "m")] {
        if value > 0 {
            out.push_str(&format!("{value}{unit}"));
        }
    }
    let fraction = millis % 1000;
    if fraction > 0 {
        let digits = format!("{fraction:03}");
        out.push_str(&format!("{seconds}.{}s", digits.trim_end_matches('0')));
    } else if seconds > 0 || out.is_empty() {
        out.push_str(&format!("{seconds}s"));
    }
    out
}
