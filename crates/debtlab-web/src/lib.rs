//! `debtlab serve`: a JSON API over `debtlab-core` and one offline page.
//!
//! - [`router`] builds the whole application (tests call it without a socket);
//! - [`serve`] binds an address and serves it; [`serve_until`] serves a
//!   bound listener until a future completes;
//! - [`types`]: the request and response bodies;
//! - `assets/`: the page, its scripts (`app.js`; `attribution.js` draws the
//!   attribution bars in plain SVG) and style, uPlot and the OpenAPI
//!   document, all embedded in the binary.
//!
//! Abuse limits ([`Limits`]): the body size (413, at once when a declared
//! `Content-Length` is over it, before the body is read), the Monte Carlo
//! work per request in path-steps (400), the steps of one deterministic run
//! (400), the memory one request may take, estimated from the request before
//! anything large is allocated (400, with the estimate; see [`memory`]), the
//! requests computing or sending their answer at once (503, never a queue),
//! the time one request may take (503), the horizon (scenario validation caps
//! `run.years` at 200), the connections open at once (503), and the time a
//! request's headers may take to arrive (the connection is closed).
//!
//! Memory is bounded by design: [`Limits::memory_bound`] gives the bound per
//! request, per connection and in total, which `debtlab serve` prints.
//!
//! Protocol: HTTP/1.1 only. A client that opens with HTTP/2's
//! prior-knowledge preface gets HTTP/2's own refusal, a SETTINGS frame then
//! GOAWAY with the error `HTTP_1_1_REQUIRED`, and the connection is closed;
//! the server never hangs on it (see `server.rs` for every bound of a
//! connection).
//!
//! [`serve`] stops gracefully on ctrl-c or SIGTERM: it stops accepting,
//! closes idle connections and those that have not sent a whole request,
//! lets the requests under way finish, and returns; whatever is still open
//! [`Limits::shutdown`] after the signal is closed then.

mod api;
mod body;
mod error;
pub mod memory;
mod server;
pub mod types;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

pub use error::ApiError;

/// Limits against abuse; each one over is a 4xx (or 503) JSON answer, or
/// a closed connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, bytes.
    pub body_bytes: usize,
    /// Largest Monte Carlo work of one request: paths x steps (and the
    /// runs x steps of a sensitivity or attribution request).
    pub path_steps: usize,
    /// Most steps of one deterministic run (`/api/run`, `/api/claims`, each
    /// run of `/api/sensitivity` and `/api/attribute`), whose every row is kept and sent.
    pub run_steps: usize,
    /// Requests computing, or sending their answer, at once; more get 503 at once.
    pub in_flight: usize,
    /// Longest time one request may take, body upload included; then 503.
    /// A computation already started keeps its in-flight slot until it ends
    /// (it cannot be interrupted), so the slots still bound the load. Also
    /// the longest a write of an answer may wait on a client that reads
    /// nothing; then the connection is closed.
    pub timeout: Duration,
    /// Most memory one request may take, bytes: its body, its computation
    /// and its JSON answer, estimated from the request before anything large
    /// is allocated ([`memory`]); over it is a 400 that gives the estimate.
    pub request_memory: usize,
    /// Connections open at once; one more is answered 503 and closed.
    pub connections: usize,
    /// Longest time a request's headers may take to arrive (from the
    /// connection's start, or from the previous answer on a kept-alive
    /// connection); then the connection is closed.
    pub header_timeout: Duration,
    /// Longest time [`serve_until`] takes to return after its stop signal:
    /// requests under way may finish within it; then every connection still
    /// open is closed.
    pub shutdown: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 << 10,
            path_steps: 2_000_000,
            run_steps: 20_000,
            in_flight: 4,
            timeout: Duration::from_secs(30),
            request_memory: 256 << 20,
            connections: 256,
            header_timeout: Duration::from_secs(10),
            shutdown: Duration::from_secs(4),
        }
    }
}

