//! Batches as CSV, JSON and Parquet: the one writer of every machine format.
//!
//! CSV and JSON write numbers in their shortest form that reads back to the
//! same bits (`1e300`, not 301 digits); a null is an empty CSV cell and JSON
//! `null`. JSON is an array of row objects keyed by column name. Parquet keeps
//! the schema, the field metadata (units, docs) and the batch's metadata.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use debtlab_core::params::spec::format_number;

use crate::build::TableError;

/// One cell as a JSON value.
fn json_cell(column: &dyn Array, row: usize) -> serde_json::Value {
    if column.is_null(row) {
        return serde_json::Value::Null;
    }
    match column.data_type() {
        DataType::Float64 => serde_json::Value::from(column.as_primitive::<Float64Type>().value(row)),
        DataType::Int64 => serde_json::Value::from(column.as_primitive::<Int64Type>().value(row)),
        DataType::UInt64 => serde_json::Value::from(column.as_primitive::<UInt64Type>().value(row)),
        DataType::Boolean => serde_json::Value::from(column.as_boolean().value(row)),
        DataType::Utf8 => serde_json::Value::from(column.as_string::<i32>().value(row)),
        other => serde_json::Value::from(format!("<{other}>")),
    }
}

/// One cell as CSV text.
fn text_cell(column: &dyn Array, row: usize) -> String {
    if column.is_null(row) {
        return String::new();
    }
    match column.data_type() {
        DataType::Float64 => format_number(column.as_primitive::<Float64Type>().value(row)),
        DataType::Int64 => column.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::UInt64 => column.as_primitive::<UInt64Type>().value(row).to_string(),
        DataType::Boolean => column.as_boolean().value(row).to_string(),
        DataType::Utf8 => column.as_string::<i32>().value(row).to_string(),
        other => format!("<{other}>"),
    }
}

pub fn csv(batch: &RecordBatch) -> Result<String, TableError> {
    let fail = |e: csv::Error| TableError(format!("cannot format CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(batch.schema().fields().iter().map(|f| f.name())).map_err(fail)?;
    let mut record = Vec::with_capacity(batch.num_columns());
    for row in 0..batch.num_rows() {
        record.clear();
        record.extend(batch.columns().iter().map(|c| text_cell(c.as_ref(), row)));
        writer.write_record(&record).map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| TableError(format!("cannot format CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| TableError(format!("cannot format CSV: {e}")))
}

pub fn json(batch: &RecordBatch) -> String {
    let schema = batch.schema();
    let rows: Vec<serde_json::Value> = (0..batch.num_rows())
        .map(|row| {
            let object = schema
                .fields()
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| (f.name().clone(), json_cell(c.as_ref(), row)))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
}

/// The batch as a Parquet file (Snappy-compressed), in memory.
pub fn parquet(batch: &RecordBatch) -> Result<Vec<u8>, TableError> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    let fail = |e: parquet::errors::ParquetError| TableError(format!("cannot write Parquet: {e}"));
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).map_err(fail)?;
    writer.write(batch).map_err(fail)?;
    writer.close().map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Columns;

    fn sample() -> RecordBatch {
        let mut c = Columns::new("sample");
        c.i64("step", "", "", vec![0, 1]);
        c.f64("x", "ratio", "a ratio", vec![1e300, 0.125]);
        c.f64_opt("y", "", "", vec![None, Some(-0.0)]);
        c.text("name", "", &["a,b", "c\"d"]);
        c.bool("holds", "", vec![true, false]);
        c.finish().expect("a batch")
    }

    #[test]
    fn csv_is_short_exact_and_quoted() {
        let text = csv(&sample()).expect("csv");
        assert_eq!(text, "step,x,y,name,holds\n0,1e300,,\"a,b\",true\n1,0.125,-0.0,\"c\"\"d\",false\n");
    }

    #[test]
    fn json_keeps_types_and_nulls() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).expect("json");
        assert_eq!(v[0]["x"], serde_json::json!(1e300));
        assert_eq!(v[0]["y"], serde_json::Value::Null);
        assert_eq!(v[1]["holds"], serde_json::json!(false));
        assert_eq!(v[1]["step"], serde_json::json!(1));
    }

    #[test]
    fn parquet_reads_back_the_same_batch_with_its_units() {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let batch = sample();
        let bytes = parquet(&batch).expect("parquet");
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).expect("a reader");
        let file_schema = reader.schema().clone();
        let back: Vec<RecordBatch> = reader.build().expect("reads").collect::<Result<_, _>>().expect("batches");
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].columns(), batch.columns());
        let field = back[0].schema().field_with_name("x").expect("x").clone();
        assert_eq!(field.metadata().get("unit").map(String::as_str), Some("ratio"));
        assert_eq!(file_schema.metadata().get("debtlab.table").map(String::as_str), Some("sample"));
    }
}
