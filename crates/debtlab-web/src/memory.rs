//! Memory bounded by design: what one request may take, estimated from the
//! request before anything that grows with it is allocated, and what the
//! server may take in total.
//!
//! A computing request holds one of [`Limits::in_flight`] slots from before
//! its computation until the last piece of its answer is handed to the
//! socket (the answer is sent in pieces of [`crate::body::FRAME_BYTES`]).
//! Before computing, it estimates its memory ([`Estimate`]): its body and
//! what is parsed from it, the computation's buffers, and its JSON answer.
//! Over [`Limits::request_memory`] it is refused with a 400 that gives the
//! estimate. Each estimate is an upper bound of the buffers that grow with
//! the request, with these sizes:
//!
//! - a deterministic run keeps every row: [`RUN_ROW`] bytes per step, plus
//!   the schedule table it reads, [`SCHEDULE_ROW`] bytes per step;
//! - `/api/run` copies the chosen columns of each row (8 bytes each and a
//!   vector per row) and writes them as JSON, at most [`JSON_NUMBER`] bytes
//!   per number;
//! - `/api/sensitivity` runs up to one run per worker thread at once,
//!   `/api/attribute` keeps at most two runs at once;
//! - Monte Carlo asks the core: [`debtlab_core::mc::plan`] gives every
//!   buffer of the run (its batches, histograms or exact values, sums and
//!   the result's means and percentiles), and the run itself refuses
//!   ([`debtlab_core::mc::run_within`]) if that is over the budget the
//!   server gives it; the answer adds [`JSON_NUMBER`] bytes per mean,
//!   percentile and year.
//!
//! The total ([`Bound`]) is the in-flight slots times the per-request bound,
//! plus the open connections times what one connection holds without a
//! slot (hyper's buffers, a body being read, a small answer such as
//! `/api/params`), plus the program itself.
//!
//! The bound is on memory in use. The process's resident size also counts
//! what the allocator keeps after it is freed: glibc's malloc keeps freed
//! blocks of up to 32 MiB in each thread's arena, so after many large
//! requests on different threads the resident size drifted to 907 MiB in a
//! minute of `hostile.sh` with two worst-case clients, whose estimates add
//! up to about 500 MiB. So after a computation over [`TRIM_ABOVE`] the
//! server hands the freed memory back to the system ([`release_freed`]):
//! 734 MiB in the same minute.

use std::fmt;

use debtlab_core::model::schedule;
use debtlab_core::output::COLUMNS;

use crate::error::ApiError;
use crate::Limits;

const F64: usize = 8;
/// Bytes of a vector's own header (pointer, capacity, length).
const VEC: usize = 24;
const KIB: usize = 1 << 10;
const MIB: usize = 1 << 20;

/// Bytes of one row of a deterministic run (every column, one `f64` each).
pub const RUN_ROW: usize = COLUMNS.len() * F64;
/// Bytes of one row of the schedule table a run reads.
pub const SCHEDULE_ROW: usize = schedule::COUNT * F64;
/// Most bytes of one number in a JSON answer: `-1.2345678901234567e-308`
/// (24 characters, the longest a finite `f64` prints as) and its comma.
pub const JSON_NUMBER: usize = 25;
/// A request's memory that does not grow with its computation, besides its
/// body: the parsed request, the scenario and its parameters, its claims.
pub const REQUEST_OVERHEAD: usize = MIB;
/// Copies of the body one request may hold: the bytes, the fields parsed
/// from them, and the scenario text built from those.
pub const BODY_COPIES: usize = 4;
/// What one open connection holds without a slot, besides its body: hyper's
/// read buffer ([`crate::server::READ_BUFFER_BYTES`]) and as much queued
/// for writing, one piece of an answer, its task and headers.
pub const CONNECTION_OVERHEAD: usize = 2 * crate::server::READ_BUFFER_BYTES + crate::body::FRAME_BYTES + 16 * KIB;
/// The largest answer served without a slot (`/api/params`, `/api/presets`;
/// the page's assets are static).
pub const SMALL_ANSWER_BYTES: usize = 256 * KIB;
/// The program itself: its code, its runtime and threads, the embedded page.
pub const PROGRAM_BYTES: usize = 64 * MIB;