impl Limits {
    /// The memory these limits allow the server, per request, per
    /// connection and in total (see [`memory::Bound`]).
    pub fn memory_bound(&self) -> memory::Bound {
        memory::Bound::of(self)
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub limits: Limits,
    pub slots: Arc<Semaphore>,
}

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const ATTRIBUTION_JS: &str = include_str!("../assets/attribution.js");
const UPLOT_JS: &str = include_str!("../assets/vendor/uPlot.iife.min.js");
const UPLOT_CSS: &str = include_str!("../assets/vendor/uPlot.min.css");
/// The hand-written OpenAPI 3.0 document of the API.
pub const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse + Clone {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body)
}

/// The application: the page at `/`, its assets, and the API under `/api/`.
pub fn router(limits: Limits) -> Router {
    let state = AppState { limits, slots: Arc::new(Semaphore::new(limits.in_flight)) };
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/attribution.js", get(|| async { asset("text/javascript; charset=utf-8", ATTRIBUTION_JS) }))
        .route("/vendor/uPlot.iife.min.js", get(|| async { asset("text/javascript; charset=utf-8", UPLOT_JS) }))
        .route("/vendor/uPlot.min.css", get(|| async { asset("text/css; charset=utf-8", UPLOT_CSS) }))
        .route("/api/openapi.json", get(|| async { asset("application/json", OPENAPI_JSON) }))
        .route("/api/presets", get(api::presets))
        .route("/api/params", get(api::params))
        .route("/api/run", post(api::run))
        .route("/api/claims", post(api::claims))
        .route("/api/show", post(api::show))
        .route("/api/mc", post(api::mc))
        .route("/api/sensitivity", post(api::sensitivity))
        .route("/api/attribute", post(api::attribute))
        .fallback(|| async { ApiError::not_found("no such page or endpoint; see /api/openapi.json") })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(middleware::from_fn(move |request: Request, next: Next| time_limit(limits.timeout, request, next)))
        .layer(middleware::from_fn(move |request: Request, next: Next| declared_size(limits.body_bytes, request, next)))
        .with_state(state)
}

/// Answers 413 at once, before any of the body is read, when the declared
/// `Content-Length` is over `limit` (hyper then closes the connection
/// rather than read the body).
async fn declared_size(limit: usize, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(bytes) if bytes > limit as u64 => ApiError::too_large(bytes, limit).into_response(),
        _ => next.run(request).await,
    }
}

/// Answers 503 when the request is not done within `limit`.
async fn time_limit(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::timed_out(limit).into_response(),
    }
}

/// Binds `addr` (port 0 picks a free port), prints the address it serves on
/// (`listening on http://ADDR`) and serves until ctrl-c or SIGTERM.
pub async fn serve(addr: SocketAddr, limits: Limits) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let stop = stop_signal(limits.shutdown)?;
    eprintln!("debtlab serve: {}", limits.memory_bound());
    println!("listening on http://{}", listener.local_addr()?);
    serve_until(listener, limits, stop).await?;
    eprintln!("debtlab serve: stopped");
    Ok(())
}

/// Serves on `listener` until `stop` completes, then stops accepting and
/// returns once the requests under way are answered, or
/// [`Limits::shutdown`] after `stop` completed, whichever comes first (then
/// every connection still open is closed). See `server.rs` for the bounds on
/// each connection.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    server::run(listener, router(limits), limits, stop).await
}

/// A future that completes on ctrl-c (SIGINT) or SIGTERM. The handlers are
/// installed here, before the address is printed, so a signal sent as soon
/// as `listening on` appears is not lost (a background job of a
/// non-interactive shell starts with SIGINT ignored).
#[cfg(unix)]
fn stop_signal(within: Duration) -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let within = within.as_secs_f64();
    Ok(async move {
        let name = tokio::select! {
            _ = interrupt.recv() => "ctrl-c",
            _ = terminate.recv() => "SIGTERM",
        };
        eprintln!("debtlab serve: {name}, finishing the requests under way (at most {within} s)");
    })
}

#[cfg(not(unix))]
fn stop_signal(within: Duration) -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    let within = within.as_secs_f64();
    Ok(async move {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("debtlab serve: ctrl-c, finishing the requests under way (at most {within} s)");
    })
}
