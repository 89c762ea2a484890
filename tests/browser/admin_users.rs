//! An admin finds a member on /admin/users, disables them, and sees it in the audit log; every page
//! passes the checks (axe-core, console and CSP, html-validate) at phone and desktop size.
use std::time::Duration;

use crate::broadcast::promote;
use crate::harness::{E2e, Viewport};

async fn users_journey(viewport: Viewport) {
    let e2e = E2e::start("admin_users", viewport).await;
    e2e.linked_member("member0", 8100).await;
    e2e.sign_up("boss", "the admin password").await;
    promote(&e2e, "boss");

    e2e.goto("/admin/users").await;
    e2e.find("table").await;
    e2e.check_page().await;
    e2e.screenshot("list").await;

    e2e.fill("#user-search", "member").await;
    e2e.click(".search-form button").await;
    e2e.wait_for_text("tbody", "member0", Duration::from_secs(5))
        .await;
    e2e.click("form[action$='/disable'] button").await;
    // The button asks first; accept.
    e2e.browser.accept_alert().await.expect("a confirmation");
    e2e.wait_for_text("tbody", "disabled 20", Duration::from_secs(5))
        .await;
    e2e.wait_for_text(".flash", "Disabled member0", Duration::from_secs(5))
        .await;
    e2e.check_page().await;
    e2e.screenshot("disabled").await;

    e2e.goto("/admin/audit").await;
    e2e.wait_for_text("tbody", "disabled", Duration::from_secs(5))
        .await;
    e2e.check_page().await;
    e2e.screenshot("audit").await;
    e2e.close().await;
}

#[tokio::test]
async fn admin_disables_a_member_on_a_phone() {
    users_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn admin_disables_a_member_on_a_desktop() {
    users_journey(Viewport::Desktop).await;
}

/// The width the page needs: more than the window means sideways scrolling.
async fn page_width(e2e: &E2e) -> (i64, i64) {
    let sizes = e2e
        .browser
        .execute(
            "return [document.scrollingElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("the page's width");
    let at = |i: usize| sizes[i].as_i64().expect("a number");
    (at(0), at(1))
}

/// Every admin page at 360 px: no sideways scrolling, the tabs folded into one menu, a flash
/// after an action, and the page checks (axe-core, console, html-validate) on each.
#[tokio::test]
async fn every_admin_page_fits_a_360_px_phone() {
    let e2e = E2e::start("admin_360", Viewport::Phone).await;
    e2e.browser
        .set_window_size(360, 800)
        .await
        .expect("a 360 px window");
    e2e.linked_member("member_with_a_rather_long_name_0", 8200)
        .await;
    e2e.sign_up("boss", "the admin password").await;
    promote(&e2e, "boss");

    // Something on every page: a topic, a webhook endpoint, a token, a broadcast.
    e2e.goto("/admin/topics").await;
    e2e.fill("#name", "Announcements and community news").await;
    e2e.click("form[action='/admin/topics'] button[type=submit]")
        .await;
    e2e.wait_for_text(".flash", "Created the topic", Duration::from_secs(5))
        .await;
    e2e.goto("/admin/webhooks").await;
    e2e.fill(
        "#url",
        "https://hooks.example.com/a/rather/long/path/for/tglink/events",
    )
    .await;
    e2e.click("form[action='/admin/webhooks'] button[type=submit]")
        .await;
    e2e.wait_for_text(".flash", "Added the endpoint", Duration::from_secs(5))
        .await;
    e2e.goto("/admin/tokens").await;
    e2e.fill("#token-name", "shop").await;
    e2e.click("form[action='/admin/tokens'] button[type=submit]")
        .await;
    e2e.wait_for_text(".flash", "Created the token shop", Duration::from_secs(5))
        .await;
    e2e.goto("/admin/broadcasts/new").await;
    e2e.fill("#text", "Winter party on Friday").await;
    e2e.click("button[name=audience][value=all]").await;
    e2e.browser.accept_alert().await.expect("confirm");
    e2e.wait_for_text(".flash", "Sending to 1 user", Duration::from_secs(10))
        .await;
    let broadcast = e2e.path().await;

    let menu = e2e.find("details.admin-menu").await;
    assert!(
        menu.is_displayed().await.unwrap(),
        "the tabs fold into a menu"
    );
    assert!(
        !e2e.find("nav.admin-nav-wide")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the row of tabs is hidden on a phone"
    );

    for page in [
        "/admin".to_string(),
        "/admin/broadcasts/new".into(),
        "/admin/broadcasts".into(),
        broadcast.clone(),
        format!("{broadcast}/recipients"),
        "/admin/topics".into(),
        "/admin/users".into(),
        "/admin/groups".into(),
        "/admin/audit".into(),
        "/admin/tokens".into(),
        "/admin/webhooks".into(),
    ] {
        e2e.goto(&page).await;
        e2e.find("main h1").await;
        let (width, window) = page_width(&e2e).await;
        assert!(window <= 360, "the window is {window} px wide");
        assert!(width <= 360, "{page} is {width} px wide at 360 px");
        e2e.check_page().await;
        e2e.screenshot(page.trim_start_matches('/').replace('/', "-").as_str())
            .await;
    }
    e2e.close().await;
}
