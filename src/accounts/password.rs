//! Password hashing with argon2id (the argon2 crate's recommended parameters), always off the async
//! executor, with bounded parallelism and a bounded line: a burst of logins or sign-ups cannot
//! starve other requests, and when the line is full the caller answers 503 at once.
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::{SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use tokio::sync::{AcquireError, Semaphore, SemaphorePermit};

/// At most one hash per core at a time; the rest wait their turn instead of piling onto the
/// blocking pool and the CPU.
static HASHING_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new(cores)
});

/// One more slot, only for browsers an account signed in from before: a flood of strangers
/// fills the others, never this one.
static KNOWN_SLOT: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(1));

/// Who asks for a hash. A login from a browser that signed in to this account before (its
/// device cookie, as OWASP recommends against lockout) may use the extra slot and a longer line,
/// so a flood from strangers cannot shut the owner out or make them wait behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Known,
    Stranger,
}

impl Lane {
    /// Hashes in line (hashing or waiting) per slot before one more of this lane is refused.
    fn in_line_per_slot(self) -> usize {
        match self {
            Lane::Known => 10,
            Lane::Stranger => 5,
        }
    }
}
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

/// Whether `password` matches `stored`. An account without a password (Telegram-only, deleted,
/// a subscriber: its hash is not a PHC string) is checked against the dummy hash and refused, so
/// every wrong password costs one argon2id verification and the time says nothing of the account.
fn verify_now(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2_verify(password, &parsed),
        Err(_) => {
            if let Ok(dummy) = PasswordHash::new(&DUMMY_HASH) {
                argon2_verify(password, &dummy);
            }
            false
        }
    }
}

/// The one place argon2id verifies, counted (`tglink_password_verifications_total`).
fn argon2_verify(password: &str, hash: &PasswordHash) -> bool {
    crate::metrics::get().password_verifications.inc();
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

fn line_limit(lane: Lane) -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    cores * lane.in_line_per_slot()
}

/// Whether one more of `lane` may join a line of `in_line`.
fn admits(in_line: usize, lane: Lane) -> bool {
    in_line < line_limit(lane)
}

async fn slot(lane: Lane) -> Result<SemaphorePermit<'static>, AcquireError> {
    match lane {
        Lane::Stranger => HASHING_SLOTS.acquire().await,
        Lane::Known => tokio::select! {
            slot = HASHING_SLOTS.acquire() => slot,
            slot = KNOWN_SLOT.acquire() => slot,
        },
    }
}

async fn off_executor<T: Send + 'static>(
    lane: Lane,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashingError> {
    let _in_line = InLine;
    if !admits(IN_LINE.fetch_add(1, Ordering::Relaxed), lane) {
        return Err(HashingError::Busy);
    }
    let _slot = tokio::time::timeout(MAX_WAIT, slot(lane))
        .await
        .map_err(|_| HashingError::Busy)?
        .map_err(anyhow::Error::from)?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HashingError::Unexpected(e.into()))
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> Result<String, HashingError> {
    Ok(off_executor(Lane::Stranger, move || hash_now(&password)).await??)
}

/// Checks a password against a stored hash, or against the dummy hash when there is none.
pub async fn verify(
    password: String,
    stored: Option<String>,
    lane: Lane,
) -> Result<bool, HashingError> {
    off_executor(lane, move || match stored {
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
        let lane = super::Lane::Stranger;
        assert!(
            super::verify("correct horse battery".into(), Some(h.clone()), lane)
                .await
                .unwrap()
        );
        assert!(
            !super::verify("wrong password!".into(), Some(h), lane)
                .await
                .unwrap()
        );
        assert!(
            !super::verify("anything at all".into(), None, lane)
                .await
                .unwrap()
        );
    }

    #[test]
    fn a_full_line_refuses_strangers_first() {
        use super::{Lane, admits, line_limit};
        let full = line_limit(Lane::Stranger);
        assert!(admits(full - 1, Lane::Stranger));
        assert!(!admits(full, Lane::Stranger));
        // A browser that signed in before still gets in line, up to its own limit.
        assert!(admits(full, Lane::Known));
        assert!(!admits(line_limit(Lane::Known), Lane::Known));
    }
}
