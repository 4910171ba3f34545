//! Every limit on every endpoint, malformed bodies (always 4xx, never 5xx),
//! wrong methods, the request timeout, and graceful shutdown on a real
//! loopback socket.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::StatusCode;
use common::{call, error, post, post_with, send, start, GETS, POSTS};
use debtlab_web::Limits;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Posts raw bytes; the answer must be a JSON error with status `want`.
async fn refused(limits: Limits, uri: &str, content_type: Option<&str>, body: Vec<u8>, want: StatusCode) -> String {
    let shown = String::from_utf8_lossy(&body).chars().take(60).collect::<String>();
    let (status, text) = send(limits, "POST", uri, content_type, Body::from(body)).await;
    assert_eq!(status, want, "{uri} with {shown:?}: {text}");
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{uri}: not JSON: {text}"));
    error(&value).to_string()
}

#[tokio::test]
async fn malformed_bodies_are_400_on_every_endpoint() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bodies: Vec<Vec<u8>> = [
        "",
        "{",
        "{\"scenario\": ",
        "[]",
        "null",
        "42",
        "\"baseline\"",
        "{\"scenario\": 5}",
        "{\"set\": \"a=1\"}",
        "{\"set\": [1]}",
        "{\"columns\": \"debt_gdp\"}",
        "{\"toml\": [\"x\"]}",
        "{\"nope\": 1}",
        "{} trailing",
        deep.as_str(),
    ]
    .iter()
    .map(|b| b.as_bytes().to_vec())
    .chain([vec![0xff, 0xfe, b'{', b'}'], b"{\"scenario\": \"\xff\"}".to_vec()])
    .collect();
    for uri in POSTS {
        for body in &bodies {
            let message =
                refused(Limits::default(), uri, Some("application/json"), body.clone(), StatusCode::BAD_REQUEST).await;
            assert!(!message.is_empty());
        }
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    for uri in POSTS {
        let message = refused(Limits::default(), uri, None, b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        assert!(message.contains("Content-Type"), "{message}");
        refused(Limits::default(), uri, Some("text/plain"), b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
}

#[tokio::test]
async fn wrong_field_values_are_4xx() {
    let cases = [
        ("/api/mc", json!({"paths": "ten"})),
        ("/api/mc", json!({"paths": -1})),
        ("/api/mc", json!({"paths": 1.5})),
        ("/api/mc", json!({"paths": 1e30})),
        ("/api/mc", json!({"seed": -1})),
        ("/api/mc", json!({"draws": "yes"})),
        ("/api/mc", json!({"columns": ["debt_gpd"]})),
        ("/api/run", json!({"columns": ["nope"]})),
        ("/api/run", json!({"columns": []})),
        ("/api/mc", json!({"columns": []})),
        ("/api/sensitivity", json!({"at": "three"})),
        ("/api/sensitivity", json!({"at": -1})),
        ("/api/sensitivity", json!({"at": 1e300})),
        ("/api/sensitivity", json!({"pct": -5})),
        ("/api/sensitivity", json!({"params": ["energy.g_suply"]})),
        ("/api/sensitivity", json!({"params": []})),
        ("/api/sensitivity", json!({"metric": ""})),
        ("/api/attribute", json!({"at": [1e300]})),
        ("/api/attribute", json!({"at": [0, -1e-3]})),
        ("/api/attribute", json!({"at": vec![1.0; 101]})),
        ("/api/attribute", json!({"against": "nope"})),
        ("/api/attribute", json!({"against": ["baseline"]})),
    ];
    for (uri, body) in cases {
        let (status, answer) = post(uri, body.clone()).await;
        assert!(status.is_client_error(), "{uri} {body}: {status} {answer}");
        assert!(!error(&answer).is_empty());
    }
}

#[tokio::test]
async fn bad_scenarios_and_overrides_are_400_on_every_endpoint() {
    let cases = [
        (json!({"scenario": "nope"}), "no preset named `nope`"),
        (json!({"scenario": ""}), "no preset named"),
        (json!({"set": ["nonsense"]}), "nonsense"),
        (json!({"set": ["energy.g_supply=abc"]}), "energy.g_supply"),
        (json!({"set": ["energy.g_supply=99"]}), "energy.g_supply"),
        (json!({"set": ["policy.rule=magic"]}), "policy.rule"),
        (json!({"set": ["run.regime=quantity"]}), "policy.rule"),
        (json!({"set": ["run.dt=0"]}), "run.dt"),
        (json!({"toml": "extends = \"nope\""}), "nope"),
        (json!({"toml": "extends = \"request.toml\""}), "request.toml"),
        (json!({"toml": "\u{0}"}), "request.toml"),
    ];
    for uri in POSTS {
        for (body, needle) in &cases {
            let (status, answer) = post(uri, body.clone()).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{uri} {body}: {answer}");
            assert!(error(&answer).contains(needle), "{uri} {body}: {answer}");
        }
    }
}

#[tokio::test]
async fn body_limit_applies_to_every_post_endpoint() {
    let limits = Limits { body_bytes: 1024, ..Limits::default() };
    let big = json!({"toml": "#".repeat(2000)}).to_string().into_bytes();
    let small = json!({"toml": format!("extends = \"baseline\"\n#{}", "x".repeat(900))}).to_string();
    for uri in POSTS {
        let message = refused(limits, uri, Some("application/json"), big.clone(), StatusCode::PAYLOAD_TOO_LARGE).await;
        assert!(message.contains("too large"), "{message}");
        // Just under the limit is served.
        let (status, answer) = post_with(limits, uri, small.clone()).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
    }
}

#[tokio::test]
async fn every_computing_endpoint_takes_an_in_flight_slot() {
    let limits = Limits { in_flight: 0, ..Limits::default() };
    for uri in POSTS {
        let (status, body) = post_with(limits, uri, "{}".into()).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert!(error(&body).contains("busy"), "{body}");
    }
    for uri in GETS.iter().chain(&["/", "/app.js"]) {
        let (status, _) = call(limits, "GET", uri, None).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn path_steps_limit_sensitivity_too() {
    // musk-abundance, 10 years at dt 0.125: 81 steps.
    let limits = Limits { path_steps: 81 * 10, ..Limits::default() };
    let (status, body) = post_with(limits, "/api/sensitivity", json!({"params": ["all"]}).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(error(&body).contains("runs x 81 steps"), "{body}");
    let body = json!({"params": ["energy.g_supply", "labor.retrain_years"]}).to_string();
    let (status, answer) = post_with(limits, "/api/sensitivity", body).await;
    assert_eq!(status, StatusCode::OK, "5 runs x 81 steps fit: {answer}");
    // The attribution: the scenario, 11 mechanisms switched off and the baseline.
    let (status, body) = post_with(limits, "/api/attribute", "{}".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(error(&body).contains("13 runs x 81 steps"), "{body}");
    let limits = Limits { path_steps: 81 * 13, ..Limits::default() };
    let (status, body) = post_with(limits, "/api/attribute", "{}".into()).await;
    assert_eq!(status, StatusCode::OK, "13 runs x 81 steps fit: {body}");
    let (status, body) = post_with(limits, "/api/attribute", json!({"set": ["run.years=11"]}).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // An absurd path count does not overflow the product.
    let (status, body) = post("/api/mc", json!({"paths": u64::MAX})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(error(&body).contains("too much work"), "{body}");
}

#[tokio::test]
async fn run_steps_limit_every_deterministic_run() {
    let limits = Limits { run_steps: 100, ..Limits::default() };
    for uri in ["/api/run", "/api/claims", "/api/sensitivity", "/api/attribute"] {
        // dt = 1/8: 20 years are 161 steps, 10 years 81.
        let (status, body) = post_with(limits, uri, json!({"set": ["run.years=20"]}).to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(error(&body).contains("161 steps, over this server's limit of 100"), "{body}");
        let (status, body) = post_with(limits, uri, json!({"set": ["run.years=10"]}).to_string()).await;
        assert_eq!(status, StatusCode::OK, "{uri}: 81 steps fit: {body}");
    }
    // A tiny step would be billions of rows: refused at once by the default limit.
    let started = Instant::now();
    let (status, body) = post("/api/run", json!({"set": ["run.dt=1e-9", "run.years=200"]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_503() {
    let limits = Limits { timeout: Duration::from_millis(1), ..Limits::default() };
    // 24000 paths x 81 steps: under the default path-step limit, over the time limit.
    let body = json!({"scenario": "musk-abundance", "paths": 24000}).to_string();
    let (status, answer) = post_with(limits, "/api/mc", body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert!(error(&answer).contains("longer than this server's limit of 0.001 s"), "{answer}");
}

#[tokio::test]
async fn a_body_that_never_finishes_arriving_is_cut_off() {
    let limits = Limits { timeout: Duration::from_millis(300), ..Limits::default() };
    let (addr, stop, server) = start(limits).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let request = "POST /api/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{";
    let line = http_status(&mut stream, request).await;
    assert!(line.starts_with("HTTP/1.1 503"), "{line}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn wrong_methods_are_405() {
    for uri in POSTS {
        for method in ["GET", "PUT", "DELETE"] {
            let (status, text) = call(Limits::default(), method, uri, None).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}: {text}");
        }
    }
    for uri in GETS {
        let (status, _) = call(Limits::default(), "POST", uri, Some("{}".into())).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "POST {uri}");
    }
    let (status, _) = call(Limits::default(), "GET", "/api/../etc/passwd", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Sends one raw HTTP/1.1 request on `stream` and reads the status line.
async fn http_status(stream: &mut tokio::net::TcpStream, request: &str) -> String {
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buf)).await.unwrap().unwrap();
    String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string()
}

#[tokio::test]
async fn graceful_shutdown_answers_requests_under_way_then_stops() {
    let (addr, stop_tx, server) = start(Limits::default()).await;
    // An idle keep-alive connection must not hold the shutdown up.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    let line = http_status(&mut idle, "GET /api/presets HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    // A request under way when the stop comes is still answered: its
    // headers and half its body are in, the rest comes after the stop.
    let body = json!({"scenario": "musk-abundance", "paths": 2000}).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let head = format!(
        "POST /api/mc HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{first}",
        body.len()
    );
    let mut busy = tokio::net::TcpStream::connect(addr).await.unwrap();
    busy.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop_tx.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!server.is_finished(), "the server stopped with a request under way");
    let line = http_status(&mut busy, rest).await;
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let stopped = tokio::time::timeout(Duration::from_secs(10), server).await;
    stopped.expect("server still running 10 s after the stop").unwrap().unwrap();
    // Nothing listens any more.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

/// Bodies built from valid and invalid field values, mixed by a fixed
/// pseudo-random sequence: whatever the mix, no endpoint answers 5xx.
#[tokio::test]
async fn mixed_bodies_never_get_a_5xx() {
    // Field, the endpoints that take it, valid values, invalid values.
    type Field = (&'static str, &'static [&'static str], Vec<Value>, Vec<Value>);
    let all: &[&str] = &POSTS;
    let fields: Vec<Field> = vec![
        (
            "scenario",
            all,
            vec![json!("musk-abundance"), json!("energy-bound")],
            vec![json!("nope"), json!(""), json!(7)],
        ),
        (
            "set",
            all,
            vec![json!(["run.years=3"]), json!(["energy.g_supply=0.2"])],
            vec![json!(["run.dt=1e-300"]), json!(["x"]), json!(["energy.g_supply=nan"])],
        ),
        (
            "columns",
            &["/api/run", "/api/mc"],
            vec![json!(["debt_gdp"]), json!(["all"]), json!(["year", "year"])],
            vec![json!([""])],
        ),
        ("verdicts", &["/api/run"], vec![json!(true)], vec![json!("yes")]),
        ("paths", &["/api/mc"], vec![json!(1), json!(50)], vec![json!(0), json!(u64::MAX), json!(-3)]),
        ("seed", &["/api/mc"], vec![json!(0), json!(u64::MAX)], vec![json!("1")]),
        ("draws", &["/api/mc"], vec![json!(false)], vec![json!(1)]),
        ("metric", &["/api/sensitivity"], vec![json!("unemployment")], vec![json!("nope")]),
        ("at", &["/api/sensitivity"], vec![json!(0), json!(2.5)], vec![json!(1e308), json!(-1e308)]),
        (
            "params",
            &["/api/sensitivity"],
            vec![json!(["run.years"]), json!(["technology.sectors.*.speed"])],
            vec![json!(["run.regime"])],
        ),
        ("pct", &["/api/sensitivity"], vec![json!(5), json!(100)], vec![json!(1e308), json!(-100)]),
        (
            "against",
            &["/api/attribute"],
            vec![json!("baseline"), json!(null), json!(""), json!("us-1929")],
            vec![json!("nope"), json!(3)],
        ),
        ("at", &["/api/attribute"], vec![json!([3]), json!([0, 2.5])], vec![json!([]), json!([1e308]), json!(3)]),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut served, mut refused) = (0, 0);
    for round in 0..80 {
        let uri = POSTS[round % POSTS.len()];
        let mut body = serde_json::Map::new();
        for (name, takes, good, bad) in &fields {
            // Mostly the endpoint's own fields, mostly valid; now and then neither.
            let own = takes.contains(&uri);
            if next(if own { 2 } else { 12 }) != 0 {
                continue;
            }
            let value = if next(6) == 0 { &bad[next(bad.len())] } else { &good[next(good.len())] };
            body.insert(name.to_string(), value.clone());
        }
        let (status, answer) = post(uri, Value::Object(body.clone())).await;
        assert!(!status.is_server_error(), "{uri} {}: {status} {answer}", Value::Object(body));
        if status.is_success() {
            served += 1;
        } else {
            refused += 1;
            assert!(!error(&answer).is_empty());
        }
    }
    // The mix reaches both the computations and the refusals.
    assert!(served >= 10 && refused >= 10, "{served} served, {refused} refused");
}

#[tokio::test]
async fn a_request_over_the_memory_bound_is_400_with_the_estimate() {
    let limits = Limits { request_memory: 8 << 20, ..Limits::default() };
    // 10 years at dt 1/8: 81 rows, well within 8 MiB.
    let (status, body) = post_with(limits, "/api/run", json!({"set": ["run.years=10"]}).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // 15,001 rows of every column: tens of MiB, refused before the run.
    let long = json!({"set": ["run.years=60", "run.dt=0.004"]}).to_string();
    let started = Instant::now();
    let (status, body) = post_with(limits, "/api/run", long.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let message = error(&body);
    assert!(message.contains("a run of 15001 steps x 53 columns would need about "), "{message}");
    assert!(message.contains("over this server's limit of 8.0 MiB per request"), "{message}");
    // A shorter run of fewer columns fits.
    let few = json!({"set": ["run.years=60", "run.dt=0.01"], "columns": ["debt_gdp"]}).to_string();
    let (status, body) = post_with(limits, "/api/run", few).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mc = json!({"set": ["run.years=60", "run.dt=0.004"], "paths": 100}).to_string();
    for (uri, body) in [("/api/claims", &long), ("/api/attribute", &long), ("/api/mc", &mc)] {
        let (status, body) = post_with(limits, uri, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(error(&body).contains("too much memory"), "{uri}: {body}");
    }
    let sensitivity = json!({"set": ["run.years=60", "run.dt=0.004"], "params": ["energy.g_supply"]}).to_string();
    let (status, body) = post_with(limits, "/api/sensitivity", sensitivity).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(error(&body).contains("too much memory"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_issue_16_monte_carlo_request_is_refused_with_its_size() {
    // 1,000,001 path-steps: within the work limit; its buffers are not
    // within the default 256 MiB per request, and nothing is allocated.
    let body = json!({"scenario": "baseline", "set": ["run.years=200", "run.dt=0.0002"], "paths": 1});
    let (status, answer) = post("/api/mc", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let message = error(&answer);
    assert!(message.contains("1 Monte Carlo paths of 1000001 steps x 10 columns would need about "), "{message}");
    assert!(message.contains("over this server's limit of 256.0 MiB per request"), "{message}");
    // A shorter one of the same shape is computed (without shocks: with the
    // historical table a 50-year path can leave the finite range, issue 17).
    let body = json!({"scenario": "baseline", "set": ["run.years=50", "run.dt=0.01"], "paths": 1, "shocks": false});
    let (status, answer) = post("/api/mc", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["years"].as_array().map(Vec::len), Some(5001));
}
