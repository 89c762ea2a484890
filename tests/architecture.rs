//! The map is enforced: ARCHITECTURE.md's table says which top-level room of `src/` may import
//! which, and this reads every `crate::…` path in `src` (outside `#[cfg(test)]` modules) and fails,
//! naming the file and line, on an import the table does not allow, on a circle between rooms (in
//! the code or in the table), and on a room the table does not list.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A room of the table: whom it may import (`None`: everything).
type Table = BTreeMap<String, Option<BTreeSet<String>>>;

/// One import of another room: where it is and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// The rooms named in a table cell: `` `cli.rs` ``, `` `web/` `` and `` `db::run` `` all count by
/// their first name.
fn rooms_in(cell: &str) -> BTreeSet<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(|name| {
            let name = name.split("::").next().unwrap_or(name);
            let name = name.trim_end_matches('/');
            name.strip_suffix(".rs").unwrap_or(name).to_string()
        })
        .collect()
}

/// The table under "## The rooms" in ARCHITECTURE.md.
fn read_table(markdown: &str) -> Table {
    let section = markdown
        .split("\n## ")
        .find(|s| s.starts_with("The rooms"))
        .expect("ARCHITECTURE.md has a section \"## The rooms\"");
    let mut table = Table::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
        assert_eq!(cells.len(), 3, "a row of three cells: {row}");
        let may_use = if cells[2].trim() == "everything" {
            None
        } else {
            Some(rooms_in(cells[2]))
        };
        for room in rooms_in(cells[0]) {
            table.insert(room, may_use.clone());
        }
    }
    table
}

