//! ISO 8601 durations as FIS reads them (`PT5M`, `PT30S`, `PT1H30M`, `P1D`).
//!
//! FIS parameters take the day-time subset that Java's `Duration.parse` accepts: days, hours,
//! minutes and (fractional) seconds, letters in either case. Years, months and weeks have no fixed
//! length and are rejected, as are negative durations.

use std::fmt;

/// A non-negative span of time, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration {
    pub millis: u64,
}

impl Duration {
    pub const fn from_secs(secs: u64) -> Duration {
        Duration {
            millis: secs * 1000,
        }
    }

    pub fn parse(text: &str) -> Option<Duration> {
        let upper = text.to_ascii_uppercase();
        let rest = upper.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) => (date, Some(time)),
            None => (rest, None),
        };
        let mut millis: u64 = 0;
        let mut components = 0;
        if !date.is_empty() {
            let days = date.strip_suffix('D')?;
            millis = millis.checked_add(whole(days)?.checked_mul(86_400_000)?)?;
            components += 1;
        }
        if let Some(mut time) = time {
            if time.is_empty() {
                return None;
            }
            for (unit, scale) in [('H', 3_600_000u64), ('M', 60_000)] {
                if let Some(at) = time.find(unit) {
                    millis = millis.checked_add(whole(&time[..at])?.checked_mul(scale)?)?;
                    time = &time[at + 1..];
                    components += 1;
                }
            }
            if let Some(seconds) = time.strip_suffix('S') {
                let (secs, fraction) = seconds.split_once(['.', ',']).unwrap_or((seconds, ""));
                if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let fraction_millis = format!("{fraction:0<3}")[..3].parse::<u64>().ok()?;
                millis = millis
                    .checked_add(whole(secs)?.checked_mul(1000)?)?
                    .checked_add(fraction_millis)?;
                components += 1;
            } else if !time.is_empty() {
                return None;
            }
        }
        (components > 0).then_some(Duration { millis })
    }
}

fn whole(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl fmt::Display for Duration {
    /// The shortest ISO 8601 spelling: `PT1H30M`, `PT45S`, `PT0S`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total_secs = self.millis / 1000;
        let (hours, minutes, secs) = (total_secs / 3600, total_secs / 60 % 60, total_secs % 60);
        let millis = self.millis % 1000;
        f.write_str("PT")?;
        if hours > 0 {
            write!(f, "{hours}H")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}M")?;
        }
        if millis > 0 {
            write!(f, "{secs}.{millis:03}S")?;
        } else if secs > 0 || self.millis == 0 {
            write!(f, "{secs}S")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_time_durations_parse() {
        assert_eq!(Duration::parse("PT5M"), Some(Duration::from_secs(300)));
        assert_eq!(Duration::parse("pt1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(Duration::parse("PT1.5S").map(|d| d.millis), Some(1500));
        assert_eq!(Duration::parse("P1D"), Some(Duration::from_secs(86_400)));
        assert_eq!(Duration::parse("P1DT2H"), Some(Duration::from_secs(93_600)));
    }

    #[test]
    fn other_text_is_rejected() {
        for bad in [
            "",
            "P",
            "PT",
            "5 minutes",
            "300",
            "PT5",
            "P1Y",
            "P2W",
            "PT-5M",
            "-PT5M",
            "PT5M30",
            "PTM",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(Duration::from_secs(43_200).to_string(), "PT12H");
        assert_eq!(Duration::from_secs(5_430).to_string(), "PT1H30M30S");
        assert_eq!(Duration { millis: 1500 }.to_string(), "PT1.500S");
    }
}
