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

/// A cell as read: borrowed from its data set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Num(f64),
    Bool(bool),
    Str(&'a str),
}

/// A table of reference data (`Options::data`), for `data.row("NAME")`,
/// `data.lookup("NAME", "COLUMN", value)` and `row.COLUMN` in templates.
///
/// Stored by column, compactly: a number column holds 8 bytes a row, a boolean column 1, and a
/// string column a 4-byte code a row into the column's distinct values, each held once. A data
/// set takes about 1 to 2 times the size of its file in memory, and a column repeating few
/// values far less: `tests/data_memory.rs` holds loading under 3 times the file and the set
/// kept under 2 times (an 8 MiB JSON array of small objects: 1.3 and 0.56 times); a 64 MiB one
/// takes 150 MB max RSS for the whole command line, 868 MB before (BENCHMARKS.md §16).
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
    /// One per column, each of `rows` cells.
    cells: Vec<Column>,
    rows: usize,
    bytes: usize,
}

/// A code for null in a string column.
const NULL_CODE: u32 = u32::MAX;
/// A boolean column's null.
const NULL_BOOL: u8 = 2;
/// A number column's null: a NaN (the column's numbers are all finite), compared by its bits.
const NULL_NUM: u64 = 0x7ff8_dead_0000_0000;

/// The cells of one column, by its type.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    /// The bits of each number, or [`NULL_NUM`].
    Number(Vec<u64>),
    /// 0, 1, or [`NULL_BOOL`].
    Boolean(Vec<u8>),
    /// A code into `values` for each row, or [`NULL_CODE`].
    String { codes: Vec<u32>, values: Strings },
}

/// Distinct texts, one after another in one string.
#[derive(Clone, Debug, Default, PartialEq)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, code: u32) -> &str {
        let i = code as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A column while it is read: each row's code into the distinct texts seen, and whether all of
/// them are numbers, or booleans, so far.
struct ColumnBuilder {
    codes: Vec<u32>,
    values: Strings,
    table: hashbrown::HashTable<u32>,
    number: bool,
    boolean: bool,
}

impl ColumnBuilder {
    fn new() -> ColumnBuilder {
        ColumnBuilder {
            codes: Vec::new(),
            values: Strings::default(),
            table: hashbrown::HashTable::new(),
            number: true,
            boolean: true,
        }
    }

    /// Sets row `row` (a null before it where none was set); false when it already was.
    fn set(
        &mut self,
        hasher: &std::collections::hash_map::RandomState,
        row: usize,
        text: Option<&str>,
    ) -> Result<bool, DataError> {
        if self.codes.len() > row {
            return Ok(false);
        }
        self.codes.resize(row, NULL_CODE);
        let code = match text {
            None => NULL_CODE,
            Some(s) => self.intern(hasher, s)?,
        };
        self.codes.push(code);
        Ok(true)
    }

    fn intern(
        &mut self,
        hasher: &std::collections::hash_map::RandomState,
        s: &str,
    ) -> Result<u32, DataError> {
        use std::hash::BuildHasher;
        let hash = hasher.hash_one(s);
        let values = &self.values;
        if let Some(&code) = self.table.find(hash, |&c| values.get(c) == s) {
            return Ok(code);
        }
        if self.values.len() >= NULL_CODE as usize {
            return Err(DataError::new(
                None,
                format!("a column has more than {} distinct values", NULL_CODE - 1),
            ));
        }
        self.number &= is_number(s);
        self.boolean &= s == "true" || s == "false";
        let code = self.values.push(s);
        let values = &self.values;
        self.table
            .insert_unique(hash, code, |&c| hasher.hash_one(values.get(c)));
        Ok(code)
    }

