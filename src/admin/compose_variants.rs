//! Compose's variants per language (issue 27): one text area per language tglink speaks, empty
//! for none. Each variant is written in the form's format and checked like the main text, its
//! error shown next to its own field.
use super::compose_form::{ComposeForm, Written};
use crate::delivery::text::MessageText;
use crate::delivery::variants::Variants;
use crate::i18n::Lang;

/// One language's field on the form.
pub struct VariantField {
    pub tag: &'static str,
    /// The language's own name ("Русский").
    pub name: &'static str,
    pub rtl: bool,
    pub text: String,
    pub error: Option<String>,
}

impl VariantField {
    /// Written in: the field is shown open (a variant was added).
    pub fn added(&self) -> bool {
        !self.text.trim().is_empty() || self.error.is_some()
    }
}

/// The variants' fields, empty.
pub fn blank() -> Vec<VariantField> {
    Lang::ALL
        .into_iter()
        .map(|lang| field(lang, String::new(), None))
        .collect()
}

fn field(lang: Lang, text: String, error: Option<String>) -> VariantField {
    VariantField {
        tag: lang.tag(),
        name: lang.native_name(),
        rtl: lang.is_rtl(),
        text,
        error,
    }
}

/// The variants typed, checked: the fields as typed with their errors, and the variants when
/// every one is valid.
pub fn check(form: &ComposeForm, written: Written) -> (Vec<VariantField>, Option<Variants>) {
    let mut fields = Vec::new();
    let mut texts: Vec<(&'static str, String)> = Vec::new();
    for lang in Lang::ALL {
        let typed = form.translation(lang).to_string();
        let error = match typed.trim().is_empty() {
            true => None,
            false => {
                let (text, format) = written.message(&typed);
                match MessageText::parse(&text, format) {
                    Ok(_) => {
                        texts.push((lang.tag(), text));
                        None
                    }
                    Err(e) => Some(e),
                }
            }
        };
        fields.push(field(lang, typed, error));
    }
    if fields.iter().any(|f| f.error.is_some()) {
        return (fields, None);
    }
    let format = written.message("").1;
    let pairs = texts.iter().map(|(tag, text)| (*tag, text.as_str()));
    let variants = Variants::parse(pairs, format).ok();
    (fields, variants)
}
