//! The API through `router` without a socket: what each endpoint answers.
//! Limits, malformed bodies and shutdown are in `limits.rs`; the page itself
//! is tested in a browser (`crates/debtlab-web/browser/`).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{call, error, get, post, post_with};
use debtlab_web::{router, Limits};
use serde_json::{json, Value};
use tower::ServiceExt;

#[tokio::test]
async fn presets_and_params() {
    let (status, presets) = get("/api/presets").await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = presets.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"musk-abundance") && names.contains(&"baseline"), "{names:?}");
    let (status, params) = get("/api/params").await;
    assert_eq!(status, StatusCode::OK);
    let g = params.as_array().unwrap().iter().find(|p| p["name"] == "energy.g_supply").unwrap();
    assert_eq!(g["unit"], "1/yr");
    assert!(g["doc"].as_str().unwrap().contains("energy"));
}

#[tokio::test]
async fn run_preset_with_overrides_and_columns() {
    let body = json!({"scenario": "musk-abundance", "set": ["run.years=5"], "columns": ["year", "debt_gdp"]});
    let (status, run) = post("/api/run", body).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["columns"], json!(["year", "debt_gdp"]));
    // Five years at the default dt of 1/8: steps 0..=40.
    assert_eq!(run["rows"].as_array().unwrap().len(), 41);
    assert_eq!(run["rows"][0][0], 2026.0);
    assert_eq!(run["rows"][40][0], 2031.0);
    // Default: baseline, every column.
    let (status, run) = post("/api/run", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(run["scenario"], "baseline");
    assert!(run["columns"].as_array().unwrap().len() > 20);
}

/// Issue 15: the answer is read from the table layer's batch: `step` (an
/// integer column there) comes back as a number, and each unit is the one
/// `debtlab params --columns` gives.
#[tokio::test]
async fn run_reads_the_table_layer_with_its_units() {
    let body = json!({"scenario": "baseline", "columns": ["step", "debt_gdp", "price_level"]});
    let (status, run) = post("/api/run", body).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["columns"], json!(["step", "debt_gdp", "price_level"]));
    assert_eq!(run["rows"][3][0], 3.0);
    assert_eq!(run["rows"][0][2], 1.0);
    let unit = |name: &str| debtlab_core::Column::by_name(name).unwrap().spec().unit;
    assert_eq!(run["units"], json!(["", unit("debt_gdp"), unit("price_level")]));
}

#[tokio::test]
async fn run_with_verdicts_judges_the_same_run_as_claims() {
    let body = json!({"scenario": "musk-abundance", "set": ["energy.g_supply=0.01"], "columns": ["debt_gdp"]});
    let (_, plain) = post("/api/run", body.clone()).await;
    assert!(plain.get("verdicts").is_none(), "verdicts only on request: {plain}");
    let mut asked = body.clone();
    asked["verdicts"] = json!(true);
    let (status, run) = post("/api/run", asked).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let (_, claims) = post("/api/claims", body).await;
    assert_eq!(run["verdicts"], claims["verdicts"]);
    assert!(run["verdicts"].as_array().unwrap().len() >= 4);
}

#[tokio::test]
async fn toml_in_the_body_extends_a_preset() {
    let toml = "extends = \"baseline\"\n[energy]\ng_supply = 0.05\n";
    let (status, run) = post("/api/run", json!({"toml": toml, "columns": ["debt_gdp"]})).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let (status, shown) = post("/api/show", json!({"toml": toml})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown["toml"].as_str().unwrap().contains("g_supply = 0.05"), "{shown}");
}

#[tokio::test]
async fn show_lists_every_resolved_value() {
    let (status, shown) =
        post("/api/show", json!({"scenario": "musk-abundance", "set": ["energy.g_supply=0.07"]})).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    let values = shown["values"].as_object().unwrap();
    // The preset's own value, not the table's default (1.0).
    assert_eq!(values["technology.sectors.professional_services.speed"], 2.0);
    assert_eq!(values["energy.g_supply"], 0.07);
    assert_eq!(values["policy.rule"], "money");
    assert!(values.get("run.regime").is_none(), "no v1 name among the values");
    let (_, params) = get("/api/params").await;
    assert_eq!(values.len(), params.as_array().unwrap().len(), "one value per parameter of /api/params");
    // A schedule comes as [[year, value], ...].
    let toml = "extends = \"baseline\"\n[money]\ngrowth = [[2026, 0.05], [2030, 0.0]]\n";
    let (status, shown) = post("/api/show", json!({"toml": toml})).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["values"]["money.growth"], json!([[2026.0, 0.05], [2030.0, 0.0]]));
}