/// Computations estimated above this many bytes hand their freed memory
/// back to the system when they end.
pub const TRIM_ABOVE: usize = 16 * MIB;

/// Hands memory the allocator keeps after it was freed back to the system
/// (glibc's `malloc_trim`, which walks every arena); elsewhere, nothing.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: `malloc_trim` only returns free pages of glibc's own heaps
        // to the system; it takes the arenas' locks and touches no memory in use.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// One request's estimated memory, bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// What is computed, for the refusal's message.
    pub what: String,
    /// The body and what is parsed from it.
    pub request: usize,
    /// The computation's buffers.
    pub compute: usize,
    /// The JSON answer (also the capacity its text is written into).
    pub json: usize,
}

impl Estimate {
    fn new(what: String, body: usize, compute: usize, json: usize) -> Estimate {
        Estimate { what, request: request_bytes(body), compute, json }
    }

    pub fn total(&self) -> usize {
        self.request.saturating_add(self.compute).saturating_add(self.json)
    }

    /// `Ok` when within `limits.request_memory`, else the 400 that says by how much.
    pub fn admit(&self, limits: &Limits) -> Result<(), ApiError> {
        if self.total() <= limits.request_memory {
            return Ok(());
        }
        Err(ApiError::bad_request(format!(
            "too much memory: {} would need about {} (computation {}, answer {}), over this server's limit of {} \
             per request; use fewer columns, fewer paths, a larger run.dt or fewer run.years",
            self.what,
            Bytes(self.total()),
            Bytes(self.compute),
            Bytes(self.json),
            Bytes(limits.request_memory),
        )))
    }
}

/// The body and what is parsed from it.
fn request_bytes(body: usize) -> usize {
    REQUEST_OVERHEAD.saturating_add(body.saturating_mul(BODY_COPIES))
}

/// Bytes of `runs` deterministic runs of `rows` rows held at once.
fn runs(runs: usize, rows: usize) -> usize {
    runs.saturating_mul(rows).saturating_mul(RUN_ROW + SCHEDULE_ROW)
}

/// `/api/run`: the run, the chosen columns of every row, and their JSON.
pub fn run(rows: usize, columns: usize, body: usize) -> Estimate {
    // The table layer's batch (one f64 a cell) and the row-major copy made from it.
    let batch = rows.saturating_mul(columns).saturating_mul(F64);
    let copy = rows.saturating_mul(VEC + columns.saturating_mul(F64)).saturating_add(batch);
    let json = rows.saturating_mul(columns.saturating_add(1)).saturating_mul(JSON_NUMBER).saturating_add(64 * KIB);
    Estimate::new(format!("a run of {rows} steps x {columns} columns"), body, runs(1, rows).saturating_add(copy), json)
}

/// `/api/claims`: the run; the verdicts are small.
pub fn claims(rows: usize, body: usize) -> Estimate {
    Estimate::new(format!("a run of {rows} steps"), body, runs(1, rows), 64 * KIB)
}

/// `/api/sensitivity`: up to `at_once` runs of `rows` rows at once (one per
/// worker thread), and `bars` bars.
pub fn sensitivity(rows: usize, at_once: usize, bars: usize, body: usize) -> Estimate {
    let json = bars.saturating_mul(KIB).saturating_add(64 * KIB);
    let what = format!("{bars} sensitivity bars of runs of {rows} steps, {at_once} at once");
    Estimate::new(what, body, runs(at_once, rows), json)
}

/// `/api/attribute`: at most two runs at once (the scenario and one other).
pub fn attribute(rows: usize, body: usize) -> Estimate {
    Estimate::new(format!("an attribution of runs of {rows} steps"), body, runs(2, rows), 256 * KIB)
}

