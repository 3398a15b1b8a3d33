#!/usr/bin/env python3
"""Generate src/catalog/snapshot.json and src/catalog/permissions.json from the FIS facts in facts/.

Run from the repository root:  python3 scripts/gen_catalog.py [FACTS_DIR]

The output is committed and embedded in the binary; fislint never reads the
source directory at run time. Re-run whenever the facts are updated.
"""
import json
import pathlib
import sys

SNAPSHOT_DATE = "2026-11-21"  # SOURCES.md: "Assembled 2026-11-21"

# SOURCES.md, "Actions" and "Uncertainties" 4: the legacy ElastiCache pair and the names
# the User Guide recommends migrating to.
REPLACEMENTS = {
    "aws:elasticache:interrupt-cluster-az-power": "aws:elasticache:replicationgroup-interrupt-az-power",
    "aws:elasticache:redis-replicationgroup": "aws:elasticache:replicationgroup",
}

# SOURCES.md, "Uncertainties" 3: required flags the User Guide does not state plainly.
UNCERTAIN_REQUIRED = {
    ("aws:network:disrupt-connectivity", "scope"),
    ("aws:lambda:invocation-error", "preventExecution"),
    ("aws:lambda:invocation-http-integration-response", "preventExecution"),
    ("aws:ebs:volume-io-latency", "readIOPercentage"),
    ("aws:ebs:volume-io-latency", "readIOLatencyMilliseconds"),
    ("aws:ebs:volume-io-latency", "writeIOPercentage"),
    ("aws:ebs:volume-io-latency", "writeIOLatencyMilliseconds"),
    ("aws:arc:start-zonal-autoshift", "managedResourceTypes"),
    ("aws:ssm:send-command", "duration"),
    ("aws:ecs:task", "cluster"),
    ("aws:ecs:task", "service"),
}

# SOURCES.md, "Uncertainties" 6: parameters AWS's own examples pass that the actions reference
# does not document. Kept, marked, so linting warns instead of rejecting AWS's examples.
OBSERVED_PARAMETERS = {
    ("aws:memorydb:multi-region-cluster-pause-replication", "region"):
        "Seen in the User Guide's cross-Region scenario JSON; not in the actions reference.",
    ("aws:kinesis:stream-provisioned-throughput-exception", "service"):
        "Seen in the User Guide's Kinesis example; not in the actions reference.",
}

# SOURCES.md, "Actions" (confidence medium) and "Uncertainties" 5: target keys resting on a
# single AWS example or inferred from a sibling action.
UNCERTAIN_TARGET_KEYS = {
    "aws:directconnect:virtual-interface-disconnect",
    "aws:kinesis:stream-expired-iterator-exception",
    "aws:network:disrupt-vpc-endpoint",
    "aws:elasticache:interrupt-cluster-az-power",
}

# api-shapes.md, "Semantic rules", targets 7: pods are identified by target parameters only.
RESOURCE_TYPE_TARGETING = {
    "aws:eks:pod": {"parametersOnly": True},
}

CONSTRAINT_KEYS = ("type", "min", "max", "values", "valuesByApiVersion", "default", "maxItems", "requiredWhen")


def merge_parameters(owner, described, constrained):
    out = {}
    for name, facts in described.items():
        extra = constrained.get(name, {})
        param = {"description": facts.get("description", ""), "required": bool(facts.get("required", False))}
        if (owner, name) in UNCERTAIN_REQUIRED:
            param["requiredUncertain"] = True
        constraint = {k: extra[k] for k in CONSTRAINT_KEYS if k in extra}
        if constraint:
            param["constraint"] = constraint
        out[name] = param
    for (action, name), why in OBSERVED_PARAMETERS.items():
        if action == owner and name not in out:
            out[name] = {"description": why, "required": False, "observedOnly": True}
    missing = set(constrained) - set(described)
    if missing:
        sys.exit(f"{owner}: constraints for undescribed parameters {sorted(missing)}")
    return out


