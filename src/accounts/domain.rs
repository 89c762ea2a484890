//! Typed account input: a `Username` or `NewPassword` that exists has passed its rules.
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// 3–32 ASCII letters, digits, `_`, `.` or `-`; unique regardless of case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, String> {
        let name = raw.trim();
        let len = name.chars().count();
        if len < 3 {
            return Err(crate::i18n::t("member-username-too-short"));
        }
        if len > 32 {
            return Err(crate::i18n::t("member-username-too-long"));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(crate::i18n::t("member-username-characters"));
        }
        Ok(Username(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key that makes usernames case-insensitively unique.
    pub fn lower(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

/// The longest password an account can have; a longer one at login is simply wrong.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// A password that meets the rules for a new account: 10 to 1024 characters.
#[derive(Clone)]
pub struct NewPassword(String);

/// Everything wrong with a new password, each for the field it belongs under.
#[derive(Debug, Default, Clone)]
pub struct PasswordErrors {
    /// Under the password: too short or too long.
    pub password: Option<String>,
    /// Under the confirmation: it differs.
    pub confirm: Option<String>,
}

impl NewPassword {
    /// The first problem only (the command line asks once, without a confirmation field).
    pub fn parse(raw: &str, confirmation: &str) -> Result<NewPassword, String> {
        NewPassword::check(raw, confirmation).map_err(|e| {
            e.password
                .or(e.confirm)
                .unwrap_or_else(|| crate::i18n::t("member-password-unusable"))
        })
    }

    /// Every problem at once, by field, as a form shows them.
    pub fn check(raw: &str, confirmation: &str) -> Result<NewPassword, PasswordErrors> {
        let len = raw.chars().count();
        let mut errors = PasswordErrors::default();
        if len < 10 {
            errors.password = Some(crate::i18n::t("member-password-too-short"));
        } else if len > MAX_PASSWORD_CHARS {
            errors.password = Some(crate::i18n::t("member-password-too-long"));
        }
        if raw != confirmation {
            errors.confirm = Some(crate::i18n::t("member-password-mismatch"));
        }
        match errors {
            PasswordErrors {
                password: None,
                confirm: None,
            } => Ok(NewPassword(raw.to_string())),
            errors => Err(errors),
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Alice.B-1_ ").unwrap().as_str(),
            "Alice.B-1_"
        );
        assert_eq!(Username::parse("ALICE").unwrap().lower(), "alice");
        for bad in ["ab", "", "a b c", "ali<ce>", "ällo", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Username::parse(&"x".repeat(32)).is_ok());
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("short", "short").is_err());
        assert!(NewPassword::parse("long enough pw", "long enough pw!").is_err());
        assert!(NewPassword::parse("long enough pw", "long enough pw").is_ok());
        let huge = "x".repeat(1025);
        assert!(NewPassword::parse(&huge, &huge).is_err());
    }
}
