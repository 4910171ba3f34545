//! The accept loop under [`crate::serve_until`]: hyper's HTTP/1 connection
//! directly (not `axum::serve`), so that every phase of a connection has a
//! bound.
//!
//! - **Connections**: at most [`Limits::connections`] open; one more is
//!   answered `503` and closed at once.
//! - **The first bytes** decide the protocol: an HTTP/2 prior-knowledge
//!   preface (`PRI * HTTP/2.0…`) is refused with HTTP/2's own words, a
//!   SETTINGS frame then GOAWAY with the error `HTTP_1_1_REQUIRED` and a
//!   reason, then the connection is closed (the server speaks HTTP/1.1 only);
//!   anything else is replayed to hyper's HTTP/1 parser.
//! - **Headers**: each request's headers must be in within
//!   [`Limits::header_timeout`], counted from the connection's start for the
//!   first request and from the end of the previous answer for the next ones
//!   (so an idle keep-alive connection is closed after that time too);
//!   otherwise the connection is closed.
//! - **Bodies**: a declared `Content-Length` over [`Limits::body_bytes`] is
//!   answered 413 before any of the body is read (see `lib.rs`); a body that
//!   trickles in is cut by [`Limits::timeout`].
//! - **Answers**: a write that makes no progress for [`Limits::timeout`]
//!   (a client that stopped reading) closes the connection.
//! - **Shutdown**: on the stop signal the listener closes, idle connections
//!   close, connections that have not sent a whole request close, requests
//!   under way are answered and their connections then close; whatever is
//!   still open [`Limits::shutdown`] after the signal is closed then, so
//!   `serve_until` returns within that time.

use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

use crate::Limits;

/// hyper's read buffer of one connection (and the largest request head);
/// hyper's default is about 400 KiB.
pub const READ_BUFFER_BYTES: usize = 64 << 10;

/// The client's HTTP/2 connection preface (RFC 9113, section 3.4).
const H2_PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Why HTTP/2 is refused, in the GOAWAY frame's debug data.
const H2_REFUSAL: &[u8] = b"debtlab serve speaks HTTP/1.1 only";

/// Serves `app` on `listener` until `stop` completes; returns within
/// `limits.shutdown` of that.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stopping_tx, stopping) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(limits.connections));
    let mut connections = JoinSet::new();
    let mut stop = pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        // Reap the connections that ended, so the set stays as small as the open ones.
        while connections.try_join_next().is_some() {}
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // A connection reset before it was accepted, or out of file
            // descriptors: keep serving (after a pause in the second case).
            Err(e) if is_connection_error(&e) => continue,
            Err(_) => {
                tokio::select! {
                    () = &mut stop => break,
                    () = tokio::time::sleep(Duration::from_millis(100)) => continue,
                }
            }
        };
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                connections.spawn(connection(stream, app.clone(), limits, stopping.clone(), slot));
            }
            Err(_) => refuse_busy(&stream, limits.connections),
        }
    }
    // Stop accepting, ask every connection to finish, and bound the wait.
    drop(listener);
    let deadline = Instant::now() + limits.shutdown;
    let _ = stopping_tx.send(true);
    let all_done = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout_at(deadline, all_done).await.is_err() {
        // Dropping a connection's task closes its socket; a computation it
        // started ends on the blocking pool and its answer is dropped.
        connections.shutdown().await;
    }
    Ok(())
}

/// Errors of one incoming connection, not of the listener.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

/// Answers 503 to a connection over the limit, as far as the socket takes
/// it without waiting, and closes it.
fn refuse_busy(stream: &TcpStream, limit: usize) {
    let body = format!("{{\"error\":\"the server has {limit} connections open, its limit; try again shortly\"}}");
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         retry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// Completes once the server is stopping.
async fn stopped(mut stopping: watch::Receiver<bool>) {
    // An error means the sender is gone: the server is stopping too.
    let _ = stopping.wait_for(|&s| s).await;
}

/// One connection, from its first byte to its close. `_slot` is its place
/// among [`Limits::connections`].
async fn connection(
    mut stream: TcpStream,
    app: Router,
    limits: Limits,
    stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let first_head_by = Instant::now() + limits.header_timeout;
    let opening = tokio::select! {
        opening = tokio::time::timeout_at(first_head_by, opening(&mut stream)) => opening,
        // No whole request yet: nothing is under way.
        () = stopped(stopping.clone()) => return,
    };
    let prefix = match opening {
        Ok(Ok(Opening::Http1(prefix))) => prefix,
        Ok(Ok(Opening::Http2)) => return refuse_http2(stream).await,
        // Closed, failed, or no decision within the header timeout.
        Ok(Err(_)) | Err(_) => return,
    };
    let requested = Arc::new(AtomicBool::new(false));
    let service = {
        let requested = requested.clone();
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            requested.store(true, Ordering::Relaxed);
            app.clone().oneshot(request.map(Body::new))
        })
    };
    let io = Io { prefix, read: 0, stream, write_stall: limits.timeout, stalled: None };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).max_buf_size(READ_BUFFER_BYTES);
    let mut conn = pin!(http.serve_connection(TokioIo::new(io), service));
    // hyper's header timer starts when it starts reading; the first
    // request's head is bounded from the connection's start instead.
    let mut first_head = pin!(tokio::time::sleep_until(first_head_by));
    let mut first_head_pending = true;
    let mut stop = pin!(stopped(stopping));
    let mut stop_pending = true;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            () = &mut first_head, if first_head_pending => {
                if !requested.load(Ordering::Relaxed) {
                    break;
                }
                first_head_pending = false;
            }
            () = &mut stop, if stop_pending => {
                if !requested.load(Ordering::Relaxed) {
                    break;
                }
                // Finish the request under way (if any), then close.
                conn.as_mut().graceful_shutdown();
                stop_pending = false;
            }
        }
    }
}

