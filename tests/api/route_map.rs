//! Every route the app registers, read from its source at test time: the `#[get("…")]`-style
//! attributes (with the prefix of the `web::scope` that registers the handler), `.route("…", web::…())`
//! and `web::resource("…")`. A route added tomorrow is found without editing a test; a way of
//! registering routes this reader does not understand stops the test instead of being skipped.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: String,
    /// The pattern as registered, e.g. `/admin/broadcasts/{id}/retract`.
    pub path: String,
    /// Where it is declared, for messages.
    pub at: String,
}

const METHOD_ATTRIBUTES: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// All routes under `src/`, sorted, without duplicates.
pub fn routes() -> Vec<Route> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let sources: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("read a source file");
            (f, text)
        })
        .collect();
    let prefixes = scope_prefixes(&sources);
    let mut routes = Vec::new();
    for (file, text) in &sources {
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        for (methods, path, handler) in attribute_routes(text) {
            let prefix = prefixes
                .get(&(file.clone(), handler.clone()))
                .cloned()
                .unwrap_or_default();
            for method in methods {
                routes.push(Route {
                    method,
                    path: format!("{prefix}{path}"),
                    at: format!("{shown} fn {handler}"),
                });
            }
        }
        routes.extend(builder_routes(text, &shown));
    }
    routes.sort();
    routes.dedup();
    assert!(
        routes.len() > 20,
        "found only {routes:?}: is the reader broken?"
    );
    routes
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal that starts at `text` (which begins with `"`), and what follows it.
fn literal(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some((rest[..end].to_string(), &rest[end + 1..]))
}

/// `(methods, path, handler fn)` for each `#[get("…")]`, …, `#[route("…", method = "…")]`.
fn attribute_routes(text: &str) -> Vec<(Vec<String>, String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("#[") {
        let rest = &text[at + 2..];
        let Some(open) = rest.find('(') else { continue };
        let name = &rest[..open];
        let methods = if METHOD_ATTRIBUTES.contains(&name) {
            vec![name.to_ascii_uppercase()]
        } else if name == "route" {
            let close = rest.find(")]").expect("a #[route(…)] closes");
            rest[..close]
                .split("method")
                .skip(1)
                .filter_map(|m| {
                    let m = m.trim_start().strip_prefix('=')?.trim_start();
                    literal(m).map(|(v, _)| v)
                })
                .collect()
        } else {
            continue;
        };
        let Some((path, after)) = literal(rest[open + 1..].trim_start()) else {
            continue;
        };
        if !path.starts_with('/') {
            continue;
        }
        // The handler is the first `fn NAME` after the attribute (other attributes may sit between).
        let fn_at = after.find("fn ").expect("a route attribute on a fn");
        let handler: String = after[fn_at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        found.push((methods, path, handler));
    }
    found
}

/// For handlers registered inside `web::scope("/prefix")`: (the file declaring them, fn) → prefix.
fn scope_prefixes(sources: &[(PathBuf, String)]) -> BTreeMap<(PathBuf, String), String> {
    let mut prefixes = BTreeMap::new();
    for (file, text) in sources {
        for (at, _) in text.match_indices("web::scope(") {
            let (prefix, after) =
                literal(&text[at + "web::scope(".len()..]).expect("a scope prefix");
            // The scope's builder chain ends at the statement's end.
            let chain = &after[..after.find(';').unwrap_or(after.len())];
            for (s, _) in chain.match_indices(".service(") {
                let arg: String = chain[s + ".service(".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut parts: Vec<&str> = arg.split("::").collect();
                let handler = parts.pop().unwrap_or_default().to_string();
                let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
                    file.parent().map(Path::to_path_buf)
                } else {
                    file.with_extension("").into()
                }
                .expect("a source folder");
                let declared = match parts.as_slice() {
                    [] => file.clone(),
                    [module] => {
                        let flat = dir.join(format!("{module}.rs"));
                        if flat.exists() {
                            flat
                        } else {
                            dir.join(module).join("mod.rs")
                        }
                    }
                    _ => panic!(
                        "{}: cannot follow .service({arg}) in a scope",
                        file.display()
                    ),
                };
                prefixes.insert((declared, handler), prefix.clone());
            }
        }
    }
    prefixes
}

/// Routes registered with `.route("…", web::get()…)` or `web::resource("…").route(web::post()…)`.
fn builder_routes(text: &str, shown: &str) -> Vec<Route> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(".route(") {
        let rest = &text[at + ".route(".len()..];
        if let Some((path, after)) = literal(rest.trim_start()) {
            found.push(Route {
                method: builder_method(after).unwrap_or_else(|| {
                    panic!("{shown}: .route({path:?}, …) without web::METHOD()")
                }),
                path,
                at: shown.to_string(),
            });
        }
    }
    for (at, _) in text.match_indices("web::resource(") {
        let (path, after) = literal(&text[at + "web::resource(".len()..])
            .unwrap_or_else(|| panic!("{shown}: web::resource without a literal path"));
        let chain = &after[..after.find(';').unwrap_or(after.len())];
        let mut any = false;
        for (r, _) in chain.match_indices(".route(") {
            let method = builder_method(&chain[r..]).unwrap_or_else(|| {
                panic!("{shown}: web::resource({path:?}).route without web::METHOD()")
            });
            found.push(Route {
                method,
                path: path.clone(),
                at: shown.to_string(),
            });
            any = true;
        }
        assert!(
            any,
            "{shown}: web::resource({path:?}) with no .route(web::METHOD()…) this reader understands"
        );
    }
    found
}

fn builder_method(after: &str) -> Option<String> {
    let at = after.find("web::")?;
    let name: String = after[at + 5..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    METHOD_ATTRIBUTES
        .contains(&name.as_str())
        .then(|| name.to_ascii_uppercase())
}
