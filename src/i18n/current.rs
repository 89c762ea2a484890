//! The reader's language for the work at hand: a page request (set by the web middleware) or a
//! bot update (set around its handler), held in a task-local so templates and replies can call
//! `t("key")` without every struct carrying the language. Outside any scope (a background task
//! writing to a member) code sets one with `in_lang`, or gets the site's default.
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use fluent_bundle::FluentValue;

use super::{Lang, catalogue};

tokio::task_local! {
    static CURRENT: Lang;
}

/// `TGLINK_DEFAULT_LANGUAGE`, set once at start (index into `Lang::ALL`; English until then).
static DEFAULT: AtomicUsize = AtomicUsize::new(0);

pub fn set_default(lang: Lang) {
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    DEFAULT.store(i, Ordering::Relaxed);
}

/// The site's default language.
pub fn default_lang() -> Lang {
    Lang::ALL[DEFAULT.load(Ordering::Relaxed).min(Lang::ALL.len() - 1)]
}

/// The language of the request or update being handled, else the default.
pub fn current() -> Lang {
    CURRENT.try_with(|l| *l).unwrap_or_else(|_| default_lang())
}

/// Runs `fut` with `lang` as the current language.
pub async fn scope<F: Future>(lang: Lang, fut: F) -> F::Output {
    CURRENT.scope(lang, fut).await
}

/// Runs `f` with `lang` as the current language (text built for someone else: an alert, a
/// notice, a button under a broadcast).
pub fn in_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(lang, f)
}

/// The message `key` in the current language.
pub fn t(key: &str) -> String {
    catalogue::format(current(), key, None)
}

/// The message `key` in the current language, with its variables.
pub fn t_args(key: &str, pairs: &[(&str, FluentValue<'_>)]) -> String {
    let args = catalogue::args(pairs);
    catalogue::format(current(), key, Some(&args))
}

/// The message `key` in `lang`.
pub fn t_in(lang: Lang, key: &str) -> String {
    catalogue::format(lang, key, None)
}

/// `t_args` with one variable: what templates call (`t1("key", "name", value)`).
pub fn t1<'a>(key: &str, name: &str, value: impl Into<FluentValue<'a>>) -> String {
    t_args(key, &[(name, value.into())])
}
