//! Helpers of the API tests: requests through `router` without a socket,
//! and a real server on a loopback socket ([`start`]).
#![allow(dead_code)] // each test file uses a different subset

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use std::net::SocketAddr;

use debtlab_web::{router, serve_until, Limits};
use serde_json::Value;
use tower::ServiceExt;

/// The POST endpoints, each of which computes.
pub const POSTS: [&str; 6] = ["/api/run", "/api/claims", "/api/show", "/api/mc", "/api/sensitivity", "/api/attribute"];
/// The GET endpoints.
pub const GETS: [&str; 3] = ["/api/presets", "/api/params", "/api/openapi.json"];

/// Sends `body` with `content_type` (none: no header) and returns the status and text.
pub async fn send(
    limits: Limits,
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: Body,
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        request = request.header("content-type", ct);
    }
    let response = router(limits).oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

pub async fn call(limits: Limits, method: &str, uri: &str, body: Option<String>) -> (StatusCode, String) {
    let content_type = body.as_ref().map(|_| "application/json");
    send(limits, method, uri, content_type, body.map_or_else(Body::empty, Body::from)).await
}

pub async fn get(uri: &str) -> (StatusCode, Value) {
    let (status, text) = call(Limits::default(), "GET", uri, None).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn post(uri: &str, body: Value) -> (StatusCode, Value) {
    post_with(Limits::default(), uri, body.to_string()).await
}

/// Posts JSON text; the answer must be JSON whatever the status.
pub async fn post_with(limits: Limits, uri: &str, body: String) -> (StatusCode, Value) {
    let (status, text) = call(limits, "POST", uri, Some(body)).await;
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

pub fn error(value: &Value) -> &str {
    value["error"].as_str().unwrap_or_else(|| panic!("no error field: {value}"))
}

/// A running server's task.
pub type Server = tokio::task::JoinHandle<std::io::Result<()>>;

/// A server on a free loopback port, stopped by sending on the channel.
pub async fn start(limits: Limits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, Server) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(listener, limits, async {
        let _ = stop_rx.await;
    }));
    (addr, stop_tx, server)
}
