#!/usr/bin/env python3
"""Does one MCP session's slow call starve another's? (A bench script, not a timed test.)

HTTP (default): starts `fislint mcp --http 127.0.0.1:0`, opens two sessions, has session A call
validate_fis_template with a slow input in a thread while session B sends `ping` every 10 ms, and
prints B's ping latency (p50/p99/max) while A's call was in flight. Acceptance: max < 50 ms.
--callers N runs N such slow sessions at once (more than the runtime's worker threads is the
real test of whether tool calls can starve the transport).

stdio (--stdio): one session sends the slow call and then, at once, `ping`; prints how long the
ping and the call took to be answered (with a per-call time budget, the ping comes back at once
or when the budget expires, never after the whole input).

Inputs (--input; --size scales each):
  long-action-id    one action whose actionId is SIZE characters (default 4,000,000)
  long-resource-type  one target whose resourceType is SIZE characters (default 4,000,000)
  start-after       six actions with SIZE-character names and unknown SIZE-character
                    startAfter entries (default 20,000)
  many-actions      SIZE chained actions (default 16,000)
  file:PATH         the text of a template file

usage: python3 bench/mcp_starvation.py [--binary target/dist/fislint] [--input NAME]
                                       [--size N] [--interval-ms 10] [--stdio] [--runs N]
"""

import argparse
import http.client
import json
import multiprocessing
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPT = "application/json, text/event-stream"
PROTOCOL = "2025-11-25"


def template(name, size):
    if name.startswith("file:"):
        return Path(name[5:]).read_text()
    if name == "long-action-id":
        return {"actions": {"A": {"actionId": "a" * (size or 4_000_000)}}}
    if name == "long-resource-type":
        target = {"resourceType": "x" * (size or 4_000_000), "selectionMode": "ALL"}
        return {"targets": {"T": target}}
    if name == "start-after":
        size = size or 20_000
        actions = {}
        for i in range(6):
            actions[chr(ord("a") + i) * size] = {
                "actionId": "aws:fis:wait",
                "parameters": {"duration": "PT1M"},
                "startAfter": [chr(ord("g") + i) * size],
            }
        return {"actions": actions}
    if name == "many-actions":
        size = size or 16_000
        actions = {}
        for i in range(size):
            action = {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}
            if i:
                action["startAfter"] = [f"a{i - 1}"]
            actions[f"a{i}"] = action
        return {"actions": actions}
    sys.exit(f"unknown input {name!r}")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(latencies_ms):
    if not latencies_ms:
        return "no pings"
    return (
        f"{len(latencies_ms)} pings: p50 {statistics.median(latencies_ms):.1f} ms, "
        f"p99 {percentile(latencies_ms, 99):.1f} ms, max {max(latencies_ms):.1f} ms"
    )


class Session:
    """One MCP session over its own keep-alive connection."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.session = None
        self.next_id = 0
        reply = self.request("initialize", {
            "protocolVersion": PROTOCOL, "capabilities": {},
            "clientInfo": {"name": "mcp_starvation", "version": "1"},
        })
        if "result" not in reply:
            sys.exit(f"initialize failed: {reply}")
        self.post({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def post(self, message):
        return self.post_raw(json.dumps(message).encode())

    def post_raw(self, body):
        headers = {"Content-Type": "application/json", "Accept": ACCEPT}
        if self.session:
            headers["Mcp-Session-Id"] = self.session
            headers["MCP-Protocol-Version"] = PROTOCOL
        self.connection.request("POST", "/mcp", body, headers)
        response = self.connection.getresponse()
        self.session = response.getheader("mcp-session-id") or self.session
        body = response.read().decode()
        if response.status >= 300:
            sys.exit(f"HTTP {response.status}: {body[:500]}")
        return body

    def request(self, method, params):
        self.next_id += 1
        body = self.post({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        # A JSON reply, or SSE events whose data lines carry JSON-RPC messages.
        for line in [body] + [l[5:] for l in body.splitlines() if l.startswith("data:")]:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("id") == self.next_id:
                return message
        return {"error": f"no reply in {body[:200]!r}"}


def start_http(binary):
    server = subprocess.Popen(
        [binary, "mcp", "--http", "127.0.0.1:0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    banner = server.stderr.readline().decode()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/mcp", banner)
    if not match:
        server.kill()
        sys.exit(f"no address in the server's banner: {banner!r}")
    threading.Thread(target=server.stderr.read, daemon=True).start()
    return server, int(match.group(1))


def slow_caller(port, arguments, ready, go, results):
    """One slow session in its own process: the client's own JSON work (serializing megabytes,
    under Python's GIL) must not delay the pinging session it is measured against."""
    session = Session(port)
    session.next_id += 1
    body = json.dumps({"jsonrpc": "2.0", "id": session.next_id, "method": "tools/call",
                       "params": {"name": "validate_fis_template", "arguments": arguments}})
    body = body.encode()
    ready.put(True)
    go.wait()
    start = time.perf_counter()
    reply = session.post_raw(body)
    seconds = time.perf_counter() - start
    results.put((seconds, describe(first_reply(reply))))


