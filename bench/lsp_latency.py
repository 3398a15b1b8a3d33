#!/usr/bin/env python3
"""Latency of `fislint lsp` diagnostics (not a timed test; run it by hand).

Starts the language server (default target/release/fislint; build it with
`cargo build --release`), opens a 500-line CloudFormation template, then applies N edits one at
a time (each a didChange that alternates an action id between a known and a misspelt one, so
every version has different findings) and measures, per edit, the wall time from writing the
didChange to reading the publishDiagnostics for that version. Prints the median, p95 and
maximum. The target is 20 ms.

usage: python3 bench/lsp_latency.py [--binary PATH] [--edits N] [--lines N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def template(lines: int) -> str:
    """A CloudFormation YAML template of about `lines` lines: one experiment, many actions."""
    head = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Resources:",
        "  Experiment:",
        "    Type: AWS::FIS::ExperimentTemplate",
        "    Properties:",
        "      Description: \"Latency 🚀 bench\"",
        "      RoleArn: arn:aws:iam::123456789012:role/fis",
        "      StopConditions:",
        "        - Source: none",
        "      Tags: {Name: bench}",
        "      Targets:",
    ]
    body = list(head)
    targets, actions = [], []
    n = 0
    while len(head) + len(targets) + len(actions) + 1 < lines:
        targets += [
            f"        Web{n}:",
            "          ResourceType: aws:ec2:instance",
            "          ResourceTags:",
            f"            Tier: web{n}",
            "          SelectionMode: COUNT(1)",
        ]
        actions += [
            f"        Stop{n}:",
            "          ActionId: aws:ec2:stop-instances",
            "          Parameters:",
            "            startInstancesAfterDuration: PT5M",
            "          Targets:",
            f"            Instances: Web{n}",
        ]
        n += 1
    body += targets + ["      Actions:"] + actions
    return "\n".join(body) + "\n"


def frame(message) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the server closed its output")
        if line in (b"\r\n", b"\n") and length is not None:
            return json.loads(stream.read(length))
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "fislint"))
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--lines", type=int, default=500)
    args = parser.parse_args()

    text = template(args.lines)
    lines = text.split("\n")
    uri = "file:///tmp/fislint-lsp-bench/template.yaml"
    server = subprocess.Popen(
        [args.binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def wait_for(version):
        while True:
            message = read(server.stdout)
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return params["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while read(server.stdout).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    })
    wait_for(1)

    # The action id of the last action, edited in place.
    line = max(i for i, l in enumerate(lines) if "ActionId:" in l)
    column = lines[line].index("aws:ec2:")
    values = ["aws:ec2:stop-instances", "aws:ec2:stop-instancez"]
    timings = []
    findings = set()
    for version in range(2, args.edits + 2):
        old, new = values[version % 2], values[(version + 1) % 2]
        change = {
            "range": {
                "start": {"line": line, "character": column},
                "end": {"line": line, "character": column + len(old)},
            },
            "text": new,
        }
        started = time.perf_counter()
        send({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [change],
            },
        })
        diagnostics = wait_for(version)
        timings.append((time.perf_counter() - started) * 1000)
        findings.add(len(diagnostics))

    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)

    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"binary      {args.binary}")
    print(f"template    {len(lines) - 1} lines, {len(text)} bytes; {args.edits} edits")
    print(f"findings    {sorted(findings)} per version (alternating)")
    print(f"median      {statistics.median(timings):.2f} ms")
    print(f"p95         {p95:.2f} ms")
    print(f"max         {timings[-1]:.2f} ms")
    print(f"load        {os.getloadavg()[0]:.2f} (1-minute average)")
    return 0 if len(findings) == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
