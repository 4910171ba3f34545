//! `debtlab serve`: the JSON API and the page of `debtlab-web` on a local address.

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::Duration;

use clap::Args;
use debtlab_web::memory::{self, Bytes};
use debtlab_web::Limits;

/// How the limits bound memory, with the default figures (`--help`).
static MEMORY_HELP: LazyLock<String> = LazyLock::new(|| {
    let limits = Limits::default();
    let bound = limits.memory_bound();
    format!(
        "Memory is bounded by design. Each computing request holds one of --max-in-flight slots from \
         before it computes until its answer is sent, and estimates its memory from the request before \
         allocating anything that grows with it: its body (--max-body, {copies} copies with what is \
         parsed from it, plus {overhead}), its computation (a deterministic run keeps {run_row} bytes per \
         step plus {schedule_row} of schedule; a sensitivity runs one run per worker thread at once, an \
         attribution two; Monte Carlo takes the core's plan of its batches, histograms or exact values, \
         sums and statistics) and its JSON answer (at most {json} bytes per number). Over \
         --max-request-memory it is refused with a 400 that gives the estimate.\n\n\
         Per request: --max-request-memory (default {per_request}).\n\
         Per open connection without a slot: {per_connection} by default (hyper's buffers, a body being \
         read at --max-body x {copies}, a small answer such as /api/params).\n\
         In total: --max-in-flight x --max-request-memory + --max-connections x per connection + \
         {program} for the program; by default {total} ({in_flight} x {per_request} + {connections} x \
         {per_connection} + {program}). The server prints its own figure when it starts.",
        copies = memory::BODY_COPIES,
        overhead = Bytes(memory::REQUEST_OVERHEAD),
        run_row = memory::RUN_ROW,
        schedule_row = memory::SCHEDULE_ROW,
        json = memory::JSON_NUMBER,
        per_request = Bytes(bound.per_request),
        per_connection = Bytes(bound.per_connection),
        program = Bytes(bound.program),
        total = Bytes(bound.total()),
        in_flight = bound.in_flight,
        connections = bound.connections,
    )
});

#[derive(Args)]
#[command(after_help = MEMORY_HELP.as_str())]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT: an IP address or a name such as
    /// `localhost` (its first address is used); port 0 picks any free port;
    /// the address is printed.
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = socket_address)]
    addr: SocketAddr,
    /// Largest request body, bytes; a larger declared Content-Length gets 413 before the body is read.
    #[arg(long, default_value_t = Limits::default().body_bytes)]
    max_body: usize,
    /// Largest Monte Carlo work of one request, paths x steps.
    #[arg(long, default_value_t = Limits::default().path_steps)]
    max_path_steps: usize,
    /// Most steps of one deterministic run (run, claims, each sensitivity run).
    #[arg(long, default_value_t = Limits::default().run_steps)]
    max_run_steps: usize,
    /// Requests computing or sending their answer at once; more get 503.
    #[arg(long, default_value_t = Limits::default().in_flight)]
    max_in_flight: usize,
    /// Most memory one request may take, MiB (estimated before computing; over it: 400).
    #[arg(long, default_value_t = (Limits::default().request_memory >> 20) as u64, value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    max_request_memory: u64,
    /// Connections open at once; one more gets 503 and is closed.
    #[arg(long, default_value_t = Limits::default().connections)]
    max_connections: usize,
    /// Longest time one request may take, seconds; then 503. Also the longest a
    /// write of an answer may wait on a client that reads nothing.
    #[arg(long, default_value_t = Limits::default().timeout.as_secs_f64(), value_parser = positive_seconds)]
    timeout: f64,
    /// Longest time a request's headers may take to arrive, seconds; then the connection is closed.
    #[arg(long, default_value_t = Limits::default().header_timeout.as_secs_f64(), value_parser = positive_seconds)]
    header_timeout: f64,
    /// On ctrl-c or SIGTERM, longest wait for the requests under way, seconds;
    /// then every connection is closed and the server exits.
    #[arg(long, default_value_t = Limits::default().shutdown.as_secs_f64(), value_parser = positive_seconds)]
    shutdown_timeout: f64,
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!("`{text}`: want seconds in (0, 86400]")),
    }
}

pub fn serve(args: &ServeArgs) -> Result<(), String> {
    let limits = Limits {
        body_bytes: args.max_body,
        path_steps: args.max_path_steps,
        run_steps: args.max_run_steps,
        in_flight: args.max_in_flight,
        timeout: Duration::from_secs_f64(args.timeout),
        request_memory: usize::try_from(args.max_request_memory << 20).unwrap_or(usize::MAX),
        connections: args.max_connections,
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        shutdown: Duration::from_secs_f64(args.shutdown_timeout),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    let result = runtime.block_on(debtlab_web::serve(args.addr, limits));
    // `serve` has closed every connection within the shutdown time; a
    // computation whose request is gone has nobody to answer, so it is not
    // waited for.
    runtime.shutdown_background();
    result.map_err(|e| format!("serve on {}: {e}", args.addr))
}

/// `HOST:PORT` resolved to its first socket address (`localhost:8080` works as `127.0.0.1:8080` does).
fn socket_address(text: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let mut addresses =
        text.to_socket_addrs().map_err(|e| format!("`{text}` is not HOST:PORT with a host that resolves: {e}"))?;
    addresses.next().ok_or_else(|| format!("`{text}` resolves to no address"))
}