#[tokio::test]
async fn claims_verdicts() {
    let (status, claims) = post("/api/claims", json!({"scenario": "musk-abundance"})).await;
    assert_eq!(status, StatusCode::OK, "{claims}");
    let verdicts = claims["verdicts"].as_array().unwrap();
    let halved = verdicts.iter().find(|v| v["name"] == "burden_halved").unwrap();
    assert!(halved["holds"].is_boolean() && halved["year"].as_f64().unwrap() > 2028.0);
}

#[tokio::test]
async fn monte_carlo_answers_percentiles_and_probabilities() {
    let body = json!({"scenario": "musk-abundance", "paths": 64, "seed": 3, "columns": ["debt_gdp"]});
    let (status, mc) = post("/api/mc", body).await;
    assert_eq!(status, StatusCode::OK, "{mc}");
    assert_eq!(mc["paths"], 64);
    assert_eq!(mc["seed"], 3);
    assert_eq!(mc["columns"][0]["name"], "debt_gdp");
    let steps = mc["years"].as_array().unwrap().len();
    assert_eq!(mc["columns"][0]["p95"].as_array().unwrap().len(), steps);
    let p = mc["claims"][0]["probability"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
}

#[tokio::test]
async fn monte_carlo_answers_the_percentiles_asked_for() {
    let body = json!({"scenario": "baseline", "paths": 64, "columns": ["debt_gdp"], "percentiles": [10, 50, 90, 97.5]});
    let (status, mc) = post("/api/mc", body).await;
    assert_eq!(status, StatusCode::OK, "{mc}");
    assert_eq!(mc["percentiles"], json!([10.0, 50.0, 90.0, 97.5]));
    let column = &mc["columns"][0];
    for key in ["p10", "p50", "p90", "p97.5"] {
        assert_eq!(column[key].as_array().unwrap().len(), mc["years"].as_array().unwrap().len(), "{key}");
    }
    assert!(column.get("p5").is_none() && column.get("p95").is_none(), "{column}");
    let (status, answer) = post("/api/mc", json!({"scenario": "baseline", "paths": 8, "percentiles": [90, 10]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&answer).contains("entry 2 (10) does not exceed entry 1 (90)"), "{answer}");
}

#[tokio::test]
async fn sensitivity_bars() {
    let (status, t) = post("/api/sensitivity", json!({"scenario": "musk-abundance", "at": 3})).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["metric"], "debt_gdp");
    assert!(!t["bars"].as_array().unwrap().is_empty());
    let (status, t) = post("/api/sensitivity", json!({"metric": "debt_gpd"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&t).contains("debt_gdp"), "{t}");
}

/// `values` of every entry of `list` at year index `k`.
fn column(list: &Value, k: usize) -> Vec<f64> {
    list.as_array().unwrap().iter().map(|p| p["values"][k].as_f64().unwrap()).collect()
}

#[tokio::test]
async fn attribute_against_the_baseline_adds_up_to_the_difference() {
    let (status, a) = post("/api/attribute", json!({"scenario": "debt-deflation"})).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["scenario"], "debt-deflation");
    assert_eq!(a["against"], "baseline", "baseline by default");
    assert_eq!(a["years"], json!([3.0, 10.0]));
    assert_eq!(a["steps"], json!([24, 80]));
    let names: Vec<&str> = a["parts"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names.first(), Some(&"start"));
    assert!(names.contains(&"inflation") && names.contains(&"revenue") && names.last() == Some(&"rounding"));
    assert!(a["parts"][1]["meaning"].as_str().unwrap().contains("interest"));
    for k in 0..2 {
        let sum: f64 = column(&a["parts"], k).iter().sum();
        let difference = a["debt_gdp"][k].as_f64().unwrap() - a["against_debt_gdp"][k].as_f64().unwrap();
        assert!((sum - difference).abs() < 1e-10, "year {k}: parts {sum}, difference {difference}");
        // Ratios, not points: debt/GDP is about 1.
        assert!((0.5..2.0).contains(&a["debt_gdp"][k].as_f64().unwrap()), "{a}");
    }
    let effects = a["effects"].as_array().unwrap();
    assert_eq!(effects.len(), 11);
    let shock = effects.iter().find(|e| e["name"] == "ai_cost_shock").unwrap();
    assert_eq!(shock["off"], "prices.pass_through = 0");
    assert!(shock["what"].as_str().unwrap().contains("inflation"));
    // In debt-deflation the AI cost shock raises debt/GDP: switched off, the ratio is lower.
    assert!(shock["values"][0].as_f64().unwrap() < -0.1, "{shock}");
}

#[tokio::test]
async fn attribute_against_nothing_adds_up_to_debt_to_gdp() {
    for against in [json!(null), json!("")] {
        let body = json!({"scenario": "baseline", "against": against, "at": [1, 2.5, 7]});
        let (status, a) = post("/api/attribute", body).await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["against"], Value::Null);
        assert_eq!(a["against_debt_gdp"], Value::Null);
        assert_eq!(a["years"], json!([1.0, 2.5, 7.0]));
        for k in 0..3 {
            let sum: f64 = column(&a["parts"], k).iter().sum();
            let d = a["debt_gdp"][k].as_f64().unwrap();
            assert!((sum - d).abs() < 1e-10, "year {k}: parts {sum}, debt/GDP {d}");
        }
    }
}

