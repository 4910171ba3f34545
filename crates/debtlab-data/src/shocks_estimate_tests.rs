use debtlab_core::mc::engine::{path_stream, ShockStream};
use debtlab_core::uncertainty::{cholesky, historical};

use super::*;
use crate::history::{history, HistorySpec};
use crate::US_1940_2025;

/// A history whose four series are AR(1)s with the given means, AR
/// coefficients, innovation sds and innovation correlation, `years` long.
pub(crate) fn synthetic(years: usize, ar: [f64; 4], sd: [f64; 4], corr: [[f64; 4]; 4], seed: u64) -> History {
    let mut m = identity();
    for i in 0..4 {
        for j in 0..4 {
            m[i][j] = corr[i][j];
        }
    }
    let l = cholesky(&m).unwrap();
    let mean = [0.03, 0.03, 0.04, -0.01];
    let mut stream = ShockStream::after_draws(&mut path_stream(seed, 0));
    let mut x = mean;
    let mut rows = Vec::with_capacity(years);
    for t in 0..years {
        let z: Vec<f64> = (0..4).map(|_| stream.normal()).collect();
        for k in 0..4 {
            let u: f64 = (0..=k).map(|j| l[k][j] * z[j]).sum();
            x[k] = mean[k] + ar[k] * (x[k] - mean[k]) + sd[k] * u;
        }
        rows.push(HistoryRow {
            year: 1000 + t as i32,
            debt: 1.0,
            gdp: 1.0,
            debt_gdp: 1.0,
            nominal_growth: Some((1.0 + x[0]) * (1.0 + x[1]) - 1.0),
            real_growth: Some(x[0]),
            inflation: Some(x[1]),
            interest: Some(x[2]),
            effective_rate: Some(x[2]),
            balance: Some(x[3] - x[2]),
            primary_balance: Some(x[3]),
        });
    }
    History {
        dataset: "synthetic".into(),
        source: "simulated".into(),
        spec: HistorySpec::for_bundled(US_1940_2025).unwrap(),
        notes: vec![],
        rows,
        inputs: vec![],
    }
}

const CORR: [[f64; 4]; 4] = [[1.0, 0.3, 0.0, 0.4], [0.3, 1.0, 0.5, 0.0], [0.0, 0.5, 1.0, -0.2], [0.4, 0.0, -0.2, 1.0]];

#[test]
fn the_estimator_recovers_known_sizes_persistence_and_correlations() {
    let (ar, sd) = ([0.2, 0.7, 0.9, 0.6], [0.02, 0.015, 0.004, 0.01]);
    let h = synthetic(4001, ar, sd, CORR, 3);
    let est = estimate(&h, Some(1001), None).unwrap();
    assert_eq!(est.years, 4000);
    // Sampling error with n = 4000: an sd's relative standard error is
    // 1/sqrt(2n) = 1.1%, an AR coefficient's sqrt((1 - b^2)/n) <= 0.016, a
    // correlation's (1 - rho^2)/sqrt(n) <= 0.016. Tolerances: about 4 of those.
    for (k, fit) in est.fits.iter().enumerate() {
        assert!((fit.sd / sd[k] - 1.0).abs() < 0.045, "{}: sd {} vs {}", fit.name, fit.sd, sd[k]);
        assert!((fit.ar - ar[k]).abs() < 0.065, "{}: ar {} vs {}", fit.name, fit.ar, ar[k]);
        for (j, (&got, &want)) in est.correlation[k].iter().zip(&CORR[k]).enumerate() {
            assert!((got - want).abs() < 0.065, "corr {k},{j}: {got}");
        }
    }
    // The model's table puts each series in its slot.
    let spec = est.to_spec();
    assert_eq!(spec.sd[1], est.fits[0].sd);
    assert_eq!(spec.sd[4], est.fits[3].sd);
    assert_eq!(spec.persistence[1], None);
    assert_eq!(spec.persistence[4], Some(est.fits[3].ar));
    assert_eq!(spec.correlation[1][4], est.correlation[0][3]);
}

#[test]
fn a_short_history_and_a_degenerate_correlation_are_named_errors() {
    let h = synthetic(40, [0.1; 4], [0.01; 4], CORR, 1);
    let err = estimate(&h, Some(1010), Some(1023)).unwrap_err();
    assert!(matches!(err, EstimateError::TooShort { years: 14, .. }), "{err}");
    assert!(err.to_string().contains("at least 15"), "{err}");
    assert!(estimate(&h, Some(1010), Some(1024)).is_ok());
    // The effective rate equal to inflation: their correlation is 1.
    let mut same = h.clone();
    for r in &mut same.rows {
        r.effective_rate = r.inflation;
    }
    let err = estimate(&same, None, None).unwrap_err();
    assert!(matches!(err, EstimateError::NotPositiveDefinite { .. }), "{err}");
    assert!(err.to_string().contains("not positive definite"), "{err}");
    assert!(matches!(estimate(&h, Some(2000), None), Err(EstimateError::EmptyWindow { .. })));
}

#[test]
fn the_bundled_historical_table_is_the_estimate_from_the_bundled_data() {
    let est = estimate(&history(US_1940_2025).unwrap(), None, None).unwrap();
    assert_eq!((est.from, est.to), historical::SAMPLE);
    let spec = est.to_spec();
    for i in 0..SHOCK_COUNT {
        assert_eq!(round(spec.sd[i]), historical::SD[i], "sd {}", ShockSpec::NAMES[i]);
        assert_eq!(spec.persistence[i].map(round), historical::PERSISTENCE[i], "{}", ShockSpec::NAMES[i]);
        for j in 0..SHOCK_COUNT {
            assert_eq!(round(spec.correlation[i][j]), historical::CORRELATION[i][j], "corr {i},{j}");
        }
    }
    // The written table reads back as the same scenario table.
    assert!(est.to_toml().contains("eps_pb = "));
}