/// What a connection's first bytes say.
enum Opening {
    /// HTTP/1: the bytes read so far, for hyper to read again.
    Http1(Vec<u8>),
    /// The HTTP/2 preface, read whole.
    Http2,
}

/// Reads until the bytes differ from the HTTP/2 preface or are all of it:
/// for an HTTP/1 request, one read.
async fn opening(stream: &mut TcpStream) -> io::Result<Opening> {
    let mut buf = [0u8; H2_PREFACE.len()];
    let mut have = 0;
    loop {
        let n = stream.read(&mut buf[have..]).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        have += n;
        if buf[..have] != H2_PREFACE[..have] {
            return Ok(Opening::Http1(buf[..have].to_vec()));
        }
        if have == H2_PREFACE.len() {
            return Ok(Opening::Http2);
        }
    }
}

/// HTTP/2's refusal: the server's preface (an empty SETTINGS frame), then
/// GOAWAY with no stream processed and `HTTP_1_1_REQUIRED`, then the close.
fn http2_refusal() -> Vec<u8> {
    let mut frames = vec![0, 0, 0, 0x4, 0, 0, 0, 0, 0];
    let len = 8 + H2_REFUSAL.len();
    frames.extend([(len >> 16) as u8, (len >> 8) as u8, len as u8, 0x7, 0, 0, 0, 0, 0]);
    frames.extend([0, 0, 0, 0, 0, 0, 0, 0xd]);
    frames.extend_from_slice(H2_REFUSAL);
    frames
}

async fn refuse_http2(mut stream: TcpStream) {
    let refuse = async {
        stream.write_all(&http2_refusal()).await?;
        stream.shutdown().await?;
        // Read what the client still sends until it closes, so that the
        // close is a FIN after our frames and not a reset that may lose them.
        let mut sink = [0u8; 4096];
        let mut left = 1 << 20;
        while left > 0 {
            match stream.read(&mut sink).await? {
                0 => break,
                n => left -= n.min(left),
            }
        }
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), refuse).await;
}

/// A connection's socket with the bytes read to choose the protocol put
/// back in front, and a bound on how long a write may wait on the client.
struct Io {
    prefix: Vec<u8>,
    /// Bytes of `prefix` already read again.
    read: usize,
    stream: TcpStream,
    write_stall: Duration,
    /// Armed while a write waits on the client; reset on any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Io {
    fn written(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match poll {
            Poll::Pending => {
                let stall = self.write_stall;
                let timer = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client read nothing of the answer for the request timeout",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for Io {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.read < this.prefix.len() {
            let n = (this.prefix.len() - this.read).min(buf.remaining());
            buf.put_slice(&this.prefix[this.read..this.read + n]);
            this.read += n;
            if this.read == this.prefix.len() {
                this.prefix = Vec::new();
                this.read = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Io {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.written(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.written(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_a_settings_frame_then_a_goaway_frame() {
        let frames = http2_refusal();
        assert_eq!(&frames[..9], &[0, 0, 0, 4, 0, 0, 0, 0, 0]);
        let goaway = &frames[9..];
        let len = (usize::from(goaway[0]) << 16) | (usize::from(goaway[1]) << 8) | usize::from(goaway[2]);
        assert_eq!(len, goaway.len() - 9);
        assert_eq!(goaway[3], 7);
        assert_eq!(&goaway[5..9], &[0, 0, 0, 0], "on stream 0");
        assert_eq!(&goaway[9..13], &[0, 0, 0, 0], "no stream processed");
        assert_eq!(&goaway[13..17], &[0, 0, 0, 0xd], "HTTP_1_1_REQUIRED");
    }
}
