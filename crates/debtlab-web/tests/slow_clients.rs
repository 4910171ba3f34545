//! Slow and odd clients on a real loopback socket (issue 16, item 5): half-sent
//! headers are cut off after the header timeout, a declared body over the
//! limit is refused before it is sent, an HTTP/2 preface gets a defined
//! answer, and `serve_until` returns within its bounded shutdown time
//! whatever the open connections are doing. Times here are hang bounds, not
//! performance assertions.

mod common;

use std::time::{Duration, Instant};

use common::start;
use debtlab_web::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Short timeouts, so that the tests wait for them and not for the defaults.
fn short() -> Limits {
    Limits { header_timeout: Duration::from_millis(300), shutdown: Duration::from_secs(1), ..Limits::default() }
}

/// Everything the server sends until it closes the connection (or resets
/// it), within `bound`; `None` when the connection is still open then.
async fn read_to_close(stream: &mut TcpStream, bound: Duration) -> Option<Vec<u8>> {
    let mut all = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(bound, read).await.ok().map(|_| all)
}

#[tokio::test]
async fn a_half_sent_header_is_cut_off_after_the_header_timeout() {
    let (addr, stop, server) = start(short()).await;
    // Half a header at once.
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(b"GET /api/presets HTTP/1.1\r\nhost: x\r\nuser-ag").await.unwrap();
    // Nothing at all.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    // The first bytes of an HTTP/2 preface, then nothing.
    let mut pri = TcpStream::connect(addr).await.unwrap();
    pri.write_all(b"PRI * HTTP/2").await.unwrap();
    for (name, stream) in [("half a header", &mut half), ("nothing", &mut silent), ("a preface's start", &mut pri)] {
        let answer = read_to_close(stream, Duration::from_secs(15)).await;
        assert!(answer.is_some(), "{name}: still connected 15 s after a header timeout of 0.3 s");
    }
    // A header sent a byte at a time, each well within the timeout: the
    // timeout is on the whole header, not on each read.
    let mut drip = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let header = b"GET /api/presets HTTP/1.1\r\nhost: x\r\nx-slow: ".iter().chain(&[b'a'; 1000]);
    let mut cut = false;
    for &byte in header {
        if drip.write_all(&[byte]).await.is_err() {
            cut = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    let cut = cut || read_to_close(&mut drip, Duration::from_secs(1)).await.is_some();
    assert!(cut, "a header dripped a byte every 20 ms was still read after {:?}", started.elapsed());
    // A whole request is still answered, and so is the next one on the same connection.
    let mut ok = TcpStream::connect(addr).await.unwrap();
    for _ in 0..2 {
        ok.write_all(b"GET /api/presets HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let mut buf = vec![0u8; 1 << 16];
        let n = tokio::time::timeout(Duration::from_secs(10), ok.read(&mut buf)).await.unwrap().unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_413_before_it_is_sent() {
    let (addr, stop, server) = start(short()).await;
    for uri in ["/api/run", "/api/mc", "/api/nope", "/"] {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST {uri} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000000\r\n\r\n{{"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let answer = read_to_close(&mut stream, Duration::from_secs(2)).await;
        let answer = String::from_utf8_lossy(&answer.expect("no answer within 2 s without the body")).to_string();
        assert!(answer.starts_with("HTTP/1.1 413"), "{uri}: {answer}");
        assert!(answer.contains("100000000 bytes") && answer.contains("65536"), "{uri}: {answer}");
    }
    // With `Expect: 100-continue` (as curl sends for large bodies): 413, no 100 Continue.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = "POST /api/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
                content-length: 100000000\r\nexpect: 100-continue\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream, Duration::from_secs(2)).await.expect("no answer within 2 s");
    assert!(answer.starts_with(b"HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The client's HTTP/2 connection preface and an empty SETTINGS frame.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

#[tokio::test]
async fn an_http2_preface_gets_a_goaway_and_a_close() {
    let (addr, stop, server) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(H2_PREFACE).await.unwrap();
    let answer = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("an HTTP/2 preface hung");
    // The server's own preface (a SETTINGS frame), then GOAWAY (type 7) with
    // the error HTTP_1_1_REQUIRED (0xd), then the close.
    assert!(answer.len() >= 9 + 17, "{answer:?}");
    assert_eq!(answer[3], 0x4, "not a SETTINGS frame first: {answer:?}");
    let settings = 9 + usize::from(answer[2]);
    let goaway = &answer[settings..];
    assert_eq!(goaway[3], 0x7, "not a GOAWAY frame: {answer:?}");
    assert_eq!(&goaway[13..17], &[0, 0, 0, 0xd], "not HTTP_1_1_REQUIRED: {answer:?}");
    assert!(String::from_utf8_lossy(&goaway[17..]).contains("HTTP/1.1"), "{answer:?}");
    // A request line that only looks like HTTP/2 is an HTTP/1 error.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n").await.unwrap();
    let answer = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("hung");
    assert!(answer.starts_with(b"HTTP/1.1 "), "{}", String::from_utf8_lossy(&answer));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn shutdown_is_bounded_with_idle_and_half_sent_connections_open() {
    // A header timeout far beyond the shutdown time: only the shutdown bound can end them.
    let limits = Limits { header_timeout: Duration::from_secs(60), ..short() };
    let (addr, stop, server) = start(limits).await;
    let mut open = Vec::new();
    for i in 0..20 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let sent: &[u8] = match i % 4 {
            0 => b"",
            1 => b"GET /api/presets HTTP/1.1\r\nhost: x\r\nuser-ag",
            2 => b"PRI * HTTP/2.0\r\n",
            // Headers in, half the body missing: a request under way that never completes.
            _ => b"POST /api/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{",
        };
        stream.write_all(sent).await.unwrap();
        open.push(stream);
    }
    // And an idle keep-alive connection after an answered request.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /api/presets HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let n = tokio::time::timeout(Duration::from_secs(10), idle.read(&mut buf)).await.unwrap().unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    open.push(idle);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = Instant::now();
    stop.send(()).unwrap();
    let done = tokio::time::timeout(Duration::from_secs(10), server).await;
    done.unwrap_or_else(|_| panic!("serve_until still running 10 s after the stop (bound 1 s)")).unwrap().unwrap();
    // Every connection was closed.
    for (i, stream) in open.iter_mut().enumerate() {
        assert!(read_to_close(stream, Duration::from_secs(5)).await.is_some(), "connection {i} still open");
    }
    assert!(TcpStream::connect(addr).await.is_err(), "still listening");
    eprintln!("serve_until returned {:?} after the stop", stopped.elapsed());
}

#[tokio::test]
async fn connections_over_the_limit_get_503() {
    let limits = Limits { connections: 2, ..short() };
    let (addr, stop, server) = start(limits).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET /api/presets HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let mut buf = vec![0u8; 1 << 16];
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await.unwrap().unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        held.push(stream);
    }
    let mut third = TcpStream::connect(addr).await.unwrap();
    let answer = read_to_close(&mut third, Duration::from_secs(5)).await.expect("hung");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("2 connections"), "{answer}");
    // Once one closes, the next is served.
    drop(held.pop());
    let started = Instant::now();
    loop {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET /api/presets HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let answer = read_to_close_or_first(&mut stream).await;
        if answer.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{}", String::from_utf8_lossy(&answer));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The first bytes the server sends (within 10 s).
async fn read_to_close_or_first(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 16];
    match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
        Ok(Ok(n)) => buf[..n].to_vec(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn an_answer_nobody_reads_keeps_its_slot_until_the_write_timeout() {
    let limits = Limits { in_flight: 1, timeout: Duration::from_secs(2), ..short() };
    let (addr, stop, server) = start(limits).await;
    // Every column of 15,001 rows: over 10 MB of JSON, more than the
    // socket buffers hold with a small receive buffer; the client never reads it.
    let body = r#"{"set": ["run.years=60", "run.dt=0.004"]}"#;
    let request = format!(
        "POST /api/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut deaf = socket.connect(addr).await.unwrap();
    deaf.write_all(request.as_bytes()).await.unwrap();
    let small = r#"{"set": ["run.years=10"], "columns": ["debt_gdp"]}"#;
    let small = format!(
        "POST /api/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{small}",
        small.len()
    );
    // While its answer waits on the socket, the slot is taken: 503.
    let started = Instant::now();
    let mut busy = false;
    while !busy && started.elapsed() < Duration::from_secs(30) {
        let mut other = TcpStream::connect(addr).await.unwrap();
        other.write_all(small.as_bytes()).await.unwrap();
        busy = read_to_close_or_first(&mut other).await.starts_with(b"HTTP/1.1 503");
        if !busy {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    assert!(busy, "the unread answer did not keep its slot");
    // After the write timeout the connection is closed and the slot freed.
    let mut served = false;
    while !served && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut other = TcpStream::connect(addr).await.unwrap();
        other.write_all(small.as_bytes()).await.unwrap();
        served = read_to_close_or_first(&mut other).await.starts_with(b"HTTP/1.1 200");
    }
    assert!(served, "the slot was still taken {:?} after the request", started.elapsed());
    // What the deaf client gets is a 200 cut short.
    let mut got = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(5), deaf.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{}", &text[..text.len().min(300)]);
    let length: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("a content-length");
    assert!(length > 10 << 20 && got.len() < length, "{} bytes of {length}", got.len());
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