/// `/api/mc`: the core's plan of the run's buffers (`plan_bytes`, see
/// [`debtlab_core::mc::Plan::bytes`]), each column's steps outside its
/// histogram's range, and the JSON of every mean, percentile and year.
pub fn mc(plan: &debtlab_core::mc::memory::Plan, paths: usize, body: usize) -> Estimate {
    let (rows, columns) = (plan.steps, plan.columns);
    let cells = rows.saturating_mul(columns);
    let outside = cells.saturating_mul(F64);
    // Per cell: a mean, each percentile and a step outside the range; per row: its year.
    let numbers = cells.saturating_mul(plan.statistics.saturating_add(1)).saturating_add(rows);
    let json = numbers.saturating_mul(JSON_NUMBER).saturating_add(64 * KIB);
    let what = format!("{paths} Monte Carlo paths of {rows} steps x {columns} columns");
    Estimate::new(what, body, plan.bytes().saturating_add(outside), json)
}

/// `/api/show`: the scenario and its TOML, whose size follows the body's.
pub fn show(body: usize) -> Estimate {
    Estimate::new("a scenario".into(), body, 0, body.saturating_mul(4).saturating_add(256 * KIB))
}

/// The memory the limits allow the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// One computing request: [`Limits::request_memory`].
    pub per_request: usize,
    pub in_flight: usize,
    /// One open connection without a slot: its buffers, a body being read,
    /// a small answer.
    pub per_connection: usize,
    pub connections: usize,
    /// The program itself ([`PROGRAM_BYTES`]).
    pub program: usize,
}

impl Bound {
    pub fn of(limits: &Limits) -> Bound {
        let per_connection = CONNECTION_OVERHEAD
            .saturating_add(limits.body_bytes.saturating_mul(BODY_COPIES))
            .saturating_add(SMALL_ANSWER_BYTES);
        Bound {
            per_request: limits.request_memory,
            in_flight: limits.in_flight,
            per_connection,
            connections: limits.connections,
            program: PROGRAM_BYTES,
        }
    }

    /// Requests in flight x per request + connections x per connection + the program.
    pub fn total(&self) -> usize {
        self.in_flight
            .saturating_mul(self.per_request)
            .saturating_add(self.connections.saturating_mul(self.per_connection))
            .saturating_add(self.program)
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "memory bound {} = {} requests in flight x {} + {} connections x {} + {} for the program",
            Bytes(self.total()),
            self.in_flight,
            Bytes(self.per_request),
            self.connections,
            Bytes(self.per_connection),
            Bytes(self.program),
        )
    }
}

/// A byte count as MiB (or KiB below one MiB), for messages.
#[derive(Debug, Clone, Copy)]
pub struct Bytes(pub usize);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == usize::MAX {
            write!(f, "more than the address space")
        } else if self.0 < MIB {
            write!(f, "{:.0} KiB", self.0 as f64 / KIB as f64)
        } else {
            write!(f, "{:.1} MiB", self.0 as f64 / MIB as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limits_allow_the_longest_run_with_every_column() {
        let limits = Limits::default();
        let worst = run(limits.run_steps, COLUMNS.len(), limits.body_bytes);
        assert!(worst.admit(&limits).is_ok(), "{worst:?}: {} bytes", worst.total());
        // ... and refuse a tiny-step run long before it is allocated.
        let absurd = run(2_000_000_001, COLUMNS.len(), limits.body_bytes);
        let message = absurd.admit(&limits).unwrap_err().message;
        assert!(message.contains("over this server's limit of 256.0 MiB"), "{message}");
    }

    #[test]
    fn the_bound_is_in_flight_times_per_request_plus_connections() {
        let limits = Limits::default();
        let bound = limits.memory_bound();
        assert_eq!(bound.per_request, 256 * MIB);
        assert_eq!(
            bound.total(),
            4 * 256 * MIB + 256 * (CONNECTION_OVERHEAD + 4 * 64 * KIB + SMALL_ANSWER_BYTES) + PROGRAM_BYTES
        );
        let text = bound.to_string();
        assert!(text.starts_with("memory bound ") && text.contains("4 requests in flight x 256.0 MiB"), "{text}");
        let huge = Limits { request_memory: usize::MAX, ..limits }.memory_bound();
        assert_eq!(huge.total(), usize::MAX);
    }
}
