//! How long one action runs, read from the parameter the action's documentation says sets it.

use crate::catalog::Catalog;
use crate::duration::Duration;
use crate::template::Action;

/// How long an action runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Exactly this long: `duration`, the notice of `durationBeforeInterruption`, or the stop of
    /// `startInstancesAfterDuration`.
    Exact(Duration),
    /// Until its work is done, at most this long (`maxDuration`).
    AtMost(Duration),
    /// Ends as soon as its API calls return (a reboot, a failover, a termination): counted as no
    /// time, since the User Guide gives none.
    Instant,
    /// Not known before the experiment runs: a deploy-time value, a value that does not parse, an
    /// unknown action, or a command that runs until it is done.
    Unknown,
}

/// The parameters that set an action's length, and how (User Guide, "AWS FIS actions reference").
/// Makes an action's length from its parameter's value.
type FromValue = fn(Duration) -> Length;

const LENGTH_PARAMETERS: &[(&str, FromValue)] = &[
    ("duration", Length::Exact),
    ("durationBeforeInterruption", Length::Exact),
    ("startInstancesAfterDuration", Length::Exact),
    ("maxDuration", Length::AtMost),
];

/// Parameters whose absence means the action ends at once: without a restart time, stopped
/// instances stay stopped and the action is done.
const ABSENT_MEANS_INSTANT: &[&str] = &["startInstancesAfterDuration"];

impl Length {
    pub fn of(action: &Action<'_>, catalog: &Catalog) -> Length {
        let Some(spec) = action
            .action_id()
            .and_then(|id| id.literal_text())
            .and_then(|id| catalog.action(id))
        else {
            return Length::Unknown;
        };
        let Some(known) = spec.parameters.as_ref() else {
            return Length::Unknown;
        };
        let Some(&(name, make)) = LENGTH_PARAMETERS
            .iter()
            .find(|(name, _)| known.contains_key(*name))
        else {
            return Length::Instant;
        };
        let parameters = action.parameters();
        let value = parameters
            .known()
            .iter()
            .rev()
            .find(|entry| entry.name == name);
        match value {
            Some(entry) => entry
                .value
                .literal_text()
                .and_then(Duration::parse)
                .map_or(Length::Unknown, make),
            None if parameters.is_complete() && ABSENT_MEANS_INSTANT.contains(&name) => {
                Length::Instant
            }
            None => Length::Unknown,
        }
    }

    /// The shortest the action can run.
    pub fn min(self) -> Duration {
        match self {
            Length::Exact(length) => length,
            Length::AtMost(_) | Length::Instant | Length::Unknown => Duration { millis: 0 },
        }
    }

    /// The longest the action can run, when bounded.
    pub fn max(self) -> Option<Duration> {
        match self {
            Length::Exact(length) | Length::AtMost(length) => Some(length),
            Length::Instant => Some(Duration { millis: 0 }),
            Length::Unknown => None,
        }
    }
}
