//! Password hashing with argon2id (the argon2 crate's recommended parameters), always off the async
//! executor and with bounded parallelism, so a burst of logins cannot starve other requests.
use std::sync::LazyLock;

use argon2::password_hash::{SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

/// At most one hash per core at a time; the rest wait their turn instead of piling onto the
/// blocking pool and the CPU.
static HASHING_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new(cores)
});

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

async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let _slot = HASHING_SLOTS.acquire().await?;
    Ok(tokio::task::spawn_blocking(f).await?)
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> anyhow::Result<String> {
    off_executor(move || hash_now(&password)).await?
}

/// Checks a password against a stored hash, or against the dummy hash when there is none.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
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
}
