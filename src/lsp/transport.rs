//! LSP's base protocol: `Content-Length` framed JSON-RPC messages. Reading runs on its own
//! thread, so messages queue while a lint runs and the server can take every queued change
//! before linting again. A malformed frame or payload is reported and skipped, never fatal;
//! a frame larger than [`MAX_MESSAGE_BYTES`] is read past without being held in memory.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use lsp_server::Message;
use std::sync::mpsc::{Receiver, channel};

/// The largest message read: well above the largest document linted (10 MiB), escaped.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// A header line longer than this is not a header.
const MAX_HEADER_LINE: u64 = 4096;

/// What the reader thread hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that could not be read as a message, and why.
    Malformed(String),
}

/// Reads messages from `input` on a thread until it ends; the receiver then disconnects.
pub fn spawn_reader(input: impl BufRead + Send + 'static) -> io::Result<Receiver<Incoming>> {
    let (sender, receiver) = channel();
    thread::Builder::new()
        .name("fislint-lsp-reader".to_owned())
        .spawn(move || {
            let mut input = input;
            loop {
                let incoming = match read_frame(&mut input) {
                    Ok(Some(Ok(body))) => match serde_json::from_slice::<Message>(&body) {
                        Ok(message) => Incoming::Message(message),
                        Err(error) => Incoming::Malformed(format!("malformed message: {error}")),
                    },
                    Ok(Some(Err(why))) => Incoming::Malformed(why),
                    Ok(None) | Err(_) => break,
                };
                if sender.send(incoming).is_err() {
                    break;
                }
            }
        })?;
    Ok(receiver)
}

/// One frame's body; `Ok(None)` at the end of input; `Ok(Some(Err(why)))` for a frame that
/// was read past.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut any_header = false;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            // Over-long: skip the rest of the line and report it.
            skip_line(input)?;
            return Ok(Some(Err("header line too long".to_owned())));
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if any_header {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        any_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(why)) => return Ok(Some(Err(why))),
        None => return Ok(Some(Err("frame without Content-Length".to_owned()))),
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if (skipped as usize) < length {
            return Ok(None);
        }
        return Ok(Some(Err(format!(
            "message of {length} bytes skipped (the limit is {MAX_MESSAGE_BYTES})"
        ))));
    }
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    Ok(Some(Ok(body)))
}

fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buffer) {
            Some(at) => {
                input.consume(at + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

/// The server's log: standard error, which clients show as the server's output.
pub fn log(message: &str) {
    let _ = writeln!(io::stderr().lock(), "fislint lsp: {message}");
}

/// Writes one message, framed, and flushes it.
pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn read_all(input: &str) -> Vec<Result<Vec<u8>, String>> {
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).unwrap() {
            out.push(frame);
        }
        out
    }

    #[test]
    fn frames_are_read_and_bad_ones_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}Content-Type: x\r\n\r\n{}Content-Length: nope\r\n\r\n{}",
            frame(good),
            frame(good),
            frame(good)
        );
        let frames = read_all(&input);
        let read: Vec<bool> = frames.iter().map(Result::is_ok).collect();
        assert_eq!(read, [true, false, true, false, true]);
        assert_eq!(frames[4].as_deref().unwrap(), good.as_bytes());
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        let frames = read_all("Content-Length: 100\r\n\r\n{}");
        assert!(frames.is_empty());
    }

    #[test]
    fn an_oversized_length_is_skipped_without_allocating_it() {
        let input = format!("Content-Length: {}\r\n\r\n", usize::MAX);
        let frames = read_all(&input);
        assert!(frames.is_empty(), "the input ends before the body does");
        let long = format!("{}\r\n\r\n", "X".repeat(10_000));
        assert!(read_all(&long)[0].is_err());
    }
}
