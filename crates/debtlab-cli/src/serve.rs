//! `debtlab serve`: the JSON API and the page of `debtlab-web` on a local address.

use std::net::SocketAddr;

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
    /// Requests computing at once; more get 503.
    #[arg(long, default_value_t = Limits::default().in_flight)]
    max_in_flight: usize,
}

pub fn serve(args: &ServeArgs) -> Result<(), String> {
    let limits = Limits { body_bytes: args.max_body, path_steps: args.max_path_steps, in_flight: args.max_in_flight };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(debtlab_web::serve(args.addr, limits)).map_err(|e| format!("serve on {}: {e}", args.addr))
}