def run_http(binary, arguments, interval, callers):
    server, port = start_http(binary)
    context = multiprocessing.get_context("fork")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    workers = []
    try:
        pinger = Session(port)
        workers = [
            context.Process(target=slow_caller, args=(port, arguments, ready, go, results))
            for _ in range(callers)
        ]
        for worker in workers:
            worker.start()
        for _ in workers:
            ready.get(timeout=600)
        go.set()
        outcome = {"seconds": 0.0, "reply": ""}
        finished = 0
        latencies = []
        while finished < callers:
            start = time.perf_counter()
            reply = pinger.request("ping", {})
            elapsed = (time.perf_counter() - start) * 1000
            if "result" not in reply:
                sys.exit(f"ping failed: {reply}")
            while not results.empty():
                seconds, body = results.get()
                finished += 1
                outcome["seconds"] = max(outcome["seconds"], seconds)
                outcome["reply"] = body
            if finished < callers:
                latencies.append(elapsed)
            time.sleep(interval)
        return outcome, latencies
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
        server.terminate()
        server.wait()


def first_reply(body):
    for line in [body] + [l[5:] for l in body.splitlines() if l.startswith("data:")]:
        try:
            return json.loads(line)
        except ValueError:
            continue
    return {"error": f"no reply in {body[:200]!r}"}


def run_stdio(binary, arguments):
    server = subprocess.Popen(
        [binary, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )

    def send(message):
        server.stdin.write((json.dumps(message) + "\n").encode())
        server.stdin.flush()

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL, "capabilities": {},
            "clientInfo": {"name": "mcp_starvation", "version": "1"}}})
        json.loads(server.stdout.readline())
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "validate_fis_template", "arguments": arguments}})
        send({"jsonrpc": "2.0", "id": 3, "method": "ping"})
        answered = {}
        while len(answered) < 2:
            line = server.stdout.readline()
            if not line:
                break
            message = json.loads(line)
            if message.get("id") in (2, 3):
                answered[message["id"]] = (time.perf_counter() - start, message)
        return answered
    finally:
        server.kill()
        server.wait()


def describe(reply):
    if "error" in reply:
        return f"JSON-RPC error {reply['error']}"
    result = reply.get("result", {})
    text = (result.get("content") or [{}])[0].get("text", "")
    kind = "isError result" if result.get("isError") else "result"
    return f"{kind}, {text[:120]!r}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / "target/dist/fislint"))
    parser.add_argument("--input", default="long-action-id")
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--interval-ms", type=float, default=10)
    parser.add_argument("--stdio", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--callers", type=int, default=1)
    args = parser.parse_args()

    arguments = {"template": template(args.input, args.size)}
    size = len(json.dumps(arguments))
    print(f"input {args.input}: {size:,} bytes of arguments")
    worst = 0.0
    for run in range(args.runs):
        if args.stdio:
            answered = run_stdio(args.binary, arguments)
            for id, label in ((3, "ping"), (2, "validate_fis_template")):
                if id in answered:
                    seconds, message = answered[id]
                    print(f"run {run + 1}: {label} answered after {seconds * 1000:.0f} ms: "
                          f"{describe(message)}")
                else:
                    print(f"run {run + 1}: {label} never answered")
            continue
        outcome, latencies = run_http(
            args.binary, arguments, args.interval_ms / 1000, args.callers)
        print(f"run {run + 1}: the slowest of {args.callers} slow calls took "
              f"{outcome['seconds']:.2f} s "
              f"({outcome['reply']})")
        print(f"run {run + 1}: session B during it: {summary(latencies)}")
        worst = max([worst, *latencies])
    if not args.stdio:
        verdict = "pass" if worst < 50 else "FAIL"
        print(f"max ping latency {worst:.1f} ms: {verdict} (acceptance: < 50 ms)")


if __name__ == "__main__":
    main()
