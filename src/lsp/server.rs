//! The server's state and its message loop: documents in, diagnostics, completions, hovers and
//! quick fixes out.

use std::collections::HashMap;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, TryRecvError};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, Initialized, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, HoverRequest, Initialize, RegisterCapability, Request as _,
    Shutdown,
};
use lsp_types::{
    CodeActionParams, CompletionParams, CompletionResponse, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, FileSystemWatcher, GlobPattern, HoverParams, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, ShowMessageParams,
};
use serde::de::DeserializeOwned;

use super::actions::{self, EditSupport};
use super::diagnostics;
use super::document::Document;
use super::handshake;
use super::position::Encoding;
use super::transport::{self, Incoming, log as warn};
use super::workspace::Workspace;

/// Most queued messages taken before the documents they changed are linted, so a client that
/// never pauses still sees diagnostics.
const MAX_BATCH: usize = 256;

/// Serves one client until it sends `exit` or its input ends. `Ok(true)` when it asked to shut
/// down first, as LSP expects of a clean exit.
pub fn serve(incoming: &Receiver<Incoming>, output: impl Write) -> io::Result<bool> {
    let mut output = output;
    let Some(session) = handshake::initialize(incoming, &mut output)? else {
        return Ok(false);
    };
    let mut server = Server {
        output,
        edits: session.edits,
        workspace: session.workspace,
        documents: HashMap::new(),
        changed: Vec::new(),
        pending: Vec::new(),
        watch_files: session.watch_files,
        shut_down: false,
    };
    server.show(session.messages)?;
    while let Ok(first) = incoming.recv() {
        if server.handle(first)?.is_break() {
            return Ok(server.shut_down);
        }
        // Changes that queued while the last lint ran are applied together, then the latest
        // text is linted once: no timer, so no added latency, and never a stale version.
        for _ in 1..MAX_BATCH {
            match incoming.try_recv() {
                Ok(next) => {
                    if server.handle(next)?.is_break() {
                        return Ok(server.shut_down);
                    }
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        server.publish_changed()?;
    }
    Ok(server.shut_down)
}

struct Server<W: Write> {
    output: W,
    edits: EditSupport,
    workspace: Workspace,
    /// Open documents by URI.
    documents: HashMap<String, Document>,
    /// URIs whose diagnostics are not yet published for their current version.
    changed: Vec<String>,
    /// Messages for the user (a broken `fislint.toml`, a region's cache), shown after the
    /// answer or diagnostics that met them.
    pending: Vec<String>,
    /// The client watches files for servers that ask: `fislint.toml` is asked for once
    /// initialized.
    watch_files: bool,
    shut_down: bool,
}

type Flow = std::ops::ControlFlow<()>;

impl<W: Write> Server<W> {
    fn handle(&mut self, incoming: Incoming) -> io::Result<Flow> {
        match incoming {
            Incoming::Message(Message::Request(request)) => self.answer(request)?,
            Incoming::Message(Message::Notification(notification)) => {
                if notification.method == "exit" {
                    return Ok(Flow::Break(()));
                }
                self.notice(notification)?;
            }
            // The server sends no requests, so expects no responses.
            Incoming::Message(Message::Response(_)) => {}
            Incoming::Malformed(why) => warn(&why),
        }
        Ok(Flow::Continue(()))
    }

    fn answer(&mut self, request: Request) -> io::Result<()> {
        let id = request.id.clone();
        if self.shut_down {
            return self.reply_error(id, ErrorCode::InvalidRequest, "the server is shutting down");
        }
        let answered = catch_unwind(AssertUnwindSafe(|| self.result(request)));
        let response = match answered {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "fislint failed on this request (a bug: please report it)".to_owned(),
            ),
        };
        let shown = std::mem::take(&mut self.pending);
        self.send(response.into())?;
        self.show(shown)
    }

    fn result(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        match request.method.as_str() {
            Shutdown::METHOD => {
                self.shut_down = true;
                Ok(serde_json::Value::Null)
            }
            Completion::METHOD => {
                let params: CompletionParams = params(request)?;
                let at = params.text_document_position;
                let items =
                    self.with_catalog(at.text_document.uri.as_str(), |doc, catalog, enc| {
                        let offset = doc.offset(at.position, enc);
                        super::assist::complete(doc, offset, catalog, enc)
                    });
                Ok(to_value(items.map(CompletionResponse::Array)))
            }
            HoverRequest::METHOD => {
                let params: HoverParams = params(request)?;
                let at = params.text_document_position_params;
                let hover =
                    self.with_catalog(at.text_document.uri.as_str(), |doc, catalog, enc| {
                        let offset = doc.offset(at.position, enc);
                        super::assist::hover(doc, offset, catalog, enc)
                    });
                Ok(to_value(hover.flatten()))
            }
            CodeActionRequest::METHOD => {
                let params: CodeActionParams = params(request)?;
                let uri = params.text_document.uri.as_str().to_owned();
                self.lint(&uri);
                let Some(document) = self.documents.get(&uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let range = document.span(params.range, self.edits.encoding);
                let findings = document.linted.as_ref().map_or(&[][..], |(_, f)| f);
                Ok(to_value(actions::code_actions(
                    document, findings, range, self.edits,
                )))
            }
            Initialize::METHOD => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_owned(),
            )),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("fislint does not serve {method}"),
            )),
        }
    }

    /// Runs `f` on an open document with its catalog; `None` for a document not open.
    fn with_catalog<T>(
        &mut self,
        uri: &str,
        f: impl FnOnce(&Document, &crate::catalog::Catalog, Encoding) -> T,
    ) -> Option<T> {
        let document = self.documents.get(uri)?;
        let (settings, messages) = self.workspace.settings_for(document.path.as_deref());
        self.pending.extend(messages);
        Some(f(document, settings.catalog, self.edits.encoding))
    }

    fn notice(&mut self, notification: Notification) -> io::Result<()> {
        let encoding = self.edits.encoding;
        match notification.method.as_str() {
            Initialized::METHOD if self.watch_files => self.watch_configuration()?,
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = params.text_document;
                    let key = doc.uri.as_str().to_owned();
                    self.documents
                        .insert(key.clone(), Document::new(doc.uri, doc.version, doc.text));
                    self.mark_changed(key);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                {
                    let key = params.text_document.uri.as_str().to_owned();
                    if let Some(document) = self.documents.get_mut(&key) {
                        let version = params.text_document.version;
                        document.apply(version, params.content_changes, encoding);
                        self.mark_changed(key);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let key = params.text_document.uri.as_str().to_owned();
                    self.documents.remove(&key);
                    self.changed.retain(|uri| *uri != key);
                    let cleared =
                        PublishDiagnosticsParams::new(params.text_document.uri, Vec::new(), None);
                    self.notify::<PublishDiagnostics>(cleared)?;
                }
            }
            // A `fislint.toml` or a region's cache may have changed: lint everything again.
            DidChangeWatchedFiles::METHOD | DidChangeConfiguration::METHOD => {
                self.workspace.forget_catalogs();
                let uris: Vec<String> = self.documents.keys().cloned().collect();
                for uri in uris {
                    if let Some(document) = self.documents.get_mut(&uri) {
                        document.linted = None;
                    }
                    self.mark_changed(uri);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks the client to report changes to any `fislint.toml`, so open documents are linted
    /// again under the new configuration without waiting for an edit.
    fn watch_configuration(&mut self) -> io::Result<()> {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "fislint-configuration".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("fislint-watch-configuration".to_owned()),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.send(request.into())
    }

    fn mark_changed(&mut self, uri: String) {
        if !self.changed.contains(&uri) {
            self.changed.push(uri);
        }
    }

    /// Lints a document if its findings are not for its current text.
    fn lint(&mut self, uri: &str) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        if document
            .linted
            .as_ref()
            .is_some_and(|(version, _)| *version == document.version)
        {
            return;
        }
        let (settings, messages) = self.workspace.settings_for(document.path.as_deref());
        self.pending.extend(messages);
        let findings = catch_unwind(AssertUnwindSafe(|| diagnostics::lint(document, settings)));
        let findings = findings.unwrap_or_else(|_| {
            self.pending.push(format!(
                "fislint: linting {} failed (a bug: please report it)",
                document.name
            ));
            Vec::new()
        });
        let version = document.version;
        if let Some(document) = self.documents.get_mut(uri) {
            document.linted = Some((version, findings));
        }
    }

    /// Publishes the diagnostics of every document changed since the last time.
    fn publish_changed(&mut self) -> io::Result<()> {
        for uri in std::mem::take(&mut self.changed) {
            self.lint(&uri);
            let Some(document) = self.documents.get(&uri) else {
                continue;
            };
            let findings = document.linted.as_ref().map_or(&[][..], |(_, f)| f);
            let diagnostics = findings
                .iter()
                .map(|finding| diagnostics::to_lsp(finding, document, self.edits.encoding))
                .collect();
            let params = PublishDiagnosticsParams::new(
                document.uri.clone(),
                diagnostics,
                Some(document.version),
            );
            self.notify::<PublishDiagnostics>(params)?;
        }
        let shown = std::mem::take(&mut self.pending);
        self.show(shown)
    }

    fn show(&mut self, messages: Vec<String>) -> io::Result<()> {
        for message in messages {
            warn(&message);
            self.notify::<ShowMessage>(ShowMessageParams {
                typ: MessageType::WARNING,
                message,
            })?;
        }
        Ok(())
    }

    fn notify<N: lsp_types::notification::Notification>(
        &mut self,
        params: N::Params,
    ) -> io::Result<()> {
        self.send(Notification::new(N::METHOD.to_owned(), params).into())
    }

    fn reply_error(&mut self, id: RequestId, code: ErrorCode, message: &str) -> io::Result<()> {
        self.send(Response::new_err(id, code as i32, message.to_owned()).into())
    }

    fn send(&mut self, message: Message) -> io::Result<()> {
        transport::write(&mut self.output, &message)
    }
}

fn params<P: DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    let method = request.method;
    serde_json::from_value(request.params)
        .map_err(|error| (ErrorCode::InvalidParams, format!("{method}: {error}")))
}

fn to_value(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
