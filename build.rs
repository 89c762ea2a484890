//! Puts the commit the binary is built from into `TGLINK_COMMIT` (for `tglink --version`): the short
//! hash from `git rev-parse`, or "unknown" outside a git checkout (a source tarball, a crate).
use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TGLINK_COMMIT");
    // A packager building from a tarball may say which commit it is.
    let commit = std::env::var("TGLINK_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=TGLINK_COMMIT={commit}");
    // Build again when HEAD moves: HEAD itself (a checkout) and the branch it points to (a commit).
    // Only files that exist: cargo would rerun every time for a missing one.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        let head = Path::new(&git_dir).join("HEAD");
        if head.exists() {
            println!("cargo:rerun-if-changed={}", head.display());
        }
        if let (Some(common), Some(branch)) = (
            git(&["rev-parse", "--git-common-dir"]),
            git(&["symbolic-ref", "-q", "HEAD"]),
        ) {
            for file in [
                Path::new(&common).join(&branch),
                Path::new(&common).join("packed-refs"),
            ] {
                if file.exists() {
                    println!("cargo:rerun-if-changed={}", file.display());
                }
            }
        }
    }
}
