"""End-to-end tests of `fislint lsp` through a real LSP client (pytest-lsp, over stdio)."""

import asyncio
import copy
import json
import os
import subprocess

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from conftest import FISLINT

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS

# A non-ASCII description (an astral character: two UTF-16 units, four UTF-8 bytes) before the
# bad value on the same line, in a flow mapping.
FLOW = (
    "Resources:\n"
    "  Experiment:\n"
    "    Type: AWS::FIS::ExperimentTemplate\n"
    '    Properties: {Description: "Chaos 🚀 test", RoleArn: arn:aws:iam::123456789012:role/fis,'
    " StopConditions: [{Source: none}], Targets: {},"
    " Actions: {Stop: {ActionId: aws:ec2:stop-instance}}}\n"
)
BAD_ID = "aws:ec2:stop-instance"

# The same in block style, where completion reads the outline around the cursor.
BLOCK = """\
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: "Chaos 🚀 test"
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions:
        - Source: none
      Targets: {}
      Actions:
        Stop:
          ActionId: aws:ec2:stop-instance
"""


def utf16_column(line: str, index: int) -> int:
    return len(line[:index].encode("utf-16-le")) // 2


def line_and_index(text: str, needle: str):
    for number, line in enumerate(text.split("\n")):
        if needle in line:
            return number, line, line.index(needle)
    raise AssertionError(f"{needle!r} not in the text")


async def start(client: LanguageClient, encodings=None, options=None):
    capabilities = copy.deepcopy(client_capabilities("visual-studio-code"))
    if encodings is not None:
        capabilities.general.position_encodings = encodings
    return await client.initialize_session(
        types.InitializeParams(capabilities=capabilities, initialization_options=options)
    )


async def published(client: LanguageClient, send, uri: str, version: int):
    """Sends something, then waits for the diagnostics of `uri` at `version`."""
    while True:
        future = client.protocol.wait_for_notification(PUBLISH)
        send()
        send = lambda: None  # noqa: E731 (only the first round sends)
        params = await asyncio.wait_for(asyncio.wrap_future(future), timeout=20)
        if params.uri == uri and params.version == version:
            return list(params.diagnostics)


async def open_document(client, path, text, version=1, language="yaml"):
    uri = path.as_uri()
    item = types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
    send = lambda: client.text_document_did_open(  # noqa: E731
        types.DidOpenTextDocumentParams(text_document=item)
    )
    return uri, await published(client, send, uri, version)


async def change(client, uri, version, edits):
    params = types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[
            types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
            for e in edits
        ],
    )
    return await published(client, lambda: client.text_document_did_change(params), uri, version)


def only(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in diagnostics]
    return found[0]


async def test_diagnostics_point_at_utf16_columns(client: LanguageClient, tmp_path):
    result = await start(client)
    assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    finding = only(diagnostics, "FIS001")
    number, line, index = line_and_index(FLOW, BAD_ID)
    assert utf16_column(line, index) != index, "the line must hold a surrogate pair"
    assert finding.range.start == types.Position(number, utf16_column(line, index))
    assert finding.range.end == types.Position(number, utf16_column(line, index + len(BAD_ID)))
    assert finding.source == "fislint"
    assert finding.severity == types.DiagnosticSeverity.Error
    assert finding.code_description.href.endswith("/rules/FIS001.md")
    assert "stop-instances" in finding.message


async def test_utf8_is_used_when_the_client_offers_it(client: LanguageClient, tmp_path):
    result = await start(client, encodings=["utf-8", "utf-16"])
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    finding = only(diagnostics, "FIS001")
    number, line, index = line_and_index(FLOW, BAD_ID)
    assert finding.range.start == types.Position(number, len(line[:index].encode()))


async def test_the_preferred_fix_resolves_the_finding(client: LanguageClient, tmp_path):
    await start(client)
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    finding = only(diagnostics, "FIS001")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    titles = [a.title for a in actions]
    preferred = [a for a in actions if a.is_preferred]
    assert len(preferred) == 1, titles
    assert "Suppress FIS001 here" in titles
    (document_edit,) = preferred[0].edit.document_changes
    assert document_edit.text_document.version == 1
    after = await change(client, uri, 2, document_edit.edits)
    assert not [d for d in after if d.code == "FIS001"], after


