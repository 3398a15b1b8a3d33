use std::collections::{HashMap, VecDeque};

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Field, Form, Located};

declare_rule! {
    /// ## What it does
    /// Checks that the actions' `startAfter` lists do not form a cycle, including an action that
    /// waits for itself. The message names the whole cycle.
    ///
    /// ## Why is this bad?
    /// Actions in a cycle wait for each other forever: none of them can ever start. FIS rejects
    /// such a template, but only when you create it.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   Drain:
    ///     ActionId: aws:fis:wait
    ///     Parameters: {duration: PT1M}
    ///     StartAfter: [Stop]
    ///   Stop:
    ///     ActionId: aws:fis:wait
    ///     Parameters: {duration: PT1M}
    ///     StartAfter: [Drain]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   Drain:
    ///     ActionId: aws:fis:wait
    ///     Parameters: {duration: PT1M}
    ///   Stop:
    ///     ActionId: aws:fis:wait
    ///     Parameters: {duration: PT1M}
    ///     StartAfter: [Drain]
    /// ```
    ///
    /// ## Fix availability
    /// None: which wait to drop is a choice.
    ///
    /// ## References
    /// - [Action order](https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html#action-order)
    pub struct StartAfterCycle {
        code: "FIS012",
        name: "start-after-cycle",
        severity: Error,
    }
}

/// A `startAfter` edge: the waiting action, the awaited one, and the list item that says so.
struct Edge<'a> {
    to: usize,
    item: Located<'a>,
}

impl Rule for StartAfterCycle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let actions = ctx.experiment.actions();
        // The API's spelling for the other forms, as their messages have always said.
        let start_after = match ctx.experiment.form {
            Form::Terraform => Form::Terraform.written(Field::StartAfter),
            Form::Api | Form::CloudFormation => "startAfter",
        };
        let actions = actions.known();
        let index: HashMap<&str, usize> = actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name(), i))
            .collect();
        let edges: Vec<Vec<Edge<'_>>> = actions
            .iter()
            .map(|action| {
                action
                    .start_after()
                    .known()
                    .iter()
                    .filter_map(|item| {
                        let to = *index.get(item.text()?)?;
                        Some(Edge {
                            to,
                            item: item.clone(),
                        })
                    })
                    .collect()
            })
            .collect();
        for component in strongly_connected(&edges) {
            let start = component.iter().copied().min().unwrap_or_default();
            let Some(path) = cycle_through(start, &component, &edges) else {
                continue;
            };
            let names: Vec<String> = path
                .iter()
                .map(|&(from, _)| quoted(actions[from].name()))
                .chain([quoted(actions[start].name())])
                .collect();
            let (first_from, first_edge) = path[0];
            let first = &edges[first_from][first_edge].item;
            let message = if path.len() == 1 {
                format!(
                    "action {} starts after itself",
                    quoted(actions[start].name())
                )
            } else {
                format!(
                    "actions wait for each other in a cycle: {}",
                    names.join(" → ")
                )
            };
            let mut diagnostic =
                Diagnostic::new(&Self::META, message, first.span(), first.pointer.clone())
                    .with_label("this wait closes the cycle")
                    .with_help(format!(
                        "remove one {} entry of the cycle so its actions can start",
                        quoted(start_after)
                    ));
            for &(from, edge) in &path[1..] {
                let edge = &edges[from][edge];
                diagnostic = diagnostic.with_secondary(
                    edge.item.span(),
                    format!(
                        "{} waits for {}",
                        quoted(actions[from].name()),
                        quoted(actions[edge.to].name())
                    ),
                );
            }
            ctx.report(diagnostic);
        }
    }
}

/// Components of the wait graph that contain a cycle (Tarjan's algorithm, iteratively, so a
/// template with thousands of chained actions cannot exhaust the stack).
fn strongly_connected(edges: &[Vec<Edge<'_>>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if let Some(edge) = edges[node].get(*next) {
                *next += 1;
                let to = edge.to;
                if order[to] == UNVISITED {
                    order[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                let self_loop = edges[node].iter().any(|e| e.to == node);
                if component.len() > 1 || self_loop {
                    components.push(component);
                }
            }
        }
    }
    components.sort_by_key(|c| c.iter().copied().min());
    components
}

/// The shortest cycle from `start` back to itself inside one component, as (action, edge) steps.
fn cycle_through(
    start: usize,
    component: &[usize],
    edges: &[Vec<Edge<'_>>],
) -> Option<Vec<(usize, usize)>> {
    if let Some(edge) = edges[start].iter().position(|e| e.to == start) {
        return Some(vec![(start, edge)]);
    }
    let mut inside = vec![false; edges.len()];
    for &member in component {
        inside[member] = true;
    }
    let mut came_from: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (i, edge) in edges[node].iter().enumerate() {
            if !inside[edge.to] {
                continue;
            }
            if edge.to == start {
                let mut path = vec![(node, i)];
                let mut at = node;
                while at != start {
                    let step = *came_from.get(&at)?;
                    path.push(step);
                    at = step.0;
                }
                path.reverse();
                return Some(path);
            }
            if edge.to != start && !came_from.contains_key(&edge.to) {
                came_from.insert(edge.to, (node, i));
                queue.push_back(edge.to);
            }
        }
    }
    None
}
