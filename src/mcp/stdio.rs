//! The stdio transport: newline-delimited JSON-RPC with a length cap, answering every line it
//! cannot hand to rmcp instead of dropping it as rmcp's own reader does.

use std::io;
use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::Mutex;
use tokio::task::JoinSet;

use super::line::{self, Verdict};

/// The longest line read: as much as rmcp's reader and its HTTP body limits allow.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// How much of an over-long line is kept to find its id in.
const HEAD_BYTES: usize = 4096;

pub struct StdioTransport<R, W> {
    reader: BufReader<R>,
    /// The line being read. `receive` runs inside rmcp's `select!` and may be dropped at any
    /// await, so a partial line lives here rather than in the future.
    line: Vec<u8>,
    /// Set while the rest of an over-long line, already answered, is skipped.
    skipping: bool,
    /// Whole lines only: every message, rmcp's or ours, is written under this lock.
    writer: Arc<Mutex<W>>,
    /// Error replies in flight; spawned so a cancelled `receive` cannot cut one short.
    replies: JoinSet<()>,
}

enum Step {
    Line,
    TooLong,
    End,
}

impl<R, W> StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    pub fn new(reader: R, writer: W) -> Self {
        StdioTransport {
            reader: BufReader::with_capacity(64 * 1024, reader),
            line: Vec::new(),
            skipping: false,
            writer: Arc::new(Mutex::new(writer)),
            replies: JoinSet::new(),
        }
    }

    /// Reads up to the next newline into `self.line`, never holding more than the limit.
    async fn next_line(&mut self) -> io::Result<Step> {
        loop {
            let available = self.reader.fill_buf().await?;
            if available.is_empty() {
                // A last line without a newline is still a line.
                return Ok(if self.line.is_empty() || self.skipping {
                    Step::End
                } else {
                    Step::Line
                });
            }
            let newline = memchr::memchr(b'\n', available);
            let take = newline.map_or(available.len(), |at| at + 1);
            let step = if self.skipping {
                self.skipping = newline.is_none();
                None
            } else if self.line.len() + take > MAX_LINE_BYTES {
                let head = HEAD_BYTES.saturating_sub(self.line.len()).min(take);
                self.line.truncate(HEAD_BYTES);
                self.line.extend_from_slice(&available[..head]);
                self.skipping = newline.is_none();
                Some(Step::TooLong)
            } else {
                self.line.extend_from_slice(&available[..take]);
                newline.map(|_| Step::Line)
            };
            self.reader.consume(take);
            if let Some(step) = step {
                return Ok(step);
            }
        }
    }

    fn answer(&mut self, reply: Value) {
        let writer = Arc::clone(&self.writer);
        self.replies.spawn(async move {
            if let Ok(mut bytes) = serde_json::to_vec(&reply) {
                bytes.push(b'\n');
                let _ = write_line(&writer, &bytes).await;
            }
        });
    }
}

async fn write_line<W: AsyncWrite + Unpin>(writer: &Mutex<W>, bytes: &[u8]) -> io::Result<()> {
    let mut writer = writer.lock().await;
    writer.write_all(bytes).await?;
    writer.flush().await
}

impl<R, W> Transport<RoleServer> for StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    type Error = io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), io::Error>> + Send + 'static {
        let writer = Arc::clone(&self.writer);
        async move {
            let mut bytes = serde_json::to_vec(&item)?;
            bytes.push(b'\n');
            write_line(&writer, &bytes).await
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            let step = match self.next_line().await {
                Ok(step) => step,
                Err(error) => {
                    super::log(&format!("cannot read stdin: {error}"));
                    return None;
                }
            };
            let verdict = match step {
                Step::End => return None,
                Step::TooLong => Verdict::Reply(line::too_long(&self.line, MAX_LINE_BYTES)),
                Step::Line => {
                    let text = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
                    let text = text.strip_suffix(b"\r").unwrap_or(text);
                    if text.iter().all(u8::is_ascii_whitespace) {
                        Verdict::Ignore
                    } else {
                        line::classify(text)
                    }
                }
            };
            self.line.clear();
            match verdict {
                Verdict::Message(message) => return Some(*message),
                Verdict::Ignore => {}
                Verdict::Reply(reply) => self.answer(reply),
            }
        }
    }

    async fn close(&mut self) -> Result<(), io::Error> {
        while self.replies.join_next().await.is_some() {}
        self.writer.lock().await.shutdown().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    async fn exchange(input: Vec<u8>) -> (Vec<String>, Vec<Value>) {
        let (mut client, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, mut replies) = tokio::io::duplex(1 << 16);
        let mut transport = StdioTransport::new(server_in, server_out);
        let writer = tokio::spawn(async move {
            client.write_all(&input).await.unwrap();
            drop(client);
        });
        let mut passed = Vec::new();
        while let Some(message) = transport.receive().await {
            passed.push(serde_json::to_value(&message).unwrap()["method"].to_string());
        }
        writer.await.unwrap();
        transport.close().await.unwrap();
        drop(transport);
        let mut out = String::new();
        replies.read_to_string(&mut out).await.unwrap();
        let answers = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (passed, answers)
    }

    #[tokio::test]
    async fn an_over_long_line_is_answered_and_skipped_and_the_next_one_read() {
        let mut input = br#"{"jsonrpc":"2.0","id":5,"method":"ping","params":{"x":""#.to_vec();
        input.resize(MAX_LINE_BYTES + 10, b'a');
        input.extend_from_slice(b"\"}}\r\n\n");
        input.extend_from_slice(br#"{"jsonrpc":"2.0","id":6,"method":"ping"}"#);
        let (passed, answers) = exchange(input).await;
        assert_eq!(passed, ["\"ping\""]);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_eq!(answers[0]["id"], 5);
        assert_eq!(answers[0]["error"]["code"], line::INVALID_REQUEST);
    }

    #[tokio::test]
    async fn every_bad_line_gets_one_whole_reply_line() {
        let input =
            b"nonsense\n[]\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".repeat(50);
        let (passed, answers) = exchange(input).await;
        assert_eq!(passed.len(), 50);
        assert_eq!(answers.len(), 100);
        let parse_errors = answers
            .iter()
            .filter(|a| a["error"]["code"] == line::PARSE_ERROR)
            .count();
        assert_eq!(parse_errors, 50);
    }
}
