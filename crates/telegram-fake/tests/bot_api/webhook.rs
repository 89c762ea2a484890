//! setWebhook and friends, and updates POSTed to the webhook.

use teloxide_core::{
    ApiError, RequestError,
    prelude::*,
    types::{AllowedUpdate, UpdateKind},
};

use crate::helpers::{parse_update, start, webhook_sink};

#[tokio::test]
async fn set_webhook_multipart_is_recorded() {
    let (fake, bot) = start().await;
    bot.set_webhook("https://example.com/telegram/webhook".parse().unwrap())
        .secret_token("s3cret_Token-1")
        .allowed_updates([
            AllowedUpdate::Message,
            AllowedUpdate::CallbackQuery,
            AllowedUpdate::MyChatMember,
        ])
        .await
        .unwrap();
    let hook = fake.webhook().expect("webhook set");
    assert_eq!(hook.url, "https://example.com/telegram/webhook");
    assert_eq!(hook.secret_token.as_deref(), Some("s3cret_Token-1"));
    assert_eq!(
        hook.allowed_updates.unwrap(),
        ["message", "callback_query", "my_chat_member"]
    );
    let call = &fake.calls_to("setWebhook")[0];
    assert_eq!(call.params["allowed_updates"][1], "callback_query");

    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!(
        info.url.map(|u| u.to_string()).as_deref(),
        Some("https://example.com/telegram/webhook")
    );
    assert_eq!(info.allowed_updates.map(|a| a.len()), Some(3));

    // Polling while a webhook is set is a conflict. teloxide expects the text without the
    // "Conflict: " prefix Telegram really sends, so it lands in ApiError::Unknown.
    let err = bot.get_updates().await.unwrap_err();
    match err {
        RequestError::Api(ApiError::Unknown(text)) => {
            assert!(text.starts_with("Conflict: can't use getUpdates method while webhook"))
        }
        other => panic!("unexpected {other:?}"),
    }

    bot.delete_webhook().await.unwrap();
    assert!(fake.webhook().is_none());
    assert!(bot.get_webhook_info().await.unwrap().url.is_none());
}

#[tokio::test]
async fn webhook_delivery_with_secret_and_status() {
    let (fake, bot) = start().await;
    let sink = webhook_sink(200).await;
    bot.set_webhook(sink.url.parse().unwrap())
        .secret_token("hook-secret")
        .await
        .unwrap();
    let alice = fake.add_user(1001, "Alice", Some("alice"));
    assert_eq!(alice.send_text("/stop").await.unwrap(), Some(200));
    let received = sink.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].0.as_deref(), Some("hook-secret"));
    let update = parse_update(&received[0].1);
    assert!(matches!(update.kind, UpdateKind::Message(_)));

    let refusing = webhook_sink(401).await;
    bot.set_webhook(refusing.url.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(alice.send_text("hi").await.unwrap(), Some(401));
    let info = bot.get_webhook_info().await.unwrap();
    assert_eq!(
        info.last_error_message.as_deref(),
        Some("Wrong response from the webhook: 401 Unauthorized")
    );
}

#[tokio::test]
async fn strict_urls_refuse_http_webhooks() {
    let (fake, bot) = start().await;
    fake.set_strict_urls(true);
    let err = bot
        .set_webhook("http://127.0.0.1:8080/hook".parse().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        RequestError::Api(ApiError::WebhookRequireHttps)
    ));
    let err = bot
        .set_webhook("https://example.com:3000/hook".parse().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::BadWebhookPort)));
}