    /// Types the column and stores its cells compactly.
    fn finish(mut self, rows: usize) -> (ColumnKind, Column) {
        self.codes.resize(rows, NULL_CODE);
        drop(self.table);
        // A column of nulls only is a string column of nulls.
        let any = self.values.len() > 0;
        if any && self.number {
            let numbers: Vec<u64> = (0..self.values.len() as u32)
                .map(|c| self.values.get(c).parse::<f64>().unwrap_or(0.0).to_bits())
                .collect();
            let cells = self
                .codes
                .iter()
                .map(|&c| numbers.get(c as usize).copied().unwrap_or(NULL_NUM))
                .collect();
            (ColumnKind::Number, Column::Number(cells))
        } else if any && self.boolean {
            let cells = self
                .codes
                .iter()
                .map(|&c| {
                    if c == NULL_CODE {
                        NULL_BOOL
                    } else {
                        u8::from(self.values.get(c) == "true")
                    }
                })
                .collect();
            (ColumnKind::Boolean, Column::Boolean(cells))
        } else {
            self.codes.shrink_to_fit();
            self.values.shrink();
            (
                ColumnKind::String,
                Column::String {
                    codes: self.codes,
                    values: self.values,
                },
            )
        }
    }
}

/// The columns of a table while it is read.
struct Builder {
    hasher: std::collections::hash_map::RandomState,
    names: Vec<Box<str>>,
    /// Column by name.
    by_name: std::collections::HashMap<Box<str>, usize>,
    columns: Vec<ColumnBuilder>,
    rows: usize,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            hasher: std::collections::hash_map::RandomState::new(),
            names: Vec::new(),
            by_name: std::collections::HashMap::new(),
            columns: Vec::new(),
            rows: 0,
        }
    }

    /// The column of `name`, added when new (true then).
    fn column(&mut self, name: &str) -> (usize, bool) {
        if let Some(&c) = self.by_name.get(name) {
            return (c, false);
        }
        let c = self.names.len();
        self.names.push(name.into());
        self.by_name.insert(name.into(), c);
        self.columns.push(ColumnBuilder::new());
        (c, true)
    }

    fn finish(self, bytes: usize, header_line: Option<u64>) -> Result<DataSet, DataError> {
        if self.names.is_empty() {
            return Err(DataError::new(header_line, "no columns"));
        }
        let rows = self.rows;
        let (kinds, cells) = self.columns.into_iter().map(|c| c.finish(rows)).unzip();
        Ok(DataSet {
            columns: self.names,
            kinds,
            cells,
            rows,
            bytes,
        })
    }
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

impl DataSet {
    /// Reads CSV with a header row: quoted fields, embedded commas, quotes and line breaks. A
    /// byte order mark at the start is skipped.
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
        let mut table = Builder::new();
        let header = reader.headers().map_err(|e| csv_error(&e))?;
        if header.is_empty() {
            return Err(DataError::new(Some(1), "no columns"));
        }
        for (i, name) in header.iter().enumerate() {
            if name.is_empty() {
                return Err(DataError::new(
                    Some(1),
                    format!("column {} has no name", i + 1),
                ));
            }
            if !table.column(name).1 {
                return Err(DataError::new(
                    Some(1),
                    format!("the column name `{name}` appears twice in the header"),
                ));
            }
        }
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(|e| csv_error(&e))? {
            let row = table.rows;
            for (column, field) in table.columns.iter_mut().zip(record.iter()) {
                column.set(&table.hasher, row, Some(field).filter(|f| !f.is_empty()))?;
            }
            table.rows += 1;
        }
        table.finish(bytes.len(), Some(1))
    }

    /// Reads a JSON array of objects; each key is a column (the keys of each object sorted, a
    /// key new in it after the columns already seen). A byte order mark at the start is
    /// skipped; a key twice in one object is an error.
    pub fn from_json(bytes: &[u8]) -> Result<DataSet, DataError> {
        let text = utf8(bytes)?;
        if text.trim().is_empty() {
            return Err(DataError::new(
                None,
                "the file is empty: a JSON array of objects is needed",
            ));
        }
        let mut table = ObjectTable::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let read = serde::Deserializer::deserialize_any(&mut de, ArrayVisitor(&mut table))
            .and_then(|()| de.end());
        if let Err(e) = read {
            return Err(table.error(Some(e.line() as u64), &e, "not JSON"));
        }
        table.finish(bytes.len())
    }

    /// Reads JSON Lines: one object per line (blank lines are skipped). A byte order mark at
    /// the start is skipped; a key twice in one object is an error.
    pub fn from_json_lines(bytes: &[u8]) -> Result<DataSet, DataError> {
        let text = utf8(bytes)?;
        let mut table = ObjectTable::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut de = serde_json::Deserializer::from_str(line);
            let read = serde::de::DeserializeSeed::deserialize(RowSeed(&mut table), &mut de)
                .and_then(|()| de.end());
            if let Err(e) = read {
                return Err(table.error(Some(i as u64 + 1), &e, "not a JSON object"));
            }
        }
        if table.columns.rows == 0 {
            return Err(DataError::new(
                None,
                "the file is empty: one JSON object per line is needed",
            ));
        }
        table.finish(bytes.len())
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
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

    pub(crate) fn cell(&self, row: usize, column: usize) -> Cell<'_> {
        match &self.cells[column] {
            Column::Number(cells) => match cells[row] {
                NULL_NUM => Cell::Null,
                bits => Cell::Num(f64::from_bits(bits)),
            },
            Column::Boolean(cells) => match cells[row] {
                NULL_BOOL => Cell::Null,
                b => Cell::Bool(b == 1),
            },
            Column::String { codes, values } => match codes[row] {
                NULL_CODE => Cell::Null,
                code => Cell::Str(values.get(code)),
            },
        }
    }

    pub(crate) fn number(&self, row: usize, column: usize) -> Option<f64> {
        match self.cell(row, column) {
            Cell::Num(x) => Some(x),
            _ => None,
        }
    }

    /// The longest string of a column, in bytes.
    pub(crate) fn longest(&self, column: usize) -> usize {
        match &self.cells[column] {
            Column::String { values, .. } => (0..values.len() as u32)
                .map(|c| values.get(c).len())
                .max()
                .unwrap_or(0),
            _ => 0,
        }
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
                        .insert(crate::eval::LookupIndex::number_key(x), r32);
                }
                Cell::Bool(b) => index.booleans[usize::from(b)] = Some(r32),
                Cell::Str(s) => {
                    index.strings.insert(s.into(), r32);
                }
            }
        }
        index
    }
}