def main():
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "facts")
    actions = json.loads((src / "fis-actions.json").read_text())["actions"]
    types = json.loads((src / "fis-target-resource-types.json").read_text())["targetResourceTypes"]
    constraints = json.loads((src / "fis-parameter-constraints.json").read_text())

    out_actions = []
    for action in sorted(actions, key=lambda a: a["id"]):
        facts = constraints["actions"].get(action["id"], {})
        entry = {
            "id": action["id"],
            "description": action["description"],
            "parameters": merge_parameters(action["id"], action.get("parameters", {}), facts.get("parameters", {})),
            "targets": action.get("targets", {}),
        }
        if facts.get("status") == "legacy":
            entry["deprecated"] = {"replacement": REPLACEMENTS[action["id"]]}
        if action["id"] in UNCERTAIN_TARGET_KEYS:
            entry["targetKeysUncertain"] = True
        if facts.get("targeting"):
            entry["targeting"] = facts["targeting"]
        out_actions.append(entry)

    out_types = []
    for rtype in sorted(types, key=lambda t: t["resourceType"]):
        facts = constraints["targetResourceTypes"].get(rtype["resourceType"], {})
        entry = {
            "resourceType": rtype["resourceType"],
            "description": rtype["description"],
            "parameters": merge_parameters(rtype["resourceType"], rtype.get("parameters", {}), facts.get("parameters", {})),
        }
        if facts.get("status") == "legacy":
            entry["deprecated"] = {"replacement": REPLACEMENTS[rtype["resourceType"]]}
        if rtype["resourceType"] in RESOURCE_TYPE_TARGETING:
            entry["targeting"] = RESOURCE_TYPE_TARGETING[rtype["resourceType"]]
        if facts.get("filterSourceApi"):
            entry["filterSourceApi"] = facts["filterSourceApi"]
        out_types.append(entry)

    snapshot = {
        "_generated": "by scripts/gen_catalog.py from the shared FIS catalog facts; do not edit",
        "asOf": SNAPSHOT_DATE,
        "actions": out_actions,
        "targetResourceTypes": out_types,
    }
    dest = pathlib.Path("src/catalog/snapshot.json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {dest}: {len(out_actions)} actions, {len(out_types)} resource types")
    write_permissions(src, {a["id"] for a in out_actions})


# When a conditional permission applies, as far as the template can tell (facts/SOURCES.md,
# fis-action-permissions.json `conditional[].when`). `unknowable`: only the account can tell.
TRIGGERS = {
    ("aws:ec2:stop-instances", "ec2:DescribeInstances"):
        {"kind": "parameter", "name": "completeIfInstancesTerminated"},
    ("aws:ec2:stop-instances", "kms:CreateGrant"):
        {"kind": "parameter", "name": "startInstancesAfterDuration"},
    ("aws:ssm:send-command", "ec2:DescribeInstances"):
        {"kind": "parameterEndsWith", "name": "documentArn",
         "values": ["AWSFIS-Run-Network-Latency-Sources", "AWSFIS-Run-Network-Packet-Loss-Sources"]},
    ("aws:ssm:start-automation-execution", "iam:PassRole"):
        {"kind": "parameterContains", "name": "documentParameters", "value": "AutomationAssumeRole"},
    ("aws:kinesis:stream-expired-iterator-exception", "kinesis:DescribeStreamSummary"): {"kind": "always"},
    ("aws:kinesis:stream-provisioned-throughput-exception", "kinesis:DescribeStreamSummary"): {"kind": "always"},
    ("aws:dynamodb:global-table-pause-replication", "dynamodb:InjectError"): {"kind": "unknowable"},
    ("aws:network:disrupt-vpc-endpoint", "vpce:AllowMultiRegion"): {"kind": "unknowable"},
}

