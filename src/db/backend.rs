//! Which database a `DATABASE_URL` names, parsed once at the edge and kept in `Config`.
use std::str::FromStr;

/// Which backend a `DATABASE_URL` names, and the URL diesel should get for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    Sqlite(String),
}

impl Backend {
    /// `postgres://` / `postgresql://` → PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a bare path →
    /// SQLite. Anything else with a `scheme://` is refused rather than taken as a file name.
    pub fn from_url(url: &str) -> Result<Backend, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("DATABASE_URL is empty: give a SQLite path or a postgres:// URL".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() {
            return Err(format!(
                "DATABASE_URL {url:?} has no file path after the scheme"
            ));
        }
        if let Some((scheme, _)) = path.split_once("://") {
            return Err(format!(
                "DATABASE_URL scheme {scheme:?} is not supported: use a SQLite path or postgres://"
            ));
        }
        Ok(Backend::Sqlite(path.to_string()))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }

    /// The PostgreSQL URL, for a connection of its own outside the pool.
    pub fn postgres_url(&self) -> Option<&str> {
        match self {
            Backend::Postgres(url) => Some(url),
            Backend::Sqlite(_) => None,
        }
    }
}

/// So clap parses `--database-url` / `DATABASE_URL` straight into a `Backend`.
impl FromStr for Backend {
    type Err = String;

    fn from_str(url: &str) -> Result<Backend, String> {
        Backend::from_url(url)
    }
}

#[cfg(test)]
mod tests {
    use super::Backend;

    #[test]
    fn backend_from_url() {
        assert!(matches!(
            Backend::from_url("postgres://u@h/db"),
            Ok(Backend::Postgres(_))
        ));
        assert!(matches!(
            Backend::from_url("postgresql://h/db"),
            Ok(Backend::Postgres(_))
        ));
        assert_eq!(
            Backend::from_url("sqlite://a.db"),
            Ok(Backend::Sqlite("a.db".into()))
        );
        assert_eq!(
            Backend::from_url("sqlite:a.db"),
            Ok(Backend::Sqlite("a.db".into()))
        );
        assert_eq!(
            Backend::from_url("tglink.db"),
            Ok(Backend::Sqlite("tglink.db".into()))
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
        assert!(Backend::from_url("").is_err());
        assert!(Backend::from_url("sqlite://").is_err());
    }
}
