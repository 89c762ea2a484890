//! Password hashing with argon2id (the argon2 crate's recommended parameters), always off the async
//! executor, with bounded parallelism and a bounded line: a burst of logins or sign-ups cannot
//! starve other requests, and when the line is full the caller answers 503 at once.
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::{SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

/// At most one hash per core at a time; the rest wait their turn instead of piling onto the
/// blocking pool and the CPU.
static HASHING_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new(cores)
});

/// Hashes in line (hashing or waiting) per slot; one more is refused rather than queued.
const IN_LINE_PER_SLOT: usize = 5;
/// The longest wait for a slot before giving up.
const MAX_WAIT: Duration = Duration::from_secs(3);

static IN_LINE: AtomicUsize = AtomicUsize::new(0);

/// Leaves the line when dropped (done, refused, or the request went away).
struct InLine;

impl Drop for InLine {
    fn drop(&mut self) {
        IN_LINE.fetch_sub(1, Ordering::Relaxed);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Too many hashes are in line: try again in a moment (503).
    #[error("every password-hashing slot is taken and the line is full")]
    Busy,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<HashingError> for crate::web::PageError {
    fn from(e: HashingError) -> Self {
        match e {
            HashingError::Busy => crate::web::PageError::Busy,
            HashingError::Unexpected(e) => crate::web::PageError::Unexpected(e),
        }
    }
}

/// Verified against when the username is unknown, so that case costs what a wrong password costs.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("tglink dummy password for unknown users").unwrap_or_default());

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

fn verify_now(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

fn line_limit() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    cores * IN_LINE_PER_SLOT
}

async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashingError> {
    let _in_line = InLine;
    if IN_LINE.fetch_add(1, Ordering::Relaxed) >= line_limit() {
        return Err(HashingError::Busy);
    }
    let _slot = tokio::time::timeout(MAX_WAIT, HASHING_SLOTS.acquire())
        .await
        .map_err(|_| HashingError::Busy)?
        .map_err(anyhow::Error::from)?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HashingError::Unexpected(e.into()))
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> Result<String, HashingError> {
    Ok(off_executor(move || hash_now(&password)).await??)
}

/// Checks a password against a stored hash, or against the dummy hash when there is none.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, HashingError> {
    off_executor(move || match stored {
        Some(h) => verify_now(&password, &h),
        None => {
            verify_now(&password, &DUMMY_HASH);
            false
        }
    })
    .await
}

/// Computes the dummy hash now rather than during the first login attempt.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let h = super::hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            super::verify("correct horse battery".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(
            !super::verify("wrong password!".into(), Some(h))
                .await
                .unwrap()
        );
        assert!(!super::verify("anything at all".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_line_is_refused_at_once() {
        use std::sync::atomic::Ordering;
        // Everyone in line and more: the next caller is told to come back, not queued.
        super::IN_LINE.fetch_add(super::line_limit(), Ordering::Relaxed);
        let refused = super::hash("correct horse battery".into()).await;
        super::IN_LINE.fetch_sub(super::line_limit(), Ordering::Relaxed);
        assert!(matches!(refused, Err(super::HashingError::Busy)));
        assert!(super::hash("correct horse battery".into()).await.is_ok());
    }
}
