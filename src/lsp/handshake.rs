//! The start of a session: waiting for `initialize`, reading what the client can do, and
//! answering with what the server offers.

use std::io::{self, Write};
use std::sync::mpsc::Receiver;

use lsp_server::{ErrorCode, Message, Response};
use lsp_types::request::{Initialize, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, InitializeResult, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

use super::actions::EditSupport;
use super::position::Encoding;
use super::transport::{self, Incoming, log};
use super::workspace::Workspace;

/// What the handshake settled.
pub struct Session {
    pub edits: EditSupport,
    pub workspace: Workspace,
    /// The client watches files for servers that ask.
    pub watch_files: bool,
    /// What to tell the user about `initializationOptions`.
    pub messages: Vec<String>,
}

/// Waits for `initialize` (answering anything else as LSP says), and answers it. `None` when
/// the client exits or hangs up first.
pub fn initialize(
    incoming: &Receiver<Incoming>,
    output: &mut impl Write,
) -> io::Result<Option<Session>> {
    loop {
        let Ok(next) = incoming.recv() else {
            return Ok(None);
        };
        let request = match next {
            Incoming::Message(Message::Request(request)) => request,
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => {
                return Ok(None);
            }
            Incoming::Message(_) => continue,
            Incoming::Malformed(why) => {
                log(&why);
                continue;
            }
        };
        if request.method != Initialize::METHOD {
            let error = Response::new_err(
                request.id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized yet".to_owned(),
            );
            transport::write(output, &error.into())?;
            continue;
        }
        let params: InitializeParams = match serde_json::from_value(request.params) {
            Ok(params) => params,
            Err(error) => {
                let error = Response::new_err(
                    request.id,
                    ErrorCode::InvalidParams as i32,
                    format!("initialize: {error}"),
                );
                transport::write(output, &error.into())?;
                continue;
            }
        };
        let general = params.capabilities.general.as_ref();
        let encoding = Encoding::negotiate(general.and_then(|g| g.position_encodings.as_deref()));
        let workspace_capabilities = params.capabilities.workspace.as_ref();
        let watch_files = workspace_capabilities
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let document_changes = workspace_capabilities
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        let (workspace, messages) = Workspace::new(params.initialization_options.as_ref());
        let result = InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "fislint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        transport::write(output, &Response::new_ok(request.id, result).into())?;
        return Ok(Some(Session {
            edits: EditSupport {
                encoding,
                document_changes,
            },
            workspace,
            watch_files,
            messages,
        }));
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "\"".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}
