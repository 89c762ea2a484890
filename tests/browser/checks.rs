//! The page checks themselves: each one must catch what it is there for, or every journey that
//! relies on it would pass over the same fault.
use crate::harness::{E2e, Viewport};

#[tokio::test]
async fn the_checks_catch_csp_violations_console_errors_and_invalid_html() {
    let e2e = E2e::start("checks", Viewport::Desktop).await;
    e2e.goto("/login").await;
    e2e.check_page().await;

    // What a careless template or script would do: an inline script (refused by the CSP), an
    // error in the console, and a second element with an id that is already taken.
    e2e.browser
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'window.inlineRan = true;';
             document.body.appendChild(s);
             console.error('something broke');
             const dup = document.createElement('p');
             dup.id = 'username';
             document.querySelector('main').appendChild(dup);",
            vec![],
        )
        .await
        .expect("run the faulty script");

    let logged = e2e.console_errors().await.join("\n");
    assert!(
        logged.contains("Content Security Policy"),
        "the inline script's CSP violation is caught: {logged}"
    );
    assert!(
        logged.contains("something broke"),
        "the console error is caught: {logged}"
    );
    let problems = e2e
        .html_problems()
        .await
        .expect("the duplicate id makes the page invalid");
    assert!(
        problems.contains("no-dup-id"),
        "html-validate names the duplicate id: {problems}"
    );
    e2e.close().await;
}