/// The source with `#[cfg(test)]` modules blanked out (lines kept, so line numbers hold).
fn without_tests(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the attribute's item: up to the line that closes its braces.
            let mut depth = 0i32;
            let mut opened = false;
            out.push('\n');
            for item in lines.by_ref() {
                out.push('\n');
                depth += item.matches('{').count() as i32 - item.matches('}').count() as i32;
                opened |= item.contains('{');
                if (opened && depth <= 0) || (!opened && item.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The rooms a `use` tree or path names after `crate::`: `crate::{a, b::c}` names a and b.
fn named_after_crate(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    match rest.strip_prefix('{') {
        None => vec![ident(rest)],
        Some(group) => {
            let mut names = Vec::new();
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        names.push(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
            names
        }
    }
}

/// Where `needle` starts a path in `code` (not the tail of a longer name).
fn path_starts<'a>(code: &'a str, needle: &str) -> Vec<&'a str> {
    code.match_indices(needle)
        .filter(|(i, _)| {
            !code[..*i]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
        .map(|(i, _)| &code[i..])
        .collect()
}

/// Every import of another room in one file of room `room`, `depth` modules below the crate
/// root (`src/a.rs` and `src/a/mod.rs` are 1, `src/a/b.rs` is 2).
fn imports_in(
    file: &str,
    room: &str,
    depth: usize,
    source: &str,
    rooms: &BTreeSet<String>,
) -> Vec<Import> {
    let source = without_tests(source);
    let lines: Vec<&str> = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(l))
        .collect();
    let mut found: Vec<Import> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        // A `use` tree may span lines: read the statement whole, from the line it starts on.
        let trimmed = line.trim_start();
        let code = if trimmed.starts_with("use ") || trimmed.starts_with("pub use ") {
            let end = (index..lines.len())
                .find(|&i| lines[i].contains(';'))
                .unwrap_or(index);
            lines[index..=end].join(" ")
        } else {
            line.to_string()
        };
        let mut names = Vec::new();
        for path in path_starts(&code, "crate::") {
            names.extend(named_after_crate(&path["crate::".len()..]));
        }
        // A `super::` chain that climbs out of the room reaches the crate root.
        for path in path_starts(&code, "super::") {
            let climbs = (0..)
                .take_while(|n| path[n * "super::".len()..].starts_with("super::"))
                .count();
            if climbs >= depth {
                names.extend(named_after_crate(&path[climbs * "super::".len()..]));
            }
        }
        for to in names {
            let known = found.iter().any(|f| f.line == index + 1 && f.to == to);
            if to != room && rooms.contains(&to) && !known {
                found.push(Import {
                    file: file.to_string(),
                    line: index + 1,
                    from: room.to_string(),
                    to,
                });
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, with its path relative to `src`.
fn rust_files(src: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src).expect("under src");
            out.push((relative.to_string_lossy().replace('\\', "/"), path));
        }
    }
}

/// The room of a file and how deep its module sits.
fn room_of(relative: &str) -> (String, usize) {
    let parts: Vec<&str> = relative.split('/').collect();
    let room = parts[0].strip_suffix(".rs").unwrap_or(parts[0]).to_string();
    let depth = if parts.last() == Some(&"mod.rs") {
        parts.len() - 1
    } else {
        parts.len()
    };
    (room, depth)
}

/// Every import of another room in `files` (relative path, source).
fn imports(files: &[(String, String)], rooms: &BTreeSet<String>) -> Vec<Import> {
    files
        .iter()
        .flat_map(|(relative, source)| {
            let (room, depth) = room_of(relative);
            // The binary (`main.rs`) names the library `tglink::`.
            let source = if room == "main" {
                source.replace("tglink::", "crate::")
            } else {
                source.clone()
            };
            imports_in(relative, &room, depth, &source, rooms)
        })
        .collect()
}

/// A circle in `edges`, as the rooms along it, if there is one.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

/// What is wrong with `files` against `table`, one line each.
fn problems(table: &Table, files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let rooms: BTreeSet<String> = files.iter().map(|(f, _)| room_of(f).0).collect();
    for room in rooms.difference(&table.keys().cloned().collect()) {
        problems.push(format!(
            "src/{room}: a room ARCHITECTURE.md's table does not list"
        ));
    }
    for room in table.keys().filter(|r| !rooms.contains(*r)) {
        problems.push(format!(
            "ARCHITECTURE.md lists `{room}`, which is not in src/"
        ));
    }
    let allowed: BTreeMap<String, BTreeSet<String>> = table
        .iter()
        .map(|(room, may)| (room.clone(), may.clone().unwrap_or_else(|| rooms.clone())))
        .collect();
    let strict: BTreeMap<String, BTreeSet<String>> = table
        .iter()
        .filter_map(|(room, may)| Some((room.clone(), may.clone()?)))
        .collect();
    if let Some(found) = circle(&strict) {
        problems.push(format!(
            "ARCHITECTURE.md's table allows a circle: {}",
            found.join(" → ")
        ));
    }
    let mut actual: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for import in imports(files, &rooms) {
        if !allowed
            .get(&import.from)
            .is_some_and(|may| may.contains(&import.to))
        {
            problems.push(format!(
                "src/{}:{}: `{}` imports `{}`, which ARCHITECTURE.md does not allow",
                import.file, import.line, import.from, import.to
            ));
        }
        actual.entry(import.from).or_default().insert(import.to);
    }
    if let Some(found) = circle(&actual) {
        problems.push(format!(
            "the rooms import each other in a circle: {}",
            found.join(" → ")
        ));
    }
    problems
}

fn the_source() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    files
        .into_iter()
        .map(|(relative, path)| {
            (
                relative,
                std::fs::read_to_string(path).expect("read a source file"),
            )
        })
        .collect()
}

fn the_table() -> Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md");
    read_table(&std::fs::read_to_string(path).expect("read ARCHITECTURE.md"))
}

#[test]
fn every_import_follows_the_map_and_no_rooms_import_each_other() {
    let problems = problems(&the_table(), &the_source());
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn an_upward_import_or_a_circle_is_named_with_its_file_and_line() {
    let mut files = the_source();
    // The transport reaching up into the bot, in each way an import is written.
    files.push((
        "telegram/upward.rs".into(),
        "//! An upward import.\nuse crate::{db, bot::CONVERSATION};\n\nfn f() {\n    crate::signin::routes;\n}\n"
            .into(),
    ));
    files.push((
        "tasks.rs".into(),
        "//! Reaching up from the bottom.\nuse super::startup::Application;\n".into(),
    ));
    let found = problems(&the_table(), &files);
    let named = |needle: &str| found.iter().any(|p| p.contains(needle));
    assert!(
        named("src/telegram/upward.rs:2: `telegram` imports `bot`"),
        "{found:#?}"
    );
    assert!(
        named("src/telegram/upward.rs:5: `telegram` imports `signin`"),
        "{found:#?}"
    );
    assert!(
        named("src/tasks.rs:2: `tasks` imports `startup`"),
        "{found:#?}"
    );
    assert!(named("in a circle"), "{found:#?}");
    // A room nobody listed, and a table that allows a circle.
    files.push(("newroom.rs".into(), "//! New.\n".into()));
    let mut table = the_table();
    table.insert(
        "db".into(),
        Some(["metrics".to_string(), "web".to_string()].into()),
    );
    table.insert("web".into(), Some(["db".to_string()].into()));
    let found = problems(&table, &files);
    assert!(
        found.iter().any(|p| p.contains("src/newroom: a room")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains("table allows a circle")),
        "{found:#?}"
    );
    // Test modules may use anything.
    let ok = vec![(
        "web/x.rs".to_string(),
        "//! x\n#[cfg(test)]\nmod tests {\n    use crate::startup::Application;\n}\n".to_string(),
    )];
    assert!(imports(&ok, &["web".to_string(), "startup".to_string()].into()).is_empty());
}
