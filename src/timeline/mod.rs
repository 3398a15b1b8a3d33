//! When each action of an experiment runs: the `startAfter` order, how long each action lasts,
//! and the bounds that follow (earliest start, latest end, the experiment's longest path, the
//! actions surely running at once). FIS starts every action whose `startAfter` actions have all
//! ended, and resolves every target once, when the experiment starts.

mod length;
mod order;

use std::collections::HashMap;

pub use length::Length;

use crate::catalog::Catalog;
use crate::duration::Duration;
use crate::template::{Action, Experiment, Shape};

/// The experiment's actions in template order, with their waits and their times.
#[derive(Debug)]
pub struct Timeline<'a> {
    pub steps: Vec<Step<'a>>,
    /// Every action and every wait is visible: no intrinsic hides an action or a `startAfter`
    /// list, and no `startAfter` names an action the template lacks.
    pub complete: bool,
    /// Some actions wait for each other in a cycle (FIS012); they, and what waits for them, have
    /// no times.
    pub cyclic: bool,
    /// Successors: the actions that wait for each action directly.
    followers: Vec<Vec<usize>>,
}

#[derive(Debug)]
pub struct Step<'a> {
    pub action: Action<'a>,
    /// The actions this one waits for directly (names the template defines, deduplicated).
    pub after: Vec<usize>,
    pub length: Length,
    /// When the action starts, counted from the experiment's start; `None` inside or after a cycle.
    pub start: Option<Bounds>,
    /// When it ends; `None` inside or after a cycle.
    pub end: Option<Bounds>,
    /// How many actions that may take no time come before this one at its earliest start: an
    /// action waiting for a failover starts as the failover ends, at the same moment but after
    /// it. Orders actions that start together.
    pub after_instants: u32,
}

impl Step<'_> {
    /// When the action ends at the earliest, ordered so that at one moment an action that takes
    /// no time ends after it starts and before what waits for it starts.
    fn earliest_end(&self) -> Option<(Duration, u32)> {
        let end = self.end?;
        let start = self.start?;
        Some(if end.min > start.min {
            (end.min, 0)
        } else {
            (end.min, self.after_instants + 1)
        })
    }
}

/// A time known within bounds: at the earliest `min`, at the latest `max` (`None`: no bound is
/// known, because an action before it runs for an unknown time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min: Duration,
    pub max: Option<Duration>,
}

impl Bounds {
    pub const ZERO: Bounds = Bounds {
        min: Duration { millis: 0 },
        max: Some(Duration { millis: 0 }),
    };

    /// Known exactly: the earliest and the latest time are the same.
    pub fn exact(&self) -> Option<Duration> {
        self.max.filter(|max| *max == self.min)
    }
}

/// The actions surely running at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parallel {
    pub at: Duration,
    pub steps: Vec<usize>,
}

impl<'a> Timeline<'a> {
    pub fn new(experiment: &Experiment<'a>, catalog: &Catalog) -> Timeline<'a> {
        let actions = experiment.actions();
        let mut complete = matches!(actions, Shape::Known(_) | Shape::Absent);
        let actions = match actions {
            Shape::Known(actions) => actions,
            _ => Vec::new(),
        };
        // The last of duplicate names wins, as FIS's JSON reader and `Experiment::target` do.
        let index: HashMap<&str, usize> = actions
            .iter()
            .enumerate()
            .map(|(i, action)| (action.name(), i))
            .collect();
        let mut steps: Vec<Step<'a>> = Vec::with_capacity(actions.len());
        for action in actions {
            let waits = action.start_after();
            complete &= waits.is_complete();
            let mut after = Vec::new();
            for item in waits.known() {
                match item.text().and_then(|name| index.get(name)) {
                    Some(&awaited) if !after.contains(&awaited) => after.push(awaited),
                    Some(_) => {}
                    None => complete = false,
                }
            }
            let length = Length::of(&action, catalog);
            steps.push(Step {
                action,
                after,
                length,
                start: None,
                end: None,
                after_instants: 0,
            });
        }
        let mut followers = vec![Vec::new(); steps.len()];
        for (i, step) in steps.iter().enumerate() {
            for &awaited in &step.after {
                followers[awaited].push(i);
            }
        }
        let mut timeline = Timeline {
            steps,
            complete,
            cyclic: false,
            followers,
        };
        timeline.cyclic = !order::schedule(&mut timeline.steps, &timeline.followers);
        timeline
    }

    /// When the last action ends: the experiment's length, within bounds. `None` when an action
    /// has no times (a cycle); `Bounds::ZERO` for an experiment without actions.
    pub fn total(&self) -> Option<Bounds> {
        let mut total = Bounds::ZERO;
        for step in &self.steps {
            let end = step.end?;
            total.min = total.min.max(end.min);
            total.max = match (total.max, end.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        Some(total)
    }

    /// The chain of waits that makes the experiment as long as it must be at least: from an
    /// action that waits for nothing to the one that ends last, each waiting for the one before.
    pub fn longest_path(&self) -> Vec<usize> {
        let ends = |i: usize| self.steps[i].earliest_end();
        let Some(mut at) = (0..self.steps.len())
            .filter(|&i| ends(i).is_some())
            .max_by_key(
                // The first of equals, so the answer does not depend on iteration details.
                |&i| (ends(i), std::cmp::Reverse(i)),
            )
        else {
            return Vec::new();
        };
        let mut path = vec![at];
        while let Some(&before) = self.steps[at]
            .after
            .iter()
            .max_by_key(|&&i| (ends(i), std::cmp::Reverse(i)))
        {
            at = before;
            path.push(at);
            if path.len() > self.steps.len() {
                break;
            }
        }
        path.reverse();
        path
    }

    /// Every action that runs after `step` has ended, directly or through other waits, in
    /// template order. Costs one walk of the waits that follow it.
    pub fn runs_after(&self, step: usize) -> Vec<usize> {
        let mut seen = vec![false; self.steps.len()];
        let mut stack: Vec<usize> = self.followers.get(step).cloned().unwrap_or_default();
        let mut found = Vec::new();
        while let Some(next) = stack.pop() {
            if std::mem::replace(&mut seen[next], true) {
                continue;
            }
            found.push(next);
            stack.extend(self.followers[next].iter().copied());
        }
        found.sort_unstable();
        found
    }

    /// The most actions surely running at one moment: each has a start known exactly and has
    /// surely not ended, or starts at that very moment. A lower bound on what FIS runs at once.
    pub fn most_parallel(&self) -> Option<Parallel> {
        order::most_parallel(&self.steps)
    }
}

#[cfg(test)]
mod tests;