/// A table read from JSON objects: the columns, the order they are kept in, and why reading
/// stopped, when the reader stopped it.
struct ObjectTable {
    columns: Builder,
    /// The columns in the order kept: each object's new keys, sorted, after those seen before
    /// (as the sorted maps of earlier releases gave them).
    order: Vec<usize>,
    /// The columns that are new in the current object.
    new: Vec<usize>,
    /// The items started (the current one's number, from 1).
    items: usize,
    in_object: bool,
    fault: Option<String>,
}

impl ObjectTable {
    fn new() -> ObjectTable {
        ObjectTable {
            columns: Builder::new(),
            order: Vec::new(),
            new: Vec::new(),
            items: 0,
            in_object: false,
            fault: None,
        }
    }

    /// The error for a failed read: the reader's own fault, an item that is not an object, or
    /// the JSON error (`what: e`).
    fn error(&mut self, line: Option<u64>, e: &serde_json::Error, what: &str) -> DataError {
        if let Some(fault) = self.fault.take() {
            return DataError::new(line, fault);
        }
        if e.is_data() && !self.in_object {
            if self.items == 0 {
                return DataError::new(line, "expected a JSON array of objects");
            }
            return DataError::new(line, format!("item {} is not a JSON object", self.items));
        }
        DataError::new(line, format!("{what}: {e}"))
    }

    /// Sets `column` of the current row to `text`; a second value for it is the reader's fault.
    fn set<E: serde::de::Error>(&mut self, column: usize, text: Option<&str>) -> Result<(), E> {
        let row = self.columns.rows;
        match self.columns.columns[column].set(&self.columns.hasher, row, text) {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.fail(format!(
                "item {}: the key `{}` appears twice in one object (a key is a column)",
                self.items, self.columns.names[column]
            ))),
            Err(e) => Err(self.fail(e.message)),
        }
    }

    fn fail<E: serde::de::Error>(&mut self, message: String) -> E {
        self.fault = Some(message);
        E::custom("")
    }

    fn finish(self, bytes: usize) -> Result<DataSet, DataError> {
        let mut table = self.columns;
        let mut names: Vec<Option<Box<str>>> = table.names.into_iter().map(Some).collect();
        let mut columns: Vec<Option<ColumnBuilder>> = table.columns.into_iter().map(Some).collect();
        table.names = Vec::with_capacity(names.len());
        table.columns = Vec::with_capacity(columns.len());
        for &c in &self.order {
            if let (Some(name), Some(column)) = (names[c].take(), columns[c].take()) {
                table.names.push(name);
                table.columns.push(column);
            }
        }
        table.finish(bytes, None)
    }
}

