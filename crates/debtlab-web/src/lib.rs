//! `debtlab serve`: a JSON API over `debtlab-core` and one offline page.
//!
//! - [`router`] builds the whole application (tests call it without a socket);
//! - [`serve`] binds an address and serves it;
//! - [`types`]: the request and response bodies;
//! - `assets/`: the page, its scripts (`app.js`; `attribution.js` draws the
//!   attribution bars in plain SVG) and style, uPlot and the OpenAPI
//!   document, all embedded in the binary.
//!
//! Abuse limits ([`Limits`]): the body size (413), the Monte Carlo work per
//! request in path-steps (400), the steps of one deterministic run (400), the requests computing at once (503, never a
//! queue), the time one request may take (503), and the horizon (scenario
//! validation caps `run.years` at 200).
//!
//! [`serve`] stops gracefully on ctrl-c or SIGTERM: it stops accepting,
//! lets the requests under way finish, and returns.

mod api;
mod error;
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

/// Limits against abuse; each one over is a 4xx (or 503) JSON answer.
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
    /// Requests computing at once; more get 503 at once.
    pub in_flight: usize,
    /// Longest time one request may take, body upload included; then 503.
    /// A computation already started keeps its in-flight slot until it ends
    /// (it cannot be interrupted), so the slots still bound the load.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 << 10,
            path_steps: 2_000_000,
            run_steps: 20_000,
            in_flight: 4,
            timeout: Duration::from_secs(30),
        }
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
        .with_state(state)
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
    let stop = stop_signal()?;
    println!("listening on http://{}", listener.local_addr()?);
    serve_until(listener, limits, stop).await?;
    eprintln!("debtlab serve: stopped");
    Ok(())
}

/// Serves on `listener` until `stop` completes, then stops accepting and
/// returns once the requests under way are answered.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(limits)).with_graceful_shutdown(stop).await
}

/// A future that completes on ctrl-c (SIGINT) or SIGTERM. The handlers are
/// installed here, before the address is printed, so a signal sent as soon
/// as `listening on` appears is not lost (a background job of a
/// non-interactive shell starts with SIGINT ignored).
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => eprintln!("debtlab serve: ctrl-c, finishing the requests under way"),
            _ = terminate.recv() => eprintln!("debtlab serve: SIGTERM, finishing the requests under way"),
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("debtlab serve: ctrl-c, finishing the requests under way");
    })
}
