//! The catalogues: Project Fluent files, `locales/<tag>/<area>.ftl`, embedded in the binary and
//! parsed once, on first use.
//!
//! Why `fluent-bundle` itself rather than `fluent-templates`: we have five languages known at
//! compile time (`Lang`), so the loader's directory walking, its `ignore`/`lazy_static` crates
//! and its own language negotiation would all go unused; `Lang::negotiate` already does the
//! fallbacks we want. A `concurrent::FluentBundle` per language is `Send + Sync`, so one static
//! serves every thread without locks.
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// The areas each language has a file for. Adding an area: a file in every language's folder
/// and a line here.
pub const AREAS: [&str; 9] = [
    "bot", "pages", "account", "admin", "errors", "member", "manage", "formats", "editor",
];

macro_rules! files {
    ($tag:literal) => {
        [
            include_str!(concat!("../../locales/", $tag, "/bot.ftl")),
            include_str!(concat!("../../locales/", $tag, "/pages.ftl")),
            include_str!(concat!("../../locales/", $tag, "/account.ftl")),
            include_str!(concat!("../../locales/", $tag, "/admin.ftl")),
            include_str!(concat!("../../locales/", $tag, "/errors.ftl")),
            include_str!(concat!("../../locales/", $tag, "/member.ftl")),
            include_str!(concat!("../../locales/", $tag, "/manage.ftl")),
            include_str!(concat!("../../locales/", $tag, "/formats.ftl")),
            include_str!(concat!("../../locales/", $tag, "/editor.ftl")),
        ]
    };
}

/// Every file's text, by language, in `AREAS`' order.
pub fn sources(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::En => files!("en"),
        Lang::Es => files!("es"),
        Lang::PtBr => files!("pt-BR"),
        Lang::Ru => files!("ru"),
        Lang::Fa => files!("fa"),
    }
}

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| Lang::ALL.map(bundle).into());

fn bundle(lang: Lang) -> Bundle {
    // Our five tags are valid BCP 47; the default id only stands in should one ever not be.
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeables: the pages are HTML with `dir` set, and the
    // marks would land inside URLs, commands and copyable tokens.
    bundle.set_use_isolating(false);
    // Numbers in messages ({ $count }) written as the language writes them: its digits and
    // separators (`i18n::format`); `NUMBER($n, useGrouping: "false")` for an id or a year.
    bundle.set_formatter(Some(match lang {
        Lang::En => number::<0, _>,
        Lang::Es => number::<1, _>,
        Lang::PtBr => number::<2, _>,
        Lang::Ru => number::<3, _>,
        Lang::Fa => number::<4, _>,
    }));
    if let Err(e) = bundle.add_builtins() {
        tracing::error!(language = lang.tag(), error = ?e, "catalogue functions not added");
    }
    for (area, source) in AREAS.iter().zip(sources(lang)) {
        // A syntax error is caught by the catalogue test; here the good entries still load.
        let resource =
            FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, errors)| {
                tracing::error!(
                    language = lang.tag(),
                    area,
                    ?errors,
                    "catalogue file has errors"
                );
                res
            });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                language = lang.tag(),
                area,
                ?errors,
                "catalogue file repeats a key"
            );
        }
    }
    bundle
}

/// The bundle's formatter of numbers for `Lang::ALL[L]` (a plain function: Fluent takes a
/// function pointer, so the language is a constant of each instance).
fn number<const L: usize, M>(value: &FluentValue, _: &M) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    Some(super::format::decimal(
        Lang::ALL[L],
        n.value,
        n.options.use_grouping,
    ))
}

fn index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

/// The message `key` in `lang` with `args`; English when the language lacks it (the catalogue
/// test keeps that from happening), and the key itself when English lacks it too.
pub fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let bundles = &*BUNDLES;
    for bundle in [&bundles[index(lang)], &bundles[0]] {
        if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(
                    language = lang.tag(),
                    key,
                    ?errors,
                    "catalogue message formatted with errors"
                );
            }
            return text.into_owned();
        }
    }
    tracing::warn!(key, "no such message in the catalogue");
    key.to_string()
}

/// Arguments from pairs: `args(&[("name", "alice".into()), ("count", 3.into())])`.
pub fn args<'a>(pairs: &[(&'a str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(*name, value.clone());
    }
    args
}
