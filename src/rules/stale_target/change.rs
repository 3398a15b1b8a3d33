//! Which actions change the resources they act on so that a target resolved earlier goes stale,
//! and which resource types the change reaches (User Guide, "AWS FIS actions reference", UG-ACT).

use crate::template::Action;

/// How a later target relates to the resources an earlier action changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// The same resources: the same target, or one whose selection can match the same resources.
    Same,
    /// The DB instances of the failed-over cluster: reported unless the template shows that the
    /// instances lie elsewhere, since an experiment that fails a cluster over and then acts on DB
    /// instances is all but always acting on that cluster's instances.
    WriterOf,
    /// Tasks or pods running in the cluster the action changed: reported only when the later
    /// target names that cluster, since tasks and pods elsewhere are untouched.
    RunningIn,
}

/// One action that changes its targets for good, as far as the rest of the experiment can tell.
pub struct Change {
    pub action_id: &'static str,
    /// The target key whose resources change.
    pub key: &'static str,
    /// The resource type under that key.
    pub resource_type: &'static str,
    /// What the action does to them, after "before action `X` (`id`)": "stopped its tasks".
    pub effect: &'static str,
    /// What a later action acts on instead, after "so it acts on".
    pub consequence: &'static str,
    /// The resource types a later target may have for the change to reach it, and how.
    pub reaches: &'static [(&'static str, Reach)],
    /// A parameter whose presence undoes the change before the action ends.
    pub undone_by: Option<&'static str>,
    /// Later actions that still do what they mean on the changed resources.
    pub unhindered: &'static [&'static str],
}

const INSTANCES: &[(&str, Reach)] = &[
    ("aws:ec2:instance", Reach::Same),
    ("aws:ec2:spot-instance", Reach::Same),
];

/// Reboots (`aws:ec2:reboot-instances`, `aws:rds:reboot-db-instances`, even with
/// `forceFailover`, which keeps the instance's identifier) leave the same resource running, and
/// disruptions with a `duration` (network, API errors, stress, and AZ power to an ElastiCache
/// replication group: `aws:elasticache:replicationgroup-interrupt-az-power` and its legacy name,
/// after which the group is the same group) are undone when the action ends: neither is here.
pub const CHANGES: &[Change] = &[
    // "Runs the Amazon ECS API action StopTask": a service starts replacements under new ARNs.
    Change {
        action_id: "aws:ecs:stop-task",
        key: "Tasks",
        resource_type: "aws:ecs:task",
        effect: "stopped them",
        consequence: "the stopped tasks, not the replacements ECS starts under new ARNs",
        reaches: &[("aws:ecs:task", Reach::Same)],
        undone_by: None,
        unhindered: &[],
    },
    // "Deletes the target pods": their controllers create replacements under new names.
    Change {
        action_id: "aws:eks:pod-delete",
        key: "Pods",
        resource_type: "aws:eks:pod",
        effect: "deleted them",
        consequence: "the deleted pods, not the replacements their controllers create",
        reaches: &[("aws:eks:pod", Reach::Same)],
        undone_by: None,
        unhindered: &[],
    },
    // "Terminate the specified EC2 instances": a terminated instance never runs again.
    Change {
        action_id: "aws:ec2:terminate-instances",
        key: "Instances",
        resource_type: "aws:ec2:instance",
        effect: "terminated them",
        consequence: "terminated instances, not any replacements launched under new IDs",
        reaches: INSTANCES,
        undone_by: None,
        unhindered: &[],
    },
    // "Stop the specified EC2 instances"; `startInstancesAfterDuration` is "the time to wait
    // before restarting the instances", and the action lasts that long, so whatever starts after
    // it finds them running again. Without it they stay stopped.
    Change {
        action_id: "aws:ec2:stop-instances",
        key: "Instances",
        resource_type: "aws:ec2:instance",
        effect: "stopped them without restarting them",
        consequence: "instances that are still stopped (`startInstancesAfterDuration` would restart them first)",
        reaches: INSTANCES,
        undone_by: Some("startInstancesAfterDuration"),
        // Terminating a stopped instance terminates it, as meant.
        unhindered: &["aws:ec2:terminate-instances"],
    },
    // "Interrupts the target Spot Instances": they are terminated, stopped or hibernated.
    Change {
        action_id: "aws:ec2:send-spot-instance-interruptions",
        key: "SpotInstances",
        resource_type: "aws:ec2:spot-instance",
        effect: "interrupted them",
        consequence: "interrupted Spot Instances, which no longer run",
        reaches: INSTANCES,
        undone_by: None,
        unhindered: &[],
    },
    // "Failover a DB Cluster to one of the replicas": a reader becomes the writer.
    Change {
        action_id: "aws:rds:failover-db-cluster",
        key: "Clusters",
        resource_type: "aws:rds:cluster",
        effect: "changed which instance of the cluster is the writer",
        consequence: "the instances in the roles they had before the failover: the old writer is now a reader",
        reaches: &[("aws:rds:db", Reach::WriterOf)],
        undone_by: None,
        unhindered: &[],
    },
    // "Drain percentage of underlying EC2 instances on an ECS cluster": ECS stops the tasks on
    // draining container instances and starts replacements elsewhere (ECS Developer Guide,
    // "Draining Amazon ECS container instances").
    Change {
        action_id: "aws:ecs:drain-container-instances",
        key: "Clusters",
        resource_type: "aws:ecs:cluster",
        effect: "drained its container instances, stopping the tasks on them",
        consequence: "tasks the drain stopped, not the replacements ECS starts under new ARNs",
        reaches: &[("aws:ecs:task", Reach::RunningIn)],
        undone_by: None,
        unhindered: &[],
    },
    // "Terminates a percentage of the underlying EC2 instances in an EKS cluster": the pods on
    // them are recreated elsewhere under new names. Instances are not reached: an
    // `aws:ec2:instance` target cannot be tied to a node group by what the template says.
    Change {
        action_id: "aws:eks:terminate-nodegroup-instances",
        key: "Nodegroups",
        resource_type: "aws:eks:nodegroup",
        effect: "terminated nodes of the cluster, evicting the pods on them",
        consequence: "pods evicted from the terminated nodes, not the ones recreated under new names",
        reaches: &[("aws:eks:pod", Reach::RunningIn)],
        undone_by: None,
        unhindered: &[],
    },
];

impl Change {
    /// The change this action makes, when its id is in the table and nothing undoes it.
    pub fn of(action: &Action<'_>) -> Option<&'static Change> {
        let id = action.action_id()?.literal_text()?;
        let change = CHANGES.iter().find(|c| c.action_id == id)?;
        if let Some(parameter) = change.undone_by {
            let parameters = action.parameters();
            let given = parameters.known().iter().any(|p| p.name == parameter);
            // Deploy-time parameters may hold it: say nothing.
            if given || !parameters.is_complete() {
                return None;
            }
        }
        Some(change)
    }

    /// Whether a later action with this id still does what it means on the changed resources.
    pub fn hinders(&self, later: &Action<'_>) -> bool {
        let id = later.action_id();
        let id = id.as_ref().and_then(|id| id.literal_text());
        !id.is_some_and(|id| self.unhindered.contains(&id))
    }

    /// How the change reaches a later target of this resource type, if it does.
    pub fn reach(&self, resource_type: &str) -> Option<Reach> {
        self.reaches
            .iter()
            .find(|(t, _)| *t == resource_type)
            .map(|&(_, reach)| reach)
    }
}