async def test_the_suppression_is_read_back(client: LanguageClient, tmp_path):
    await start(client)
    text = FLOW.replace(BAD_ID, "aws:ec2:no-such-action")
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", text)
    finding = only(diagnostics, "FIS001")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    (suppress,) = [a for a in actions if a.title == "Suppress FIS001 here"]
    (document_edit,) = suppress.edit.document_changes
    after = await change(client, uri, 2, document_edit.edits)
    codes = sorted(d.code for d in after)
    # FIS101 asks for a real reason in place of the TODO placeholder.
    expected = [d.code for d in diagnostics if d.code != "FIS001"] + ["FIS101"]
    assert codes == sorted(expected), codes


async def test_a_file_without_a_template_gets_an_empty_list(client: LanguageClient, tmp_path):
    await start(client)
    _, diagnostics = await open_document(
        client, tmp_path / "package.json", '{"name": "x"}', language="json"
    )
    assert diagnostics == []
    # A template whose text becomes unrelated loses its diagnostics.
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    assert diagnostics
    whole = types.TextEdit(
        range=types.Range(types.Position(0, 0), types.Position(99, 0)), new_text="a: 1\n"
    )
    assert await change(client, uri, 2, [whole]) == []


async def test_fislint_toml_is_read_and_a_broken_one_shown(client: LanguageClient, tmp_path):
    await start(client)
    (tmp_path / "fislint.toml").write_text('ignore = ["FIS001"]\n')
    _, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    assert "FIS001" not in [d.code for d in diagnostics]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "fislint.toml").write_text("select = [\n")
    _, diagnostics = await open_document(client, broken / "t.yaml", FLOW)
    assert "FIS001" in [d.code for d in diagnostics]
    assert any("fislint.toml" in m.message for m in client.messages), client.messages


async def test_a_changed_fislint_toml_relints_open_documents(client: LanguageClient, tmp_path):
    await start(client)
    uri, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    assert "FIS001" in [d.code for d in diagnostics]
    watched = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched and "fislint.toml" in json.dumps(watched[0].register_options)
    config = tmp_path / "fislint.toml"
    config.write_text('ignore = ["FIS001"]\n')
    changed = types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
    )
    send = lambda: client.workspace_did_change_watched_files(changed)  # noqa: E731
    diagnostics = await published(client, send, uri, 1)
    assert "FIS001" not in [d.code for d in diagnostics]


async def test_a_bad_region_is_shown_and_the_builtin_catalog_used(
    client: LanguageClient, tmp_path
):
    await start(client, options={"region": "../etc", "cacheDir": str(tmp_path)})
    _, diagnostics = await open_document(client, tmp_path / "t.yaml", FLOW)
    assert "FIS001" in [d.code for d in diagnostics]
    assert any("region" in m.message for m in client.messages), client.messages


async def test_the_region_cache_named_in_initialization_options_is_used(
    client: LanguageClient, tmp_path
):
    data = tmp_path / "data.json"
    data.write_text(
        json.dumps(
            {
                "fis_actions": [{"id": "aws:new:only-here", "targets": {}}],
                "resource_types": [{"type": "aws:ec2:instance"}],
            }
        )
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path))
    subprocess.run(
        [FISLINT, "catalog", "import", "--region", "test-region", str(data)],
        check=True,
        env=env,
        capture_output=True,
    )
    cache_dir = tmp_path / "cache" / "aws-chaos-engineering"
    assert cache_dir.is_dir()
    await start(client, options={"region": "test-region", "cacheDir": str(cache_dir)})
    text = FLOW.replace(BAD_ID, "aws:new:only-here")
    _, diagnostics = await open_document(client, tmp_path / "t.yaml", text)
    assert "FIS001" not in [d.code for d in diagnostics], diagnostics
    # The built-in catalog does not know the action: the cache made the difference.
    (tmp_path / "t.yaml").write_text(text)
    builtin = subprocess.run(
        [FISLINT, "check", "--format", "json", str(tmp_path / "t.yaml")],
        env=env,
        capture_output=True,
    )
    assert b'"FIS001"' in builtin.stdout


