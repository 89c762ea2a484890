//! The catalogue's guard rail: every language has exactly English's messages, each with
//! English's variables, and every file parses. A failure names the language, file and key.
use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::Lang;
use super::catalogue::{AREAS, sources};

type Vars = BTreeSet<String>;

/// Each message of a file with the variables it uses; parse errors as text.
fn messages(source: &str) -> Result<BTreeMap<String, Vars>, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| format!("{:?} at bytes {:?}", e.kind, e.pos))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut found = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = Vars::new();
            if let Some(value) = &m.value {
                pattern_vars(value, &mut vars);
            }
            found.insert(m.id.name.to_string(), vars);
        }
    }
    Ok(found)
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut Vars) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut Vars) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut Vars) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_vars(arg, vars);
            }
            for named in &arguments.named {
                inline_vars(&named.value, vars);
            }
        }
        _ => {}
    }
}

/// Every difference between `lang` and English, one line each.
fn differences(lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    for ((area, english), theirs) in AREAS.iter().zip(sources(Lang::En)).zip(sources(lang)) {
        let file = format!("locales/{}/{area}.ftl", lang.tag());
        let english = match messages(english) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("locales/en/{area}.ftl does not parse: {e}"));
                continue;
            }
        };
        let theirs = match messages(theirs) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("{file} does not parse: {e}"));
                continue;
            }
        };
        for (key, vars) in &english {
            match theirs.get(key) {
                None => problems.push(format!("{file}: missing `{key}` (English has it)")),
                Some(v) if v != vars => problems.push(format!(
                    "{file}: `{key}` uses variables {v:?}, English uses {vars:?}"
                )),
                Some(_) => {}
            }
        }
        for key in theirs.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{file}: `{key}` is not in English's {area}.ftl"));
        }
    }
    problems
}

#[test]
fn every_language_has_exactly_englishs_messages_and_variables() {
    let problems: Vec<String> = Lang::ALL.into_iter().flat_map(differences).collect();
    assert!(
        problems.is_empty(),
        "the catalogues differ from English:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_a_missing_key_and_a_changed_variable() {
    let english =
        messages("a = Hi { $name }\nb = { $n ->\n [one] one\n *[other] { $n } many\n }\n")
            .expect("parses");
    let theirs = messages("a = Hola { $nombre }\n").expect("parses");
    assert_eq!(english["b"], Vars::from(["n".to_string()]));
    assert!(!theirs.contains_key("b"));
    assert_ne!(english["a"], theirs["a"]);
}

#[test]
fn messages_format_in_each_language_and_fall_back_to_english() {
    use super::catalogue::{args, format};
    let a = args(&[
        ("site", "S".into()),
        ("place", "S".into()),
        ("username", "u".into()),
    ]);
    assert!(format(Lang::En, "confirm-prompt", Some(&a)).starts_with("Link this Telegram"));
    assert!(format(Lang::Ru, "confirm-prompt", Some(&a)).starts_with("Привязать"));
    assert_eq!(format(Lang::Fa, "no-such-key", None), "no-such-key");
}
