"""Every API function, its frames and metadata, pickling and the zero-copy hand-off."""

import pickle

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import debtlab


def test_run_is_indexed_by_year_with_one_column_per_variable():
    df = debtlab.run("baseline", columns=["debt_gdp", "price_level"])
    assert df.index.name == "year"
    assert list(df.columns) == ["step", "debt_gdp", "price_level"]
    assert df.index[0] == 2026.0 and len(df) == 81  # ten years at dt = 1/8
    assert df["price_level"].iloc[0] == 1.0
    assert df.attrs["units"]["debt_gdp"] and df.attrs["scenario"] == "baseline"


def test_run_every_and_all_columns():
    full = debtlab.run("baseline")
    yearly = debtlab.run("baseline", every=8)
    assert len(yearly) == 11 and len(full.columns) > 30
    np.testing.assert_array_equal(yearly["debt_gdp"].to_numpy(), full["debt_gdp"].to_numpy()[::8])


def test_set_changes_the_run_and_dict_scenarios_match_set():
    base = debtlab.run("musk-abundance", columns=["debt_gdp"])
    by_set = debtlab.run("musk-abundance", set={"policy.rule": "taylor"}, columns=["debt_gdp"])
    by_dict = debtlab.run({"extends": "musk-abundance", "policy": {"rule": "taylor"}}, columns=["debt_gdp"])
    assert not base.equals(by_set)
    pd.testing.assert_frame_equal(by_set, by_dict, check_like=True)


def test_toml_text_and_a_path(tmp_path):
    text = 'extends = "baseline"\n[fiscal]\ntax_labor = 0.2\n'
    f = tmp_path / "s.toml"
    f.write_text(text)
    a = debtlab.run(text, columns=["debt_gdp"])
    b = debtlab.run(f, columns=["debt_gdp"])
    c = debtlab.run(str(f), columns=["debt_gdp"])
    np.testing.assert_array_equal(a["debt_gdp"], b["debt_gdp"])
    np.testing.assert_array_equal(b["debt_gdp"], c["debt_gdp"])


def test_claims_and_compare():
    c = debtlab.claims(["musk-abundance", "baseline"])
    assert set(c["scenario"]) == {"musk-abundance", "baseline"}
    assert c["holds"].dtype == bool and {"claim", "test", "year", "value", "threshold"} <= set(c.columns)
    cmp = debtlab.compare(["baseline", "debt-deflation"], columns=["debt_gdp"], at=[0, 3])
    assert cmp.index.names == ["scenario", "year"] and len(cmp) == 4
    run = debtlab.run("debt-deflation", columns=["debt_gdp"])
    assert cmp.loc[("debt-deflation", 2029.0), "debt_gdp"] == run.loc[2029.0, "debt_gdp"]
    with pytest.raises(ValueError, match="outside the run"):
        debtlab.compare(["baseline"], columns=["debt_gdp"], at=[99])


def test_catalogs():
    presets = debtlab.presets()
    assert "baseline" in presets.index and "musk-abundance" in presets.index
    params = debtlab.params()
    assert {"default", "unit", "range", "doc"} <= set(params.columns) and "policy.rule" in params.index
    cols = debtlab.columns()
    assert "debt_gdp" in cols.index and cols.loc["debt_gdp", "unit"]


def test_mc_long_wide_and_thread_count_independence():
    a = debtlab.mc("critics-fair", paths=2000, seed=3, columns=["debt_gdp"], threads=1)
    b = debtlab.mc("critics-fair", paths=2000, seed=3, columns=["debt_gdp"], threads=2, shape="wide")
    assert a.tables[0].equals(b.tables[0]) and a.tables[2].equals(b.tables[2])
    assert a.percentiles.index.names == ["variable", "year"]
    assert "debt_gdp_p50" in b.percentiles.columns
    p = a.claims["probability"]
    assert ((p >= 0) & (p <= 1)).all() and (a.claims["paths"] == 2000).all()
    lo, hi = a.percentiles["p5"], a.percentiles["p95"]
    assert (lo <= hi).all()
    c = debtlab.mc("critics-fair", paths=2000, seed=4, columns=["debt_gdp"])
    assert not a.tables[0].equals(c.tables[0])


def test_mc_reports_the_percentiles_asked_for():
    imf = debtlab.mc("baseline", paths=500, seed=2, columns=["debt_gdp"], percentiles=[10, 25, 50, 75, 90])
    assert [c for c in imf.percentiles.columns if c.startswith("p")] == ["p10", "p25", "p50", "p75", "p90"]
    assert imf.info["percentiles"] == "10,25,50,75,90"
    default = debtlab.mc("baseline", paths=500, seed=2, columns=["debt_gdp"])
    # The same paths: the median is the default run's, and the 10-90 band lies inside the 5-95 one.
    assert (imf.percentiles["p50"] == default.percentiles["p50"]).all()
    assert (imf.percentiles["p10"] >= default.percentiles["p5"]).all()
    assert (imf.percentiles["p90"] <= default.percentiles["p95"]).all()
    wide = debtlab.mc("baseline", paths=50, columns=["debt_gdp"], percentiles=(2.5, 97.5), shape="wide")
    assert {"debt_gdp_p2.5", "debt_gdp_p97.5"} <= set(wide.percentiles.columns)