#[tokio::test]
async fn attribute_applies_the_overrides_to_both_and_reads_toml() {
    // The same tax on both sides: no revenue difference left at the start...
    let set = json!(["fiscal.tax_labor=0.3"]);
    let (status, a) = post("/api/attribute", json!({"scenario": "baseline", "set": set})).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert!(column(&a["parts"], 1).iter().all(|v| v.abs() < 1e-12), "baseline against itself: {a}");
    // ... and TOML in the body, against another preset.
    let toml = "extends = \"baseline\"\n[fiscal]\ntax_labor = 0.3\n";
    let (status, a) = post("/api/attribute", json!({"toml": toml, "against": "baseline", "at": [3]})).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    let revenue = a["parts"].as_array().unwrap().iter().find(|p| p["name"] == "revenue").unwrap();
    assert!(revenue["values"][0].as_f64().unwrap() < -0.01, "more tax lowers debt/GDP: {revenue}");
}

#[tokio::test]
async fn attribute_refuses_bad_input_with_4xx() {
    let cases = [
        (json!({"scenario": "musk-abundence"}), "did you mean `musk-abundance`"),
        (json!({"against": "basline"}), "did you mean `baseline`"),
        (json!({"at": [3, 11]}), "year 11 is outside the run, which has 10 years"),
        (json!({"at": [-1]}), "outside the run"),
        (json!({"set": ["run.years=5"]}), "year 10 is outside the run"),
        (json!({"at": []}), "at: give between 1 and 100"),
        (json!({"at": 3}), "bad request body"),
        (json!({"at": ["three"]}), "bad request body"),
        (json!({"against": 1}), "bad request body"),
        (json!({"agianst": "baseline"}), "agianst"),
    ];
    for (body, needle) in cases {
        let (status, answer) = post("/api/attribute", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(error(&answer).contains(needle), "{body}: {answer}");
    }
    let (_, answer) = post("/api/attribute", json!({"against": "basline"})).await;
    assert!(error(&answer).starts_with("against: "), "{answer}");
    // A scenario shorter than `against` is fine, read within its own horizon.
    let toml = "extends = \"baseline\"\n[run]\nyears = 5.0\n";
    let (status, answer) = post("/api/attribute", json!({"toml": toml, "at": [3]})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = post("/api/attribute", json!({"toml": toml})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(error(&answer).contains("year 10 is outside the run, which has 5 years"), "{answer}");
}

#[tokio::test]
async fn openapi_lists_every_path() {
    let (status, doc) = get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for path in ["presets", "params", "run", "claims", "show", "mc", "sensitivity", "attribute", "openapi.json"] {
        assert!(paths.contains_key(&format!("/api/{path}")), "{path} missing");
    }
}

#[tokio::test]
async fn page_and_assets_are_served() {
    let assets = [
        ("/", "<html"),
        ("/app.js", "\"api/\""),
        ("/app.css", "grid-template-columns"),
        ("/attribution.js", "function drawAttributions"),
        ("/vendor/uPlot.iife.min.js", "uPlot"),
        ("/vendor/uPlot.min.css", ".uplot"),
    ];
    for (uri, needle) in assets {
        let (status, text) = call(Limits::default(), "GET", uri, None).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(text.contains(needle), "{uri}");
    }
    let (status, body) = get("/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error(&body).contains("openapi"));
    let (status, body) = get("/api/mc").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(error(&body).contains("POST"));
}

#[tokio::test]
async fn malformed_json_and_unknown_fields_are_400() {
    let (status, body) = post_with(Limits::default(), "/api/run", "{\"scenario\": ".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("bad request body"), "{body}");
    let (status, body) = post("/api/mc", json!({"pathz": 10})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("pathz"), "{body}");
    let (status, body) = post("/api/run", json!({"scenario": "baseline", "toml": "x = 1"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("not both"), "{body}");
}

#[tokio::test]
async fn unknown_preset_has_a_hint() {
    let (status, body) = post("/api/run", json!({"scenario": "musk-abundence"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("did you mean `musk-abundance`"), "{body}");
}

#[tokio::test]
async fn bad_toml_names_line_and_column() {
    let toml = "extends = \"baseline\"\n[energy]\ng_suply = 0.05\n";
    let (status, body) = post("/api/run", json!({"toml": toml})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = error(&body);
    assert!(message.starts_with("request.toml:3:"), "{message}");
    assert!(message.contains("g_supply"), "{message}");
    let (status, body) = post("/api/run", json!({"toml": "[energy\n"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).starts_with("request.toml:1:"), "{body}");
    let (status, body) = post("/api/run", json!({"set": ["run.years=500"]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("run.years"), "{body}");
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let limits = Limits { body_bytes: 1024, ..Limits::default() };
    let body = json!({"toml": "#".repeat(2000)}).to_string();
    let (status, body) = post_with(limits, "/api/run", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error(&body).contains("too large"));
}

#[tokio::test]
async fn too_many_path_steps_is_400() {
    let limits = Limits { path_steps: 10_000, ..Limits::default() };
    let body = json!({"paths": 1000}).to_string();
    let (status, body) = post_with(limits, "/api/mc", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).contains("1000 paths x 81 steps = 81000 path-steps"), "{body}");
    let (status, body) = post("/api/mc", json!({"paths": 0})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn requests_over_the_in_flight_limit_are_503() {
    let limits = Limits { in_flight: 0, ..Limits::default() };
    let (status, body) = post_with(limits, "/api/run", "{}".into()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(error(&body).contains("busy"));
    // Cheap reads do not take a slot.
    let (status, _) = call(limits, "GET", "/api/presets", None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_held_slot_makes_the_next_request_503() {
    let app = router(Limits { in_flight: 1, ..Limits::default() });
    let request = |uri: &str, body: Value| {
        Request::post(uri).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap()
    };
    // `join!` polls the long request first: it takes the only slot before
    // the second is looked at.
    let (long, short) = tokio::join!(
        app.clone().oneshot(request("/api/mc", json!({"scenario": "musk-abundance", "paths": 4000}))),
        app.clone().oneshot(request("/api/run", json!({}))),
    );
    assert_eq!(long.unwrap().status(), StatusCode::OK);
    assert_eq!(short.unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);
    // The slot is back.
    let again = app.oneshot(request("/api/run", json!({}))).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
}

/// Issue 14: the API takes the expectations mode as a parameter like any
/// other and says which mode a run used and how long its solve took.
#[tokio::test]
async fn rational_expectations_are_a_parameter_and_the_answer_says_so() {
    let set = json!(["prices.expectations=rational", "run.years=5"]);
    let (status, run) = post("/api/run", json!({"scenario": "critics-fair", "set": set, "columns": ["r_star"]})).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["expectations"], "rational");
    assert!(run["rational_iterations"].as_u64().unwrap() >= 1, "{run}");
    let (_, adaptive) = post("/api/run", json!({"scenario": "critics-fair", "set": ["run.years=5"]})).await;
    assert_eq!(adaptive["expectations"], "adaptive");
    assert!(adaptive.get("rational_iterations").is_none());
    let body = json!({"scenario": "critics-fair", "set": set, "paths": 16, "seed": 1, "columns": ["debt_gdp"]});
    let (status, mc) = post("/api/mc", body).await;
    assert_eq!(status, StatusCode::OK, "{mc}");
    assert_eq!(mc["expectations"]["mode"], "rational");
    let (mean, max) = (
        mc["expectations"]["mean_iterations"].as_f64().unwrap(),
        mc["expectations"]["max_iterations"].as_f64().unwrap(),
    );
    assert!(mean >= 1.0 && max >= mean, "{mc}");
}
