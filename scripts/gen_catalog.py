#!/usr/bin/env python3
"""Generate src/catalog/snapshot.json from the FIS facts in ../shared/catalog.

Run from the repository root:  python3 scripts/gen_catalog.py [CATALOG_DIR]

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
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/catalog")
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


if __name__ == "__main__":
    main()
