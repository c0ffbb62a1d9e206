//! Reference data for language v2: tables loaded once, at compile time, from CSV with a
//! header, a JSON array of objects, or JSON Lines, and read by `data.row` and `data.lookup`.
//!
//! A column is a number when every value in it is a JSON number, a boolean when every value
//! is `true` or `false`, and a string otherwise; an empty CSV cell, a JSON `null` and a
//! missing key are null.

use std::fmt;

/// A column's type, decided from all its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnKind {
    /// Every value is a JSON number.
    Number,
    /// Every value is `true` or `false`.
    Boolean,
    /// Anything else.
    String,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Null,
    Num(f64),
    Bool(bool),
    Str(Box<str>),
}

/// A table of reference data (`Options::data`), for `data.row("NAME")`,
/// `data.lookup("NAME", "COLUMN", value)` and `row.COLUMN` in templates.
///
/// ```
/// let stores = fakeplate::DataSet::from_csv(b"store_id,city\n1,Lethbridge\n2,Woodridge\n")?;
/// assert_eq!(stores.len(), 2);
/// assert_eq!(stores.columns().collect::<Vec<_>>(), ["store_id", "city"]);
/// assert_eq!(stores.kind("store_id"), Some(fakeplate::ColumnKind::Number));
/// # Ok::<(), fakeplate::DataError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DataSet {
    columns: Vec<Box<str>>,
    kinds: Vec<ColumnKind>,
    /// Row-major: row `r`, column `c` is `cells[r * columns.len() + c]`.
    cells: Vec<Cell>,
    bytes: usize,
}

/// Why a data set did not load: what, and the line of the file where it was found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    line: Option<u64>,
    message: String,
}

impl DataError {
    fn new(line: Option<u64>, message: impl Into<String>) -> DataError {
        DataError {
            line,
            message: message.into(),
        }
    }

