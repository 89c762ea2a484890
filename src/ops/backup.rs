//! `tglink backup PATH`: a consistent copy of a SQLite database, taken while tglink serves and
//! writes. `VACUUM INTO` copies inside one read transaction (WAL lets writers go on meanwhile), so
//! the copy is the database at one moment; the copy is checked with `PRAGMA integrity_check`
//! before it gets its name. PostgreSQL has its own tool for this: pg_dump.
use std::path::{Path, PathBuf};

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::db::Backend;

/// What `backup` made: where, and how big.
#[derive(Debug)]
pub struct Copy {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Copies the database `backend` names to `target`, which must not exist yet.
pub fn backup(backend: &Backend, target: &Path) -> anyhow::Result<Copy> {
    let source = match backend {
        Backend::Postgres(_) => anyhow::bail!(
            "tglink backup copies SQLite databases; for PostgreSQL use its own tool, e.g. \
             `pg_dump --format=custom --file=tglink.dump \"$DATABASE_URL\"`"
        ),
        Backend::Sqlite(path) => path,
    };
    // Opening a missing file would create an empty database and back that up.
    if source == ":memory:" || !Path::new(source).is_file() {
        anyhow::bail!("there is no SQLite database at {source:?}: check DATABASE_URL");
    }
    if target.exists() {
        anyhow::bail!(
            "{} already exists; tglink backup never overwrites a file: give a new name",
            target.display()
        );
    }
    // Written beside the target under a temporary name, and named only once it checks out: a
    // failed or interrupted backup never leaves a file that looks like a good copy.
    let partial = partial_name(target)?;
    let result = copy_and_check(source, &partial).and_then(|()| {
        // A hard link fails if the target appeared meanwhile: still no overwrite.
        std::fs::hard_link(&partial, target)
            .with_context(|| format!("cannot name the copy {}", target.display()))
    });
    let _ = std::fs::remove_file(&partial);
    result?;
    let bytes = std::fs::metadata(target)?.len();
    Ok(Copy {
        path: target.to_path_buf(),
        bytes,
    })
}

fn partial_name(target: &Path) -> anyhow::Result<PathBuf> {
    let name = target
        .file_name()
        .with_context(|| format!("{} is not a file name", target.display()))?;
    let mut partial = name.to_os_string();
    partial.push(format!(".partial-{}", std::process::id()));
    Ok(target.with_file_name(partial))
}

fn copy_and_check(source: &str, partial: &Path) -> anyhow::Result<()> {
    let partial_str = partial
        .to_str()
        .with_context(|| format!("{} is not valid UTF-8", partial.display()))?;
    let mut conn = SqliteConnection::establish(source)
        .with_context(|| format!("cannot open SQLite database {source:?}"))?;
    // The server may hold the write lock for a moment: wait for it rather than fail.
    conn.batch_execute("PRAGMA busy_timeout = 10000;")?;
    conn.batch_execute(&format!("VACUUM INTO {}", sql_string(partial_str)))
        .with_context(|| format!("cannot write the copy to {}", partial.display()))?;
    drop(conn);
    check(partial_str)
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check` on the copy: one row "ok", or rows naming each problem.
fn check(path: &str) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::establish(path)
        .with_context(|| format!("cannot open the copy {path:?} to check it"))?;
    let rows: Vec<IntegrityRow> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
    let problems: Vec<String> = rows
        .into_iter()
        .map(|r| r.integrity_check)
        .filter(|r| r != "ok")
        .collect();
    if !problems.is_empty() {
        anyhow::bail!(
            "the copy failed its integrity check: {}",
            problems.join("; ")
        );
    }
    Ok(())
}

/// A SQL string literal: quotes doubled, so any file name is one literal.
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::sql_string;

    #[test]
    fn quotes_are_doubled() {
        assert_eq!(sql_string("a'b.db"), "'a''b.db'");
    }
}