def test_polars_and_arrow_outputs_share_the_buffers():
    table = debtlab.run("baseline", columns=["debt_gdp"], output="arrow")
    assert isinstance(table, pa.RecordBatch)
    assert table.schema.field("debt_gdp").metadata[b"unit"]
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame) and df.height == 81
    arrow_address = table.column("debt_gdp").buffers()[1].address
    polars_address = df["debt_gdp"].to_arrow().buffers()[1].address
    assert arrow_address == polars_address
    direct = debtlab.run("baseline", columns=["debt_gdp"], output="polars")
    assert direct.equals(df)


def test_scenarios_and_results_pickle():
    s = debtlab.load("musk-abundance", set={"fiscal.tax_labor": 0.2})
    s2 = pickle.loads(pickle.dumps(s))
    assert s2.name == s.name and s2.to_toml() == s.to_toml()
    np.testing.assert_array_equal(debtlab.run(s)["debt_gdp"], debtlab.run(s2)["debt_gdp"])
    r = debtlab.mc(s, paths=500, seed=1, columns=["debt_gdp"])
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.tables[0].equals(r.tables[0])
    pd.testing.assert_frame_equal(r2.claims, r.claims)


def test_an_override_that_changes_nothing_warns_with_the_reason():
    with pytest.warns(UserWarning, match="money.growth"):
        debtlab.run("baseline", set={"money.growth": 0.09}, columns=["debt_gdp"])


def test_sensitivity_ranks_by_swing():
    t = debtlab.sensitivity("critics-fair", at=3)
    swings = t["swing"].dropna().abs().to_numpy()
    assert len(swings) >= 3 and (np.diff(swings) <= 1e-15).all()
    assert t.attrs["metric"] == "debt_gdp"
    one = debtlab.sensitivity("baseline", params="fiscal.tax_labor", pct=10)
    assert list(one.index) == ["fiscal.tax_labor"] and one["swing"].iloc[0] < 0


@pytest.mark.filterwarnings("ignore:first-order indices are noisier")
def test_sobol_indices_and_intervals():
    t = debtlab.sobol("critics-fair", samples=512, bootstrap=50)
    # The parameters are the scenario's [uncertain] ones, as the tornado's default.
    assert len(t) > 0 and set(t.index) == set(debtlab.sensitivity("critics-fair").index)
    assert (t["total_low"] <= t["total_high"]).all() and (t["first_low"] <= t["first_high"]).all()
    assert t.attrs["n"] == "512"


def test_solve_finds_where_the_claim_just_holds():
    t = debtlab.solve("baseline", vary="fiscal.tax_labor", target="debt_gdp < start by 3")
    crossing = t[t["outcome"] == "crossing"]
    assert len(crossing) == 1
    x = float(crossing["value"].iloc[0])
    run = lambda v: debtlab.run("baseline", set={"fiscal.tax_labor": v}, columns=["debt_gdp"])["debt_gdp"]
    above, below = run(x + 1e-3), run(x - 1e-3)
    start = above.iloc[0]
    assert (above.loc[2029.0] < start) != (below.loc[2029.0] < start)
    with pytest.raises(ValueError, match="target"):
        debtlab.solve("baseline", vary="fiscal.tax_labor", target="debt_gdp <<< 1")


def test_attribute_parts_add_up_and_mechanisms_are_named():
    a = debtlab.attribute("musk-abundance", against="baseline", at=[3, 10])
    parts = a.parts.drop(columns=["years", "debt_gdp", "against_debt_gdp"])
    diff = a.parts["debt_gdp"] - a.parts["against_debt_gdp"]
    np.testing.assert_allclose(parts.sum(axis=1), diff, rtol=0, atol=1e-12)
    assert {"cola_law", "maturity"} <= set(a.effects.index)
    assert list(a.parts.index) == [2029.0, 2036.0]


def test_replay_of_a_bundled_dataset_and_of_the_same_data_as_a_dataframe():
    r = debtlab.replay("us-postwar")
    parts = ["interest", "inflation", "real_growth", "primary_deficit", "residual"]
    np.testing.assert_allclose(r[parts].sum(axis=1), r["change"], atol=1e-9)
    assert r.index[0] == 1947 and r.attrs["split"] == "full"
    years = pd.DataFrame({"year": [2000, 2001, 2002], "debt": [100.0, 110.0, 125.0], "gdp": [1000.0, 1040.0, 1100.0],
                          "surplus": [-20.0, -10.0, -15.0]})
    nominal = debtlab.replay(years)
    assert nominal.attrs["split"] == "nominal" and list(nominal.index) == [2001, 2002]
    assert nominal.loc[2001, "debt_gdp"] == pytest.approx(100 * 110 / 1040)
    with pytest.raises(ValueError, match="us-1940-2025"):
        debtlab.replay("us-1940-2022")


def test_rational_expectations_are_a_parameter_and_the_results_say_so():
    rational = debtlab.run("critics-fair", set={"prices.expectations": "rational"}, columns=["r_star"])
    adaptive = debtlab.run("critics-fair", columns=["r_star"])
    assert rational.attrs["expectations"] == "rational" and int(rational.attrs["rational_iterations"]) >= 1
    assert adaptive.attrs["expectations"] == "adaptive" and "rational_iterations" not in adaptive.attrs
    # Year 1: the foreseen wave has already raised the natural rate.
    assert rational["r_star"].iloc[8] > adaptive["r_star"].iloc[8] + 0.01
    mc = debtlab.mc("abundance-steelman", paths=64, seed=1, columns=["debt_gdp"])
    assert mc.info["expectations"] == "rational"
    assert 1 <= float(mc.info["rational_mean_iterations"]) <= int(mc.info["rational_max_iterations"])
