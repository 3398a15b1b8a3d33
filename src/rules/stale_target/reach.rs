//! Whether a later target selects resources that an earlier action changed.

use super::change::Reach;
use super::selection::Selection;
use crate::arn::Arn;

/// Whether `later` selects what the change made to `earlier`'s resources reaches.
pub fn reaches(reach: Reach, earlier: &Selection<'_>, later: &Selection<'_>) -> bool {
    match reach {
        Reach::Same => earlier.may_share(later),
        Reach::WriterOf => !elsewhere_than_cluster(earlier, later),
        Reach::RunningIn => {
            let clusters: Vec<&str> = earlier
                .parsed_arns()
                .filter_map(|a| second(a.resource))
                .collect();
            !clusters.is_empty() && clusters_named_by(later).any(|name| clusters.contains(&name))
        }
    }
}

/// The DB instances provably lie outside the failed-over clusters: in another account or
/// Region, or filtered to other clusters by `DBClusterIdentifier`.
fn elsewhere_than_cluster(cluster: &Selection<'_>, db: &Selection<'_>) -> bool {
    let clusters: Vec<_> = cluster.parsed_arns().collect();
    let instances: Vec<_> = db.parsed_arns().collect();
    if !clusters.is_empty()
        && !instances.is_empty()
        && !instances
            .iter()
            .any(|i| clusters.iter().any(|c| same_place(c, i)))
    {
        return true;
    }
    // `cluster:orders` names the cluster `orders`.
    let names: Vec<&str> = clusters
        .iter()
        .filter_map(|a| a.resource.strip_prefix("cluster:"))
        .collect();
    match db.filter("DBClusterIdentifier") {
        Some(values) if !names.is_empty() => !values.iter().any(|v| names.contains(v)),
        _ => false,
    }
}

/// Same partition, Region and account.
fn same_place(a: &Arn<'_>, b: &Arn<'_>) -> bool {
    (a.partition, a.region, a.account) == (b.partition, b.region, b.account)
}

/// The clusters a task or pod target names: its `cluster` or `clusterIdentifier` parameter (a
/// name or an ARN), or the cluster in task ARNs (`task/CLUSTER/ID`).
fn clusters_named_by<'a>(target: &'a Selection<'_>) -> impl Iterator<Item = &'a str> + 'a {
    let parameters = ["cluster", "clusterIdentifier"]
        .into_iter()
        .filter_map(|name| target.parameter(name))
        .map(|value| match Arn::parse(value) {
            Ok(arn) => second(arn.resource).unwrap_or(value),
            Err(_) => value,
        });
    let tasks = target.parsed_arns().filter_map(|arn| {
        let mut parts = arn.resource.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("task"), Some(cluster), Some(_)) => Some(cluster),
            _ => None,
        }
    });
    parameters.chain(tasks)
}

/// The segment after the resource type: the cluster in `cluster/NAME` and in
/// `nodegroup/CLUSTER/NAME/ID`.
fn second(resource: &str) -> Option<&str> {
    resource.split('/').nth(1).filter(|s| !s.is_empty())
}