/// The top level of a JSON data file: an array of objects.
struct ArrayVisitor<'t>(&'t mut ObjectTable);

impl<'de> serde::de::Visitor<'de> for ArrayVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(RowSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// One object, read as the next row.
struct RowSeed<'t>(&'t mut ObjectTable);

impl<'de> serde::de::DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.items += 1;
        deserializer.deserialize_any(RowVisitor(self.0))
    }
}

struct RowVisitor<'t>(&'t mut ObjectTable);

impl<'de> serde::de::Visitor<'de> for RowVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let t = self.0;
        t.in_object = true;
        t.new.clear();
        while let Some(column) = map.next_key_seed(KeySeed(&mut *t))? {
            map.next_value_seed(ValueSeed(&mut *t, column))?;
        }
        let mut new = std::mem::take(&mut t.new);
        new.sort_by(|&a, &b| t.columns.names[a].cmp(&t.columns.names[b]));
        t.order.extend_from_slice(&new);
        t.new = new;
        t.columns.rows += 1;
        t.in_object = false;
        Ok(())
    }
}

/// A key: its column (added when new).
struct KeySeed<'t>(&'t mut ObjectTable);

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<usize, E> {
        let (column, new) = self.0.columns.column(key);
        if new {
            self.0.new.push(column);
        }
        Ok(column)
    }
}

/// A value, stored in its column as text: a string as it is, anything else as JSON text.
struct ValueSeed<'t>(&'t mut ObjectTable, usize);

