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
