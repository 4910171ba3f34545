"""Bad input: named errors with their attributes, never a crash."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import debtlab


def test_misspelt_key_in_a_dict_names_the_field_and_the_nearest():
    with pytest.raises(debtlab.ScenarioError) as e:
        debtlab.load({"extends": "baseline", "fiscal.tax_labr": 0.2})
    err = e.value
    assert err.file.startswith("dict") and err.field == "fiscal.tax_labr"
    assert err.suggestion == "fiscal.tax_labor", str(err)
    assert "fiscal.tax_labor" in str(err)


def test_wrong_type_in_set_names_the_field_and_the_rule():
    with pytest.raises(debtlab.ScenarioError) as e:
        debtlab.run("baseline", set={"fiscal.tax_labor": "high"})
    assert e.value.file.startswith("set") and e.value.field == "fiscal.tax_labor" and e.value.rule


def test_a_value_python_cannot_write_as_toml_is_named():
    with pytest.raises(debtlab.ScenarioError) as e:
        debtlab.load({"fiscal": {"tax_labor": object()}})
    assert e.value.field == "fiscal.tax_labor" and "number, bool, string or list" in e.value.rule


def test_toml_text_errors_carry_line_and_column():
    text = 'extends = "baseline"\n[fiscal]\ntax_labor = 0.2\nbogus_key = 2\n'
    with pytest.raises(debtlab.ScenarioError) as e:
        debtlab.load(text)
    assert e.value.file == "<string>" and e.value.line == 4 and e.value.column is not None


def test_unknown_preset_names_the_nearest():
    with pytest.raises(debtlab.ScenarioError, match="did you mean"):
        debtlab.load("baselin")


def test_bad_arguments_are_python_errors():
    with pytest.raises(ValueError, match="columns"):
        debtlab.run("baseline", columns=["debt_gpd"])
    with pytest.raises(ValueError, match="paths"):
        debtlab.mc("baseline", paths=0)
    with pytest.raises(ValueError, match="percentiles"):
        debtlab.mc("baseline", paths=10, percentiles="median")
    with pytest.raises(ValueError, match="percentile_method='exact'"):
        debtlab.mc("baseline", paths=10, percentiles="exact")
    with pytest.raises(ValueError, match=r"entry 2 \(10\) does not exceed entry 1 \(90\)"):
        debtlab.mc("baseline", paths=10, percentiles=[90, 10])
    with pytest.raises(ValueError, match="percentile_method"):
        debtlab.mc("baseline", paths=10, percentile_method="median")
    with pytest.raises(ValueError, match="every"):
        debtlab.run("baseline", every=0)
    with pytest.raises(TypeError):
        debtlab.run(42)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz._", min_size=1, max_size=30)
values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(names, values, max_size=4))
def test_any_dict_scenario_loads_or_raises_a_scenario_error(d):
    """Whatever the keys and values, the answer is a scenario or a ScenarioError
    with a file and a rule: never another exception, never a crash."""
    try:
        s = debtlab.load(d)
    except debtlab.ScenarioError as e:
        assert e.file in ("dict", "preset:baseline") or e.file, e
        assert e.rule, e
    else:
        assert s.name == "baseline"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_toml_text_loads_or_raises_a_scenario_error(text):
    try:
        debtlab.load(text + "\n")
    except debtlab.ScenarioError as e:
        assert e.rule