impl<'de> serde::de::DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ValueSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.0.set(self.1, Some(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.0.set(self.1, Some(if v { "true" } else { "false" }))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.0.set(self.1, Some(itoa::Buffer::new().format(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.0.set(self.1, Some(itoa::Buffer::new().format(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        // The text serde_json prints for the number, as a JSON value of it printed before.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.0.set(self.1, Some(&n.to_string())),
            None => self.0.set(self.1, None),
        }
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.set(self.1, None)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.set(self.1, None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        use serde::Deserialize;
        let v = serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        self.0.set(self.1, Some(&v.to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        use serde::Deserialize;
        let v = serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.0.set(self.1, Some(&v.to_string()))
    }
}

/// The text of a data file, without a byte order mark at its start (as most CSV readers).
fn utf8(bytes: &[u8]) -> Result<&str, DataError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        DataError::new(Some(line), "invalid UTF-8")
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
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

/// A JSON number that an f64 holds: `1e400` is not one (its column is a string column, and the
/// text is kept as it is, not read as 0 or infinity).
fn is_number(s: &str) -> bool {
    is_json_number(s) && s.parse::<f64>().is_ok_and(f64::is_finite)
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
        assert_eq!(d.cell(0, 3), Cell::Str("Lethbridge, AB"));
        assert_eq!(d.cell(1, 3), Cell::Str("Two\nlines"));
        assert_eq!(d.cell(1, 1), Cell::Null);
        // `007` is not a JSON number, so the column is text.
        assert_eq!(d.cell(0, 4), Cell::Str("007"));
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
        assert_eq!(d.cell(1, 1), Cell::Null);
        assert_eq!(d.cell(0, 1), Cell::Str("[1]"));
        assert_eq!(d.cell(0, 2), Cell::Null);
        assert_eq!(d.kinds()[0], ColumnKind::Number);
    }

    #[test]
    fn a_number_past_the_range_of_an_f64_is_kept_as_text() {
        let d = DataSet::from_csv(b"big,small\n1e400,1\n2,-1e309\n").unwrap();
        assert_eq!(d.kinds(), [ColumnKind::String, ColumnKind::String]);
        assert_eq!(d.cell(0, 0), Cell::Str("1e400"));
        assert_eq!(d.cell(1, 1), Cell::Str("-1e309"));
        let d = DataSet::from_json_lines(b"{\"x\": \"1e400\"}\n{\"x\": 5}\n").unwrap();
        assert_eq!(d.kinds(), [ColumnKind::String]);
        assert_eq!(d.cell(0, 0), Cell::Str("1e400"));
        assert_eq!(d.cell(1, 0), Cell::Str("5"));
    }

    #[test]
    fn keys_twice_in_an_object_and_items_not_objects_are_errors_at_their_line() {
        let e = DataSet::from_json(b"[{\"a\": 1},\n {\"b\": 1, \"b\": 2}]").unwrap_err();
        assert_eq!(e.line(), Some(2), "{e}");
        assert!(
            e.message().contains("item 2: the key `b` appears twice"),
            "{e}"
        );
        let e = DataSet::from_json(b"[{\"a\": 1},\n 7]").unwrap_err();
        assert_eq!(
            (e.line(), e.message()),
            (Some(2), "item 2 is not a JSON object")
        );
        let e = DataSet::from_json(b"{\"a\": 1}").unwrap_err();
        assert_eq!(e.message(), "expected a JSON array of objects");
        let e = DataSet::from_json_lines(b"{\"a\": 1}\n\n[1]\n").unwrap_err();
        assert_eq!(
            (e.line(), e.message()),
            (Some(3), "item 2 is not a JSON object")
        );
        let e = DataSet::from_json(b"[{\"a\": 1,}]").unwrap_err();
        assert!(e.message().starts_with("not JSON: "), "{e}");
        assert!(
            DataSet::from_json(b"[]")
                .unwrap_err()
                .message()
                .contains("no columns")
        );
    }

    #[test]
    fn json_columns_keep_each_objects_new_keys_sorted_after_those_seen() {
        let d = DataSet::from_json(
            br#"[{"b": 1, "a": {"z": [1, 2.5]}}, {"d": null, "c": true, "a": 1e2}, {"b": 18446744073709551615}]"#,
        )
        .unwrap();
        assert_eq!(d.columns().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert_eq!(d.cell(0, 0), Cell::Str(r#"{"z":[1,2.5]}"#));
        assert_eq!(d.cell(1, 0), Cell::Str("100.0"));
        assert_eq!(d.cell(1, 1), Cell::Null);
        assert_eq!(d.cell(2, 1), Cell::Num(18446744073709551615u64 as f64));
        assert_eq!(d.cell(1, 2), Cell::Bool(true));
        assert_eq!(d.cell(2, 2), Cell::Null);
        assert_eq!(d.kinds()[3], ColumnKind::String);
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_wide_headers_load() {
        let d = DataSet::from_csv("\u{feff}id\n1\n".as_bytes()).unwrap();
        assert_eq!(d.columns().collect::<Vec<_>>(), ["id"]);
        assert_eq!(d.kinds(), [ColumnKind::Number]);
        // 100,000 columns: checked for repeats by a hash set, not pairwise.
        let names: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
        let mut csv = names.join(",");
        csv.push('\n');
        csv.push_str(&vec!["1"; names.len()].join(","));
        csv.push('\n');
        let d = DataSet::from_csv(csv.as_bytes()).unwrap();
        assert_eq!(d.names().len(), 100_000);
        let json = format!(
            "[{{{}}}]",
            names
                .iter()
                .map(|n| format!("\"{n}\":1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(
            DataSet::from_json(json.as_bytes()).unwrap().names().len(),
            100_000
        );
        csv.replace_range(0..2, "c9");
        let e = DataSet::from_csv(csv.as_bytes()).unwrap_err();
        assert!(e.message().contains("`c9` appears twice"), "{e}");
    }

    #[test]
    fn numbers_from_json_are_serde_jsons_own() {
        // Parsed by serde_json, then kept as its text: the same f64 as before.
        for text in [
            "0.1",
            "1.7976931348623157e308",
            "5e-324",
            "-0",
            "123456789012345678",
            "2.5e-3",
        ] {
            let json = format!("[{{\"x\": {text}}}]");
            let d = DataSet::from_json(json.as_bytes()).unwrap();
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            let want = v[0]["x"].as_f64().unwrap();
            assert_eq!(
                d.number(0, 0).map(f64::to_bits),
                Some(want.to_bits()),
                "{text}"
            );
        }
    }
}
