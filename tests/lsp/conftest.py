"""A real LSP client (pytest-lsp) driving `fislint lsp` over stdio.

The binary is $FISLINT_BIN, else target/debug/fislint (which `cargo test` builds)."""

import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
FISLINT = os.environ.get("FISLINT_BIN", str(ROOT / "target" / "debug" / "fislint"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[FISLINT, "lsp"]))
async def client(lsp_client: LanguageClient):
    # Each test initializes the session itself, with the capabilities it is about. The
    # server asks to watch fislint.toml; the test client accepts (the tests send the changes).
    registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations
    yield
    await lsp_client.shutdown_session()
