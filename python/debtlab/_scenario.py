"""Turning what a user passes as a scenario into a loaded ``Scenario``."""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Mapping
from typing import Any

from . import _native
from ._native import Scenario, ScenarioError

ScenarioLike = "str | os.PathLike[str] | Mapping[str, Any] | Scenario"


def _flatten(prefix: str, value: Any, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise _error("dict", f"{prefix}{key!r}", "keys must be strings")
            _flatten(f"{prefix}{key}.", inner, out)
    else:
        out.append((prefix[:-1], value))


def _error(file: str, field: str | None, rule: str) -> ScenarioError:
    where = f"`{field}`: " if field else ""
    e = ScenarioError(f"{file}: {where}{rule}")
    e.file, e.line, e.column, e.field, e.rule, e.suggestion = file, None, None, field, rule, None
    return e


def toml_value(field: str, value: Any, file: str = "dict") -> str:
    """A Python value as a TOML value, or a ScenarioError naming the field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string (same escapes).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(field, v, file) for v in value) + "]"
    raise _error(file, field, f"a value must be a number, bool, string or list, not {type(value).__name__}")


def overrides(values: Mapping[str, Any], file: str) -> list[str]:
    """``{"a.b": 1, "c": {"d": 2}}`` as ``["a.b=1", "c.d=2"]``."""
    flat: list[tuple[str, Any]] = []
    _flatten("", values, flat)
    return [f"{name}={toml_value(name, v, file)}" for name, v in flat]


def load(scenario: Any, set: Mapping[str, Any] | None = None) -> Scenario:
    """Loads a preset name, a path, TOML text, a dict of overrides on a preset
    (key ``extends``, default ``baseline``) or a ``Scenario``, with ``set``
    overrides on top. Overrides that change nothing in the run warn, with the reason."""
    sets = overrides(set or {}, "set")
    sets_name = "set"
    text = None
    reference = None
    if isinstance(scenario, Scenario):
        if not sets:
            return scenario
        text, reference = scenario.to_toml(), scenario.name
    elif isinstance(scenario, Mapping):
        body = dict(scenario)
        extends = body.pop("extends", "baseline")
        if not isinstance(extends, str):
            raise _error("dict", "extends", "must be a preset name or a path")
        reference = extends
        sets = overrides(body, "dict") + sets
        sets_name = "dict"
    elif isinstance(scenario, os.PathLike):
        reference = os.fspath(scenario)
    elif isinstance(scenario, str):
        if "\n" in scenario or "=" in scenario:
            text, reference = scenario, "<string>"
        else:
            reference = scenario
    else:
        raise TypeError(
            f"scenario must be a preset name, a path, TOML text, a dict or a Scenario, not {type(scenario).__name__}"
        )
    loaded, inert = _native.load(
        reference, text=text, text_name=reference or "<string>", sets=sets, sets_name=sets_name
    )
    for item, reason in inert:
        warnings.warn(f"{sets_name} {item} has no effect on {loaded.name}: {reason}", stacklevel=3)
    return loaded
