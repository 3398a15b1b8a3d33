#!/usr/bin/env python3
"""Checks an installed fislint's MCP server over stdio, as a client configured with
`"command": "fislint", "args": ["mcp"]` (or `uvx fislint mcp`) would start it.

usage: scripts/mcp_initialize.py VERSION [COMMAND...]   (default command: fislint mcp)

Sends `initialize`, `notifications/initialized` and `tools/list`, then closes standard input, and
fails unless the server names itself `aws-chaos-engineering` at VERSION, lists
`validate_fis_template`, and exits 0. Every wait has a timeout, so a hung server fails the check
instead of the CI run.
"""

import json
import queue
import subprocess
import sys
import threading

TIMEOUT = 30  # seconds per reply; a cold start is milliseconds
SERVER_NAME = "aws-chaos-engineering"


def fail(message):
    print(f"mcp check: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail(__doc__.strip().splitlines()[3])
    version = sys.argv[1]
    command = sys.argv[2:] or ["fislint", "mcp"]
    try:
        server = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )
    except OSError as error:
        fail(f"cannot start {command}: {error}")

    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in server.stdout], daemon=True).start()

    def send(message):
        server.stdin.write(json.dumps(message) + "\n")
        server.stdin.flush()

    def reply(request_id):
        while True:
            try:
                line = lines.get(timeout=TIMEOUT)
            except queue.Empty:
                server.kill()
                fail(f"no reply to request {request_id} within {TIMEOUT} s")
            message = json.loads(line)
            if message.get("id") == request_id:
                if "error" in message:
                    fail(f"request {request_id} failed: {message['error']}")
                return message["result"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "fislint-ci", "version": "1"}}})
    info = reply(1).get("serverInfo", {})
    if info.get("name") != SERVER_NAME or info.get("version") != version:
        fail(f"serverInfo is {info}, expected {SERVER_NAME} {version}")
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    tools = [tool["name"] for tool in reply(2).get("tools", [])]
    if "validate_fis_template" not in tools:
        fail(f"validate_fis_template is not among the tools: {tools}")

    server.stdin.close()  # end of input ends a stdio server
    try:
        status = server.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        fail(f"the server did not exit within {TIMEOUT} s of its input closing")
    if status != 0:
        fail(f"the server exited with status {status}")
    print(f"mcp check: {info['name']} {info['version']}, {len(tools)} tools, exited 0")


if __name__ == "__main__":
    main()