async def test_completion_offers_action_ids(client: LanguageClient, tmp_path):
    await start(client)
    text = BLOCK.replace(BAD_ID, "aws:ec2:")
    uri, _ = await open_document(client, tmp_path / "t.yaml", text)
    number, line, index = line_and_index(text, "aws:ec2:")
    column = utf16_column(line, index + len("aws:ec2:"))
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(number, column),
        )
    )
    items = result if isinstance(result, list) else result.items
    labels = [item.label for item in items]
    assert "aws:ec2:stop-instances" in labels, labels[:20]
    assert not [label for label in labels if not label.startswith("aws:")], labels
    stop = next(item for item in items if item.label == "aws:ec2:stop-instances")
    assert stop.kind == types.CompletionItemKind.Function
    assert stop.text_edit.range.end == types.Position(number, column)
    assert stop.text_edit.range.start == types.Position(number, utf16_column(line, index))
    assert stop.text_edit.new_text == "aws:ec2:stop-instances"
    assert stop.detail or stop.documentation


async def test_completion_in_json_replaces_inside_the_quotes(client: LanguageClient, tmp_path):
    await start(client, encodings=["utf-8"])
    text = (
        '{"description": "Chaos 🚀 test", "roleArn": "arn:aws:iam::123456789012:role/fis",\n'
        ' "stopConditions": [{"source": "none"}], "targets": {},\n'
        ' "actions": {"Stop": {"actionId": "aws:ec2:st"}}}\n'
    )
    uri, _ = await open_document(client, tmp_path / "t.json", text, language="json")
    number, line, index = line_and_index(text, "aws:ec2:st")
    column = len(line[: index + len("aws:ec2:st")].encode())
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(number, column),
        )
    )
    items = result if isinstance(result, list) else result.items
    stop = next(item for item in items if item.label == "aws:ec2:stop-instances")
    assert stop.text_edit.range == types.Range(
        types.Position(number, len(line[:index].encode())), types.Position(number, column)
    )


async def test_hover_documents_an_action_id(client: LanguageClient, tmp_path):
    await start(client)
    text = FLOW.replace(BAD_ID, "aws:ec2:stop-instances")
    uri, _ = await open_document(client, tmp_path / "t.yaml", text)
    number, line, index = line_and_index(text, "aws:ec2:stop-instances")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(number, utf16_column(line, index + 3)),
        )
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "stop-instances" in hover.contents.value
    end = index + len("aws:ec2:stop-instances")
    assert hover.range == types.Range(
        types.Position(number, utf16_column(line, index)),
        types.Position(number, utf16_column(line, end)),
    )


def frame(message) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n") and length is not None:
            return json.loads(stream.read(length))
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)


def test_malformed_input_and_huge_documents_do_not_stop_the_server(tmp_path):
    """Raw frames: garbage, a bad header, bad requests, then a 12 MiB document."""
    huge = "ActionId: x\n" + "a" * (12 * 1024 * 1024)
    uri = (tmp_path / "huge.yaml").as_uri()
    opening = [
        b"Content-Length: 5\r\n\r\n{oops",
        b"X-Nothing: 1\r\n\r\n",
        frame({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}),
        frame({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}}),
        frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        frame({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"x": 1}}),
        frame({"jsonrpc": "2.0", "id": 4, "method": "no/such", "params": None}),
        frame(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": huge}
                },
            }
        ),
    ]
    server = subprocess.Popen(
        [FISLINT, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        server.stdin.write(b"".join(opening))
        server.stdin.flush()
        replies = []
        while not any(r.get("method") == PUBLISH for r in replies):
            reply = read_message(server.stdout)
            assert reply is not None, server.stderr.read().decode()
            replies.append(reply)
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}))
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.close()
        replies.append(read_message(server.stdout))
        assert server.wait(timeout=30) == 0
        stderr = server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
    by_id = {r.get("id"): r for r in replies if "id" in r}
    assert by_id[1]["error"]["code"] == -32002  # not initialized
    assert "capabilities" in by_id[2]["result"]
    assert by_id[3]["error"]["code"] == -32602  # invalid params
    assert by_id[4]["error"]["code"] == -32601  # method not found
    assert by_id[5]["result"] is None
    publish = [r for r in replies if r.get("method") == PUBLISH]
    assert publish[-1]["params"]["diagnostics"] == []
    assert b"malformed" in stderr
