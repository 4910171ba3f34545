//! A small column-wise builder: typed columns with units, then one batch.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};

/// A table could not be built.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError(pub String);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TableError {}

/// Columns added one at a time (each with its unit and doc), and the
/// batch's own metadata.
#[derive(Default)]
pub struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
    metadata: HashMap<String, String>,
}

fn field(name: &str, data_type: DataType, nullable: bool, unit: &str, doc: &str) -> Field {
    let mut meta = HashMap::new();
    if !unit.is_empty() {
        meta.insert("unit".to_string(), unit.to_string());
    }
    if !doc.is_empty() {
        meta.insert("doc".to_string(), doc.to_string());
    }
    Field::new(name, data_type, nullable).with_metadata(meta)
}

impl Columns {
    /// A table of kind `table` (schema metadata `debtlab.table`).
    pub fn new(table: &str) -> Columns {
        let mut c = Columns::default();
        c.meta("debtlab.table", table);
        c
    }

    pub fn meta(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.metadata.insert(key.to_string(), value.into());
        self
    }

    pub fn f64(&mut self, name: &str, unit: &str, doc: &str, values: Vec<f64>) -> &mut Self {
        self.fields.push(field(name, DataType::Float64, false, unit, doc));
        self.arrays.push(Arc::new(Float64Array::from(values)));
        self
    }

    /// Float64 with nulls where a value is missing.
    pub fn f64_opt(&mut self, name: &str, unit: &str, doc: &str, values: Vec<Option<f64>>) -> &mut Self {
        self.fields.push(field(name, DataType::Float64, true, unit, doc));
        self.arrays.push(Arc::new(Float64Array::from(values)));
        self
    }

    pub fn i64(&mut self, name: &str, unit: &str, doc: &str, values: Vec<i64>) -> &mut Self {
        self.fields.push(field(name, DataType::Int64, false, unit, doc));
        self.arrays.push(Arc::new(Int64Array::from(values)));
        self
    }

    pub fn u64(&mut self, name: &str, unit: &str, doc: &str, values: Vec<u64>) -> &mut Self {
        self.fields.push(field(name, DataType::UInt64, false, unit, doc));
        self.arrays.push(Arc::new(UInt64Array::from(values)));
        self
    }

    pub fn bool(&mut self, name: &str, doc: &str, values: Vec<bool>) -> &mut Self {
        self.fields.push(field(name, DataType::Boolean, false, "", doc));
        self.arrays.push(Arc::new(BooleanArray::from(values)));
        self
    }

    pub fn text<S: AsRef<str>>(&mut self, name: &str, doc: &str, values: &[S]) -> &mut Self {
        self.fields.push(field(name, DataType::Utf8, false, "", doc));
        self.arrays.push(Arc::new(StringArray::from_iter_values(values.iter().map(|s| s.as_ref()))));
        self
    }

    /// Any Arrow array (nullable when it has nulls).
    pub fn array(&mut self, name: &str, unit: &str, doc: &str, array: ArrayRef) -> &mut Self {
        self.fields.push(field(name, array.data_type().clone(), array.null_count() > 0, unit, doc));
        self.arrays.push(array);
        self
    }

    /// The batch; columns of different lengths are an error naming them.
    pub fn finish(self) -> Result<RecordBatch, TableError> {
        let schema = Arc::new(Schema::new_with_metadata(self.fields, self.metadata));
        RecordBatch::try_new(schema, self.arrays).map_err(|e| TableError(format!("cannot build the table: {e}")))
    }
}