    /// The line of the file (from 1), when the fault is on one.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A value before its column's type is known.
enum Raw {
    Null,
    /// CSV text, or a JSON string.
    Text(String),
    /// A JSON number, boolean, array or object, as JSON text.
    Json(serde_json::Value),
}

impl DataSet {
    /// Reads CSV with a header row: quoted fields, embedded commas, quotes and line breaks.
    pub fn from_csv(bytes: &[u8]) -> Result<DataSet, DataError> {
        let text = utf8(bytes)?;
        if text.trim().is_empty() {
            return Err(DataError::new(
                None,
                "the file is empty: a header row is needed",
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&e))?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&e))?;
            rows.push(
                record
                    .iter()
                    .map(|s| {
                        if s.is_empty() {
                            Raw::Null
                        } else {
                            Raw::Text(s.to_owned())
                        }
                    })
                    .collect(),
            );
        }
        DataSet::build(header, rows, bytes.len(), Some(1))
    }

    /// Reads a JSON array of objects; each key is a column (in the order first seen).
    pub fn from_json(bytes: &[u8]) -> Result<DataSet, DataError> {
        let text = utf8(bytes)?;
        if text.trim().is_empty() {
            return Err(DataError::new(
                None,
                "the file is empty: a JSON array of objects is needed",
            ));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| DataError::new(Some(e.line() as u64), format!("not JSON: {e}")))?;
        let serde_json::Value::Array(items) = value else {
            return Err(DataError::new(Some(1), "expected a JSON array of objects"));
        };
        DataSet::from_objects(items.into_iter().map(|v| (None, v)), bytes.len())
    }

    /// Reads JSON Lines: one object per line (blank lines are skipped).
    pub fn from_json_lines(bytes: &[u8]) -> Result<DataSet, DataError> {
        let text = utf8(bytes)?;
        let mut items = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                DataError::new(Some(i as u64 + 1), format!("not a JSON object: {e}"))
            })?;
            items.push((Some(i as u64 + 1), value));
        }
        if items.is_empty() {
            return Err(DataError::new(
                None,
                "the file is empty: one JSON object per line is needed",
            ));
        }
        DataSet::from_objects(items.into_iter(), bytes.len())
    }

    fn from_objects(
        items: impl Iterator<Item = (Option<u64>, serde_json::Value)>,
        bytes: usize,
    ) -> Result<DataSet, DataError> {
        let mut header: Vec<String> = Vec::new();
        let mut objects = Vec::new();
        for (k, (line, item)) in items.enumerate() {
            let serde_json::Value::Object(map) = item else {
                return Err(DataError::new(
                    line,
                    format!("item {} is not a JSON object", k + 1),
                ));
            };
            for key in map.keys() {
                if !header.iter().any(|h| h == key) {
                    header.push(key.clone());
                }
            }
            objects.push(map);
        }
        let rows = objects
            .into_iter()
            .map(|mut map| {
                header
                    .iter()
                    .map(|h| match map.remove(h) {
                        None | Some(serde_json::Value::Null) => Raw::Null,
                        Some(serde_json::Value::String(s)) => Raw::Text(s),
                        Some(other) => Raw::Json(other),
                    })
                    .collect()
            })
            .collect();
        DataSet::build(header, rows, bytes, None)
    }

    /// Types the columns and stores the cells. `header_line` is the line of a CSV header (so
    /// data rows are counted from the next line).
    fn build(
        header: Vec<String>,
        rows: Vec<Vec<Raw>>,
        bytes: usize,
        header_line: Option<u64>,
    ) -> Result<DataSet, DataError> {
        if header.is_empty() {
            return Err(DataError::new(header_line, "no columns"));
        }
        for (i, name) in header.iter().enumerate() {
            if name.is_empty() {
                return Err(DataError::new(
                    header_line,
                    format!("column {} has no name", i + 1),
                ));
            }
            if header[..i].contains(name) {
                return Err(DataError::new(
                    header_line,
                    format!("the column name `{name}` appears twice in the header"),
                ));
            }
        }
        let kinds: Vec<ColumnKind> = (0..header.len())
            .map(|c| {
                let values = rows
                    .iter()
                    .map(|r| &r[c])
                    .filter(|v| !matches!(v, Raw::Null));
                let mut number = true;
                let mut boolean = true;
                for v in values {
                    match v {
                        Raw::Text(s) => {
                            number &= is_json_number(s);
                            boolean &= s == "true" || s == "false";
                        }
                        Raw::Json(serde_json::Value::Number(_)) => boolean = false,
                        Raw::Json(serde_json::Value::Bool(_)) => number = false,
                        _ => {
                            number = false;
                            boolean = false;
                        }
                    }
                }
                // A column of nulls only is a string column of nulls.
                let any = rows.iter().any(|r| !matches!(r[c], Raw::Null));
                match (any, number, boolean) {
                    (true, true, _) => ColumnKind::Number,
                    (true, _, true) => ColumnKind::Boolean,
                    _ => ColumnKind::String,
                }
            })
            .collect();
        let mut cells = Vec::with_capacity(rows.len() * header.len());
        for row in rows {
            for (c, raw) in row.into_iter().enumerate() {
                cells.push(match (raw, kinds[c]) {
                    (Raw::Null, _) => Cell::Null,
                    (Raw::Text(s), ColumnKind::Number) => Cell::Num(
                        s.parse()
                            .ok()
                            .filter(|x: &f64| x.is_finite())
                            .unwrap_or(0.0),
                    ),
                    (Raw::Json(v), ColumnKind::Number) => {
                        Cell::Num(v.as_f64().filter(|x| x.is_finite()).unwrap_or(0.0))
                    }
                    (Raw::Text(s), ColumnKind::Boolean) => Cell::Bool(s == "true"),
                    (Raw::Json(v), ColumnKind::Boolean) => {
                        Cell::Bool(v == serde_json::Value::Bool(true))
                    }
                    (Raw::Text(s), ColumnKind::String) => Cell::Str(s.into_boxed_str()),
                    (Raw::Json(v), ColumnKind::String) => Cell::Str(v.to_string().into_boxed_str()),
                });
            }
        }
        Ok(DataSet {
            columns: header.into_iter().map(String::into_boxed_str).collect(),
            kinds,
            cells,
            bytes,
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.cells.len() / self.columns.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The column names, in order.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| &**c)
    }

    /// The type of a column.
    pub fn kind(&self, column: &str) -> Option<ColumnKind> {
        self.column(column).map(|c| self.kinds[c])
    }

    /// The size of the source, in bytes (checked against `Limits::data_bytes`).
    pub fn source_bytes(&self) -> usize {
        self.bytes
    }

    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| &**c == name)
    }

    pub(crate) fn kinds(&self) -> &[ColumnKind] {
        &self.kinds
    }

    pub(crate) fn names(&self) -> &[Box<str>] {
        &self.columns
    }

    pub(crate) fn cell(&self, row: usize, column: usize) -> &Cell {
        &self.cells[row * self.columns.len() + column]
    }

    pub(crate) fn number(&self, row: usize, column: usize) -> Option<f64> {
        match self.cell(row, column) {
            Cell::Num(x) => Some(*x),
            _ => None,
        }
    }

    /// The longest string of a column, in bytes.
    pub(crate) fn longest(&self, column: usize) -> usize {
        (0..self.len())
            .map(|r| match self.cell(r, column) {
                Cell::Str(s) => s.len(),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// A bound on a row printed as a JSON object.
    pub(crate) fn json_len(&self) -> usize {
        let keys: usize = self.columns.iter().map(|c| c.len() * 6 + 4).sum();
        let values: usize = (0..self.columns.len())
            .map(|c| match self.kinds[c] {
                ColumnKind::String => self.longest(c).saturating_mul(6).saturating_add(2).max(4),
                _ => 24,
            })
            .sum();
        keys.saturating_add(values).saturating_add(2)
    }

    /// The first row of each value of `column`.
    pub(crate) fn index(&self, column: usize) -> crate::eval::LookupIndex {
        let mut index = crate::eval::LookupIndex::default();
        for r in (0..self.len()).rev() {
            let r32 = r as u32;
            match self.cell(r, column) {
                Cell::Null => {}
                Cell::Num(x) => {
                    index
                        .numbers
                        .insert(crate::eval::LookupIndex::number_key(*x), r32);
                }
                Cell::Bool(b) => index.booleans[usize::from(*b)] = Some(r32),
                Cell::Str(s) => {
                    index.strings.insert(s.clone(), r32);
                }
            }
        }
        index
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, DataError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        DataError::new(Some(line), "invalid UTF-8")
    })
}

fn csv_error(e: &csv::Error) -> DataError {
    let line = e.position().map(|p| p.line());
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => DataError::new(
            line,
            format!("this row has {len} fields and the header {expected_len}"),
        ),
        _ => DataError::new(line, e.to_string()),
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_are_typed_from_all_their_values() {
        let d = DataSet::from_csv(
            b"id,price,open,city,code\n1,2.50,true,\"Lethbridge, AB\",007\n2,,false,\"Two\nlines\",12\n",
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            d.kinds(),
            [
                ColumnKind::Number,
                ColumnKind::Number,
                ColumnKind::Boolean,
                ColumnKind::String,
                ColumnKind::String
            ]
        );
        assert_eq!(d.cell(0, 3), &Cell::Str("Lethbridge, AB".into()));
        assert_eq!(d.cell(1, 3), &Cell::Str("Two\nlines".into()));
        assert_eq!(d.cell(1, 1), &Cell::Null);
        // `007` is not a JSON number, so the column is text.
        assert_eq!(d.cell(0, 4), &Cell::Str("007".into()));
    }

    #[test]
    fn bad_files_are_errors_with_their_line() {
        let e = DataSet::from_csv(b"a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(e.message().contains("1 fields and the header 2"), "{e}");
        let e = DataSet::from_csv(b"a,a\n1,2\n").unwrap_err();
        assert!(e.message().contains("twice"), "{e}");
        assert!(
            DataSet::from_csv(b"")
                .unwrap_err()
                .message()
                .contains("empty")
        );
        assert_eq!(DataSet::from_csv(b"a\n\xff\n").unwrap_err().line(), Some(2));
        let e = DataSet::from_json_lines(b"{\"a\":1}\n[1]\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(DataSet::from_json(b"{\"a\":1}").is_err());
    }

    #[test]
    fn json_keys_become_columns_and_missing_ones_null() {
        let d = DataSet::from_json(br#"[{"id": 1, "tags": [1]}, {"id": 2, "name": "b"}]"#).unwrap();
        assert_eq!(d.names().len(), 3);
        assert_eq!(d.cell(1, 1), &Cell::Null);
        assert_eq!(d.cell(0, 1), &Cell::Str("[1]".into()));
        assert_eq!(d.cell(0, 2), &Cell::Null);
        assert_eq!(d.kinds()[0], ColumnKind::Number);
    }
}
