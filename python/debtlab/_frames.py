"""Arrow record batches from the Rust side, as pandas, polars or pyarrow."""

from __future__ import annotations

from typing import Any, Literal

import pyarrow as pa

Output = Literal["pandas", "polars", "arrow"]


def arrow(batch: Any) -> pa.RecordBatch:
    """The native batch as a pyarrow RecordBatch, through the Arrow PyCapsule interface (no copy)."""
    return pa.record_batch(batch)


def units(table: pa.RecordBatch) -> dict[str, str]:
    return {
        f.name: f.metadata[b"unit"].decode()
        for f in table.schema
        if f.metadata and b"unit" in f.metadata
    }


def meta(table: pa.RecordBatch) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}


def frame(batch: Any, output: Output = "pandas", index: str | list[str] | None = None) -> Any:
    """A table in the form asked for. pandas frames are indexed by ``index``
    and carry ``attrs["units"]`` and the table's metadata; polars and
    pyarrow keep every column (units in the schema's field metadata)."""
    table = arrow(batch)
    if output == "arrow":
        return table
    if output == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if output != "pandas":
        raise ValueError(f"output must be 'pandas', 'polars' or 'arrow', not {output!r}")
    df = table.to_pandas()
    if index is not None:
        df = df.set_index(index)
    df.attrs["units"] = units(table)
    df.attrs.update(meta(table))
    return df
