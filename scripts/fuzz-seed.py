#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds for the cargo-fuzz targets.

Seeds come from tests/fixtures, tests/corpus, tests/aws-cli, fuzz/regressions and, when present,
../shared/corpus (clones and CI may not have it). Each target reads a selector byte first (the
file name for lint_file; arguments or text for validate_tool; cache file or ingest data for
cache_ingest), so every seed is written with the byte that routes it. Seeds are named by their
content hash: running the script again adds nothing twice. The corpora are gitignored.

Usage: scripts/fuzz-seed.py [--max-bytes N]   (default 65536, the first campaign's -max_len)
"""

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
TEMPLATE_SUFFIXES = {".json", ".yaml", ".yml", ".template", ".tpl", ".tf"}

# The selector bytes the targets read (see fuzz/fuzz_targets/*.rs).
LINT_JSON, LINT_YAML, LINT_DETECT, LINT_HCL, LINT_TF_JSON = 0, 1, 2, 3, 4
VALIDATE_ARGS, VALIDATE_TEXT = 0, 1
CACHE_FILE, CACHE_INGEST = 0, 1

# A cache file in the format `fislint catalog import` writes.
CACHE_SAMPLE = {
    "fis_actions": [
        {
            "id": "aws:ec2:stop-instances",
            "description": "Stop instances",
            "parameters": {
                "startInstancesAfterDuration": {"description": "d", "required": False}
            },
            "targets": {"Instances": {"resourceType": "aws:ec2:instance"}},
        },
        {"id": "aws:fis:wait", "parameters": {"duration": {"description": "d", "required": True}}},
    ],
    "resource_types": [{"type": "aws:ec2:instance", "description": "EC2 instances"}],
    "last_updated": "2026-01-01T00:00:00+00:00",
    "region": "us-east-1",
    "cache_ttl_hours": 24,
}


def template_files():
    roots = [ROOT / "tests" / "fixtures", ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus"]
    for root in roots:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.suffix.lower() in TEMPLATE_SUFFIXES:
                    yield path


def lint_selector(path):
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".tf.json"):
        return LINT_TF_JSON
    if suffix == ".tf":
        return LINT_HCL
    if suffix == ".json":
        return LINT_JSON
    if suffix in (".yaml", ".yml"):
        return LINT_YAML
    return LINT_DETECT


def write(target, selector, data, max_bytes):
    seed = bytes([selector]) + data
    if len(seed) > max_bytes:
        return 0
    directory = FUZZ / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / hashlib.sha1(seed).hexdigest()
    if path.exists():
        return 0
    path.write_bytes(seed)
    return 1


def regressions(target):
    directory = FUZZ / "regressions" / target
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.is_file() and not path.name.startswith("README"):
                yield path.read_bytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-bytes", type=int, default=65536)
    max_bytes = parser.parse_args().max_bytes
    added = {"lint_file": 0, "validate_tool": 0, "cache_ingest": 0}

    for path in template_files():
        data = path.read_bytes()
        added["lint_file"] += write("lint_file", lint_selector(path), data, max_bytes)
        text = data.decode("utf-8", errors="replace")
        added["validate_tool"] += write("validate_tool", VALIDATE_TEXT, data, max_bytes)
        args = json.dumps({"template": text}).encode()
        added["validate_tool"] += write("validate_tool", VALIDATE_ARGS, args, max_bytes)
        try:
            as_object = json.dumps({"template": json.loads(text), "region": "us-east-1"})
            added["validate_tool"] += write("validate_tool", VALIDATE_ARGS, as_object.encode(), max_bytes)
        except ValueError:
            pass

    outputs = []
    aws_cli = ROOT / "tests" / "aws-cli"
    for path in sorted(aws_cli.glob("*.json")) if aws_cli.is_dir() else []:
        data = path.read_bytes()
        outputs.append(json.loads(data))
        added["cache_ingest"] += write("cache_ingest", CACHE_INGEST, data, max_bytes)
    if outputs:
        merged = json.dumps(outputs).encode()
        added["cache_ingest"] += write("cache_ingest", CACHE_INGEST, merged, max_bytes)
    original = {
        "fis_actions": CACHE_SAMPLE["fis_actions"],
        "resource_types": CACHE_SAMPLE["resource_types"],
    }
    added["cache_ingest"] += write("cache_ingest", CACHE_INGEST, json.dumps(original).encode(), max_bytes)
    added["cache_ingest"] += write(
        "cache_ingest", CACHE_FILE, json.dumps(CACHE_SAMPLE, indent=2).encode(), max_bytes
    )

    # Regression files already carry their selector byte.
    for target in added:
        for data in regressions(target):
            if len(data) <= max_bytes:
                path = FUZZ / "corpus" / target / hashlib.sha1(data).hexdigest()
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.exists():
                    path.write_bytes(data)
                    added[target] += 1

    for target, count in added.items():
        print(f"fuzz/corpus/{target}: {count} seeds added")


if __name__ == "__main__":
    main()
