//! `debtlab serve`: the JSON API and the page of `debtlab-web` on a local address.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;
use debtlab_web::Limits;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest request body, bytes.
    #[arg(long, default_value_t = Limits::default().body_bytes)]
    max_body: usize,
    /// Largest Monte Carlo work of one request, paths x steps.
    #[arg(long, default_value_t = Limits::default().path_steps)]
    max_path_steps: usize,
    /// Most steps of one deterministic run (run, claims, each sensitivity run).
    #[arg(long, default_value_t = Limits::default().run_steps)]
    max_run_steps: usize,
    /// Requests computing at once; more get 503.
    #[arg(long, default_value_t = Limits::default().in_flight)]
    max_in_flight: usize,
    /// Longest time one request may take, seconds; then 503.
    #[arg(long, default_value_t = Limits::default().timeout.as_secs_f64(), value_parser = positive_seconds)]
    timeout: f64,
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!("`{text}`: want seconds in (0, 86400]")),
    }
}

/// Serves until ctrl-c or SIGTERM; then waits at most this long for
/// computations that outlived their requests.
const DRAIN: Duration = Duration::from_secs(5);

pub fn serve(args: &ServeArgs) -> Result<(), String> {
    let limits = Limits {
        body_bytes: args.max_body,
        path_steps: args.max_path_steps,
        run_steps: args.max_run_steps,
        in_flight: args.max_in_flight,
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    let result = runtime.block_on(debtlab_web::serve(args.addr, limits));
    runtime.shutdown_timeout(DRAIN);
    result.map_err(|e| format!("serve on {}: {e}", args.addr))
}
