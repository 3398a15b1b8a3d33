//! Times along the waits: each action starts when the last action it waits for ends. Kahn's
//! algorithm, so the cost is linear in actions and waits and a cycle leaves its members untimed.

use std::collections::VecDeque;

use super::{Bounds, Parallel, Step};
use crate::duration::Duration;

/// Fills in every step's start and end; `false` when a cycle left some steps without times.
pub(super) fn schedule(steps: &mut [Step<'_>], followers: &[Vec<usize>]) -> bool {
    let mut waiting: Vec<usize> = steps.iter().map(|step| step.after.len()).collect();
    let mut ready: VecDeque<usize> = (0..steps.len()).filter(|&i| waiting[i] == 0).collect();
    let mut timed = 0;
    while let Some(i) = ready.pop_front() {
        timed += 1;
        let mut start = Bounds::ZERO;
        let mut after_instants = 0;
        for &awaited in &steps[i].after {
            // Every awaited step was timed before this one became ready.
            let Some(end) = steps[awaited].end else {
                continue;
            };
            let ends_at = steps[awaited].earliest_end().unwrap_or((end.min, 0));
            if ends_at > (start.min, after_instants) {
                (start.min, after_instants) = ends_at;
            }
            start.max = match (start.max, end.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        steps[i].after_instants = after_instants;
        let length = steps[i].length;
        steps[i].start = Some(start);
        steps[i].end = Some(Bounds {
            min: plus(start.min, length.min()),
            max: start.max.zip(length.max()).map(|(a, b)| plus(a, b)),
        });
        for &follower in &followers[i] {
            waiting[follower] -= 1;
            if waiting[follower] == 0 {
                ready.push_back(follower);
            }
        }
    }
    timed == steps.len()
}

fn plus(a: Duration, b: Duration) -> Duration {
    Duration {
        millis: a.millis.saturating_add(b.millis),
    }
}

/// A sweep over the moments actions surely start. At one moment, actions that surely ended
/// leave before actions starting join (an action that waits for another starts as it ends: they
/// do not overlap), and an action that takes no time leaves before what waits for it starts.
pub(super) fn most_parallel(steps: &[Step<'_>]) -> Option<Parallel> {
    // A moment: the time, then how many instant actions came before at that time.
    type Moment = (Duration, u32);
    #[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
    enum Event {
        Ends,
        Starts,
    }
    let mut events: Vec<(Moment, Event, usize)> = Vec::new();
    let mut windows: Vec<Option<(Moment, Moment)>> = vec![None; steps.len()];
    for (i, step) in steps.iter().enumerate() {
        let (Some(start), Some(end)) = (step.start, step.earliest_end()) else {
            continue;
        };
        let Some(start) = start.exact() else {
            continue;
        };
        let start = (start, step.after_instants);
        events.push((start, Event::Starts, i));
        events.push((end, Event::Ends, i));
        windows[i] = Some((start, end));
    }
    events.sort_unstable();
    let mut count = 0usize;
    let mut best: Option<(usize, Moment)> = None;
    let mut rest = events.as_slice();
    while let Some(&(moment, _, _)) = rest.first() {
        let group = rest.iter().take_while(|(t, _, _)| *t == moment).count();
        let (now, later) = rest.split_at(group);
        rest = later;
        // Sorted, so a moment's ends come before its starts.
        count = count.saturating_sub(now.iter().filter(|e| e.1 == Event::Ends).count());
        let starting = now.iter().filter(|e| e.1 == Event::Starts).count();
        count += starting;
        if starting > 0 && best.is_none_or(|(n, _)| count > n) {
            best = Some((count, moment));
        }
    }
    let (_, moment) = best?;
    let running_at = windows
        .iter()
        .enumerate()
        .filter(|(_, window)| window.is_some_and(|(start, end)| start <= moment && moment < end))
        .map(|(i, _)| i)
        .collect();
    Some(Parallel {
        at: moment.0,
        steps: running_at,
    })
}
