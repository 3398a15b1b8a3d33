#!/usr/bin/env python3
"""Scaling benchmark: how `fislint check` grows with one template's size (not a timed test).

Generates, in a temporary directory, single templates that grow along one axis at a time and
runs `target/dist/fislint check --format json --exit-zero` on each, printing wall time, time
per action and the child's peak memory (max RSS):

  actions-N.json         N independent actions (10 … 100,000), raw API JSON
  chained-N.yaml         N actions, each starting after the previous one, raw API YAML (block style)
  unknown-ids-N.json     N actions with distinct unknown actionIds (a finding and a suggestion each)
  unknown-after-N.json   N actions, each waiting for an undefined action of a similar name
  unknown-keys-N.json    one template body with N unknown properties (a schema finding each)
  unknown-props-N.json   N actions, each with one unknown property
  duplicate-params-N.json  one action repeating a constrained parameter N times (duplicate keys)
  anchors.yaml           nested anchors `&n0 [&n1 [… [x, x, …]]]`, depth 125, 1,500,000 scalars
  anchors-aliased.yaml   an anchor repeated by aliases up to the alias budget
  long-ids.json          unknown actionId and resourceType of 4 million characters
  long-names.json        six 20,000-character action names waiting for unknown 20,000-character ones
  big.yaml               a ~10 MiB CloudFormation template (the file size limit)

usage: python3 bench/scale.py [--keep DIR] [--only SUBSTRING] [--max-actions N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# CARGO_TARGET_DIR is relative to the repository, where cargo runs.
BINARY = ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "dist" / "fislint"
SIZES = [10, 100, 1_000, 10_000, 100_000]
TIME = Path("/usr/bin/time")

ROLE = "arn:aws:iam::123456789012:role/fis"
ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"


def api_template(actions, targets=None):
    return {
        "description": "scale",
        "roleArn": ROLE,
        "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": ALARM}],
        "targets": targets
        or {
            "Web": {
                "resourceType": "aws:ec2:instance",
                "resourceTags": {"Tier": "web"},
                "selectionMode": "COUNT(1)",
            }
        },
        "actions": actions,
    }


def write_json(path, document):
    path.write_text(json.dumps(document, separators=(",", ":")))


def actions_json(n):
    actions = {}
    for i in range(n):
        if i % 2:
            actions[f"a{i}"] = {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}
        else:
            actions[f"a{i}"] = {
                "actionId": "aws:ec2:stop-instances",
                "targets": {"Instances": "Web"},
            }
    return api_template(actions)


def chained_yaml(n):
    # Raw API YAML in block style: fislint caps flow-style entries (`[`, `{`, `,`) in YAML at
    # 200,000 (saphyr buffers nested flow collections), and 100,000 CloudFormation-indented
    # actions would pass the 10 MiB file limit.
    lines = [
        "description: scale",
        f"roleArn: {ROLE}",
        "stopConditions:",
        f"  - {{source: 'aws:cloudwatch:alarm', value: '{ALARM}'}}",
        "targets:",
        "  Web: {resourceType: 'aws:ec2:instance', resourceTags: {Tier: web}, "
        "selectionMode: COUNT(1)}",
        "actions:",
    ]
    for i in range(n):
        lines.append(f"  a{i}:")
        lines.append("    actionId: aws:fis:wait")
        lines.append("    parameters: {duration: PT1M}")
        if i:
            lines.append("    startAfter:")
            lines.append(f"      - a{i - 1}")
    return "\n".join(lines) + "\n"


def unknown_ids_json(n):
    return api_template({f"a{i}": {"actionId": f"aws:ec2:stop-instancez-{i}"} for i in range(n)})


def unknown_after_json(n):
    return api_template(
        {
            f"act{i:06}": {
                "actionId": "aws:fis:wait",
                "parameters": {"duration": "PT1M"},
                "startAfter": [f"acx{i:06}"],
            }
            for i in range(n)
        }
    )


def unknown_keys_json(n):
    template = api_template({"a": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}}})
    template.update({f"extra{i:06}": "x" for i in range(n)})
    return template


def unknown_props_json(n):
    return api_template(
        {
            f"a{i}": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}, "note": "x"}
            for i in range(n)
        }
    )


def duplicate_params_json(n):
    """Raw text: duplicate keys cannot be written through a dict. Each `kubernetesKind` is
    checked against the one `kubernetesApiVersion` before it."""
    parameters = (
        '{"kubernetesApiVersion":"chaos-mesh.org/v1alpha1",'
        + '"kubernetesKind":"PodChaos",' * n
        + '"kubernetesNamespace":"default","kubernetesSpec":"{}","maxDuration":"PT1M"}'
    )
    template = api_template(
        {"a": {"actionId": "aws:eks:inject-kubernetes-custom-resource",
               "targets": {"Cluster": "Eks"}, "parameters": "PARAMETERS"}},
        {"Eks": {"resourceType": "aws:eks:cluster", "resourceArns": [
            "arn:aws:eks:us-east-1:123456789012:cluster/c"], "selectionMode": "ALL"}},
    )
    return json.dumps(template, separators=(",", ":")).replace('"PARAMETERS"', parameters)


def nested_anchors_yaml(depth=125, scalars=1_500_000):
    opening = "".join(f"&n{d} [" for d in range(depth))
    body = ", ".join(["x"] * scalars)
    return f"actionId: x\nr: {opening}{body}{']' * depth}\n"


def aliased_anchors_yaml():
    items = ", ".join(["x"] * 1_000)
    aliases = "\n".join(f"  - *base" for _ in range(99))
    return f"actionId: x\nbase: &base [{items}]\nuse:\n{aliases}\n"


def long_ids_json():
    return api_template(
        {"a": {"actionId": "aws:" + "q" * 4_000_000}},
        {"T": {"resourceType": "aws:" + "r" * 4_000_000, "selectionMode": "ALL"}},
    )


def long_names_json():
    actions = {}
    for i in range(6):
        actions[chr(ord("a") + i) * 20_000] = {
            "actionId": "aws:fis:wait",
            "parameters": {"duration": "PT1M"},
            "startAfter": [chr(ord("g") + i) * 20_000],
        }
    return api_template(actions)


def big_yaml(limit=10 * 1024 * 1024 - 4096):
    text = "\n".join([
        "Resources:",
        "  Exp:",
        "    Type: AWS::FIS::ExperimentTemplate",
        "    Properties:",
        "      Description: scale",
        f"      RoleArn: {ROLE}",
        "      Tags: {Name: scale}",
        f"      StopConditions: [{{Source: 'aws:cloudwatch:alarm', Value: '{ALARM}'}}]",
        "      Targets:",
        "        Web: {ResourceType: 'aws:ec2:instance', ResourceTags: {Tier: web}, "
        "SelectionMode: COUNT(1)}",
        "      Actions:",
    ]) + "\n"
    line = ("        a{i}:\n          ActionId: aws:ec2:stop-instances\n"
            "          Targets:\n            Instances: Web\n"
            "          Parameters:\n            startInstancesAfterDuration: PT5M\n"
            "          Description: padding-padding\n")
    parts = [text]
    size = len(text)
    i = 0
    while True:
        entry = line.format(i=i)
        if size + len(entry) > limit:
            break
        parts.append(entry)
        size += len(entry)
        i += 1
    return "".join(parts), i


def cases(max_actions):
    sizes = [n for n in SIZES if n <= max_actions]
    for n in sizes:
        yield f"actions-{n}.json", lambda p, n=n: write_json(p, actions_json(n)), n
    for n in sizes:
        yield f"chained-{n}.yaml", lambda p, n=n: p.write_text(chained_yaml(n)), n
    for n in sizes:
        yield f"unknown-ids-{n}.json", lambda p, n=n: write_json(p, unknown_ids_json(n)), n
    for n in sizes:
        yield f"unknown-after-{n}.json", lambda p, n=n: write_json(p, unknown_after_json(n)), n
    for n in sizes:
        yield f"unknown-keys-{n}.json", lambda p, n=n: write_json(p, unknown_keys_json(n)), n
    for n in sizes:
        yield f"unknown-props-{n}.json", lambda p, n=n: write_json(p, unknown_props_json(n)), n
    for n in sizes:
        yield f"duplicate-params-{n}.json", lambda p, n=n: p.write_text(duplicate_params_json(n)), n
    yield "anchors.yaml", lambda p: p.write_text(nested_anchors_yaml()), None
    yield "anchors-aliased.yaml", lambda p: p.write_text(aliased_anchors_yaml()), None
    yield "long-ids.json", lambda p: write_json(p, long_ids_json()), 1
    yield "long-names.json", lambda p: write_json(p, long_names_json()), 6

    def write_big(p):
        text, _ = big_yaml()
        p.write_text(text)

    yield "big.yaml", write_big, None


def run(path, out_path):
    """Wall seconds, peak RSS in MiB, output and exit status of one `fislint check`."""
    command = [str(BINARY), "check", str(path), "--format", "json", "--exit-zero"]
    rss_path = Path(out_path).with_suffix(".rss")
    # A child forked from this (large) Python process inherits its memory high-water mark, so
    # the child's own peak comes from GNU time where it is installed.
    if TIME.exists():
        command = [str(TIME), "-f", "%M", "-o", str(rss_path), *command]
    with open(out_path, "wb") as out, open(os.devnull, "wb") as null:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=null)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    rss_kib = int(rss_path.read_text().split()[-1]) if TIME.exists() else usage.ru_maxrss
    return wall, rss_kib / 1024, Path(out_path).read_bytes(), os.waitstatus_to_exitcode(status)


def findings_of(out):
    try:
        document = json.loads(out)
    except ValueError:
        return "?"
    files = document.get("files") or []
    if files and isinstance(files, list):
        return sum(len(f.get("diagnostics", [])) for f in files)
    return len(document.get("diagnostics", []))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep the files")
    parser.add_argument("--only", help="run only cases whose name contains this")
    parser.add_argument("--max-actions", type=int, default=SIZES[-1])
    args = parser.parse_args()

    if not BINARY.exists():
        subprocess.run(["cargo", "build", "--profile", "dist", "--bin", "fislint"], cwd=ROOT, check=True)

    with tempfile.TemporaryDirectory(prefix="fislint-scale-") as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        print(f"{'input':<28} {'size':>10} {'wall':>9} {'per action':>11} {'peak RSS':>9}  findings")
        for name, write, actions in cases(args.max_actions):
            if args.only and args.only not in name:
                continue
            path = directory / name
            write(path)
            size = path.stat().st_size
            wall, rss, out, status = run(path, directory / "report.json")
            per_action = f"{wall / actions * 1e6:8.1f} µs" if actions else "-"
            note = "" if status == 0 else f"  exit {status}"
            print(
                f"{name:<28} {size / 1024 / 1024:8.2f}MB {wall:8.3f}s {per_action:>11} "
                f"{rss:6.0f}MiB  {findings_of(out)}{note}",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
