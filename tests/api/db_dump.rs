//! The whole database as text, read with the test's own SQL on its own connection: every table
//! (found in the catalogue, so a table added tomorrow is included), every column, rows sorted.
//! Tests compare two dumps to prove a refused request changed nothing.
use std::collections::BTreeMap;

use diesel::sql_types::Text;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::helpers::TestDb;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    row: String,
}

/// table → its rows as JSON arrays, sorted.
pub type Dump = BTreeMap<String, Vec<String>>;

/// Opens a connection of the test database's backend.
pub enum Raw {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

impl Raw {
    pub fn open(db: &TestDb) -> Raw {
        match db {
            TestDb::Sqlite { url, .. } => {
                Raw::Sqlite(SqliteConnection::establish(url).expect("open the SQLite test db"))
            }
            TestDb::Postgres { url, .. } => {
                Raw::Pg(PgConnection::establish(url).expect("open the PostgreSQL test db"))
            }
        }
    }

    /// One text column named `row` per result row.
    pub fn texts(&mut self, sql: &str) -> Vec<String> {
        let rows: Vec<Row> = match self {
            Raw::Sqlite(c) => diesel::sql_query(sql).load(c),
            Raw::Pg(c) => diesel::sql_query(sql).load(c),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.into_iter().map(|r| r.row).collect()
    }

    /// Runs statements (inserts, updates) that return nothing.
    pub fn execute(&mut self, sql: &str) {
        match self {
            Raw::Sqlite(c) => diesel::sql_query(sql).execute(c),
            Raw::Pg(c) => diesel::sql_query(sql).execute(c),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn is_pg(&self) -> bool {
        matches!(self, Raw::Pg(_))
    }

    pub fn tables(&mut self) -> Vec<String> {
        let sql = if self.is_pg() {
            "SELECT table_name::text AS row FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        } else {
            "SELECT name AS row FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        };
        self.texts(sql)
    }

    pub fn columns(&mut self, table: &str) -> Vec<String> {
        let sql = if self.is_pg() {
            format!(
                "SELECT column_name::text AS row FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
            )
        } else {
            format!("SELECT name AS row FROM pragma_table_info('{table}') ORDER BY cid")
        };
        self.texts(&sql)
    }

    /// Every table's rows, without the `table.column`s in `skip`, and only the rows of `table`
    /// that match its condition in `only`.
    pub fn dump(&mut self, skip: &[&str], only: &[(&str, &str)]) -> Dump {
        let mut dump = Dump::new();
        for table in self.tables() {
            let columns: Vec<String> = self
                .columns(&table)
                .into_iter()
                .filter(|c| !skip.contains(&format!("{table}.{c}").as_str()))
                .map(|c| format!("\"{c}\""))
                .collect();
            let array = if self.is_pg() {
                format!("json_build_array({})::text", columns.join(", "))
            } else {
                format!("json_array({})", columns.join(", "))
            };
            let filter = only
                .iter()
                .find(|(t, _)| *t == table)
                .map_or(String::new(), |(_, condition)| {
                    format!(" WHERE {condition}")
                });
            let mut rows = self.texts(&format!("SELECT {array} AS row FROM \"{table}\"{filter}"));
            rows.sort();
            dump.insert(table, rows);
        }
        dump
    }
}

/// The tables whose rows differ between two dumps, each with the rows only one side has.
pub fn differences(before: &Dump, after: &Dump) -> Vec<String> {
    let empty = Vec::new();
    let mut out = Vec::new();
    for table in before.keys().chain(after.keys()) {
        let (b, a) = (
            before.get(table).unwrap_or(&empty),
            after.get(table).unwrap_or(&empty),
        );
        if b != a
            && !out
                .iter()
                .any(|o: &String| o.starts_with(&format!("{table}:")))
        {
            let gone: Vec<_> = b.iter().filter(|r| !a.contains(r)).collect();
            let new: Vec<_> = a.iter().filter(|r| !b.contains(r)).collect();
            out.push(format!("{table}: gone {gone:?}, new {new:?}"));
        }
    }
    out
}