# Condition keys the docs put on a permission (`permissionConditions`), with the operators of the
# User Guide's own examples: UG-POLEX (EC2, S3), UG-EX (Kinesis); iam:PassRole from the
# `conditional` entry of start-automation-execution and AWSFaultInjectionSimulatorSSMAccess.
# A value is taken from the template (`from`) or fixed (`literal`).
CONDITIONS = {
    "ec2:InjectApiError": [
        {"operator": "StringEquals", "key": "ec2:FisActionId", "from": "actionId"},
        {"operator": "ForAllValues:ArnLike", "key": "ec2:FisTargetArns", "from": "targetArns"},
    ],
    "kinesis:InjectApiError": [
        {"operator": "ForAllValues:StringEquals", "key": "kinesis:FisActionId", "from": "actionId"},
        {"operator": "ForAllValues:StringEquals", "key": "kinesis:FisTargetArns", "from": "targetArns"},
    ],
    "s3:GetReplicationConfiguration": [
        {"operator": "BoolIfExists", "key": "s3:IsReplicationPauseRequest", "literal": "true"},
    ],
    "s3:PutReplicationConfiguration": [
        {"operator": "BoolIfExists", "key": "s3:IsReplicationPauseRequest", "literal": "true"},
    ],
    "iam:PassRole": [
        {"operator": "StringEquals", "key": "iam:PassedToService", "literal": "ssm.amazonaws.com"},
    ],
}


def resource_patterns(iam_action, policy_names, policies):
    """The resources the first managed policy that grants this permission scopes it to; `*` else."""
    for name in policy_names:
        for statement in policies[name]["statements"]:
            if statement["effect"] == "Allow" and iam_action in statement["actions"]:
                return sorted(statement["resources"])
    return ["*"]


def permission(iam_action, policy_names, policies):
    entry = {"action": iam_action, "resources": resource_patterns(iam_action, policy_names, policies)}
    if iam_action in CONDITIONS:
        entry["conditions"] = CONDITIONS[iam_action]
    return entry


def write_permissions(src, action_ids):
    facts = json.loads((src / "fis-action-permissions.json").read_text())
    managed = json.loads((src / "fis-managed-policies.json").read_text())["policies"]
    if set(facts["actions"]) != action_ids:
        sys.exit(f"permission facts and actions differ: {sorted(set(facts['actions']) ^ action_ids)}")
    actions = {}
    for action_id, fact in sorted(facts["actions"].items()):
        names = list(dict.fromkeys(fact["managedPoliciesNamedByUserGuide"]
                                   + fact["managedPoliciesGrantingAllPermissionNames"]))
        for iam_action in fact.get("permissionConditions", {}):
            if iam_action not in CONDITIONS:
                sys.exit(f"{action_id}: no condition operators for {iam_action}")
        conditional = []
        for case in fact["conditional"]:
            trigger = TRIGGERS.get((action_id, case["permissions"][0]))
            if trigger is None:
                sys.exit(f"{action_id}: no trigger for conditional {case['permissions']}")
            conditional.append({
                "when": case["when"],
                "trigger": trigger,
                "confidence": case["confidence"],
                "sources": case["sources"],
                "permissions": [permission(p, names, managed) for p in case["permissions"]],
            })
        actions[action_id] = {
            "confidence": fact["confidence"],
            "sources": fact["sources"],
            "permissions": [permission(p, names, managed) for p in fact["permissions"]],
            "conditional": conditional,
            "managedPolicies": sorted(names),
        }
    logging = facts["logging"]
    destinations = {
        key: {
            "confidence": logging[key]["confidence"],
            "sources": logging[key]["sources"],
            "permissions": logging[key]["permissions"],
        }
        for key in ("cloudWatchLogs", "s3", "experimentReport")
    }
    policies = [
        {
            "name": name,
            "arn": policy["arn"],
            "version": policy["defaultVersion"],
            "forExperimentRole": policy["path"] == "/service-role/",
            "statements": [
                {
                    "effect": s["effect"],
                    "actions": sorted(s["actions"]),
                    "resources": sorted(s["resources"]),
                    "conditional": bool(s["conditions"]),
                }
                for s in policy["statements"]
            ],
        }
        for name, policy in sorted(managed.items())
    ]
    trust = facts["experiment_role"]["trustPolicy"]
    out = {
        "_generated": "by scripts/gen_catalog.py from facts/fis-action-permissions.json and "
                      "facts/fis-managed-policies.json; do not edit",
        "actions": actions,
        "logging": destinations,
        "managedPolicies": policies,
        "trustPolicy": {"service": "fis.amazonaws.com", "confidence": trust["confidence"],
                        "sources": trust["sources"]},
    }
    dest = pathlib.Path("src/catalog/permissions.json")
    dest.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {dest}: {len(actions)} actions, {len(policies)} managed policies")


if __name__ == "__main__":
    main()
