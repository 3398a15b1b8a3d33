"""A real LSP client (pytest-lsp) driving `fislint lsp` over stdio.

The binary is $FISLINT_BIN, else target/debug/fislint (which `cargo test` builds)."""

import os
import pathlib

import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
FISLINT = os.environ.get("FISLINT_BIN", str(ROOT / "target" / "debug" / "fislint"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[FISLINT, "lsp"]))
async def client(lsp_client: LanguageClient):
    # Each test initializes the session itself, with the capabilities it is about.
    yield
    await lsp_client.shutdown_session()
