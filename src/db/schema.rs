// One schema for both backends; kept in step with migrations/{sqlite,postgres} by hand.

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        username_lower -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        disabled_at -> Nullable<Timestamp>,
        signin_alerts -> Bool,
        quiet_start -> Nullable<Integer>,
        quiet_end -> Nullable<Integer>,
        time_zone -> Nullable<Text>,
        external_id -> Nullable<Text>,
        display_name -> Nullable<Text>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    admin_audit (id) {
        id -> BigInt,
        admin_id -> Nullable<BigInt>,
        action -> Text,
        target_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Nullable<BigInt>,
        state -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    auth_attempts (id) {
        id -> BigInt,
        action -> Text,
        username_lower -> Text,
        ip -> Text,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    signin_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        purpose -> Text,
    }
}

diesel::table! {
    app_settings (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    link_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    telegram_links (user_id) {
        user_id -> BigInt,
        telegram_user_id -> BigInt,
        chat_id -> BigInt,
        telegram_username -> Nullable<Text>,
        telegram_name -> Text,
        linked_at -> Timestamp,
        language_code -> Nullable<Text>,
    }
}

diesel::table! {
    link_events (id) {
        id -> BigInt,
        user_id -> BigInt,
        event -> Text,
        via -> Text,
        telegram_user_id -> Nullable<BigInt>,
        chat_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    processed_updates (update_id) {
        update_id -> BigInt,
        received_at -> Timestamp,
        payload -> Nullable<Text>,
        handled_at -> Nullable<Timestamp>,
        lane -> BigInt,
        lease_until -> Nullable<Timestamp>,
        attempts -> Integer,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    messages (id) {
        id -> BigInt,
        kind -> Text,
        author_id -> Nullable<BigInt>,
        api_token_id -> Nullable<BigInt>,
        text -> Text,
        format -> Text,
        audience -> Text,
        to_groups -> Bool,
        idempotency_key -> Nullable<Text>,
        recipients -> BigInt,
        created_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        topic_id -> Nullable<BigInt>,
        silent -> Bool,
        protect_content -> Bool,
        buttons -> Nullable<Text>,
        send_at -> Nullable<Timestamp>,
        edited_at -> Nullable<Timestamp>,
        retracted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    deliveries (id) {
        id -> BigInt,
        message_id -> BigInt,
        user_id -> BigInt,
        chat_id -> BigInt,
        thread_id -> Nullable<BigInt>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        telegram_message_id -> Nullable<BigInt>,
        error -> Nullable<Text>,
        updated_at -> Timestamp,
        priority -> Integer,
        action -> Text,
        step -> Integer,
        telegram_message_ids -> Nullable<Text>,
        source_id -> Nullable<BigInt>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    message_translations (message_id, language) {
        message_id -> BigInt,
        language -> Text,
        text -> Text,
    }
}

diesel::table! {
    telegram_logins (id) {
        id -> BigInt,
        nonce_hash -> Text,
        browser_hash -> Text,
        browser -> Text,
        address -> Text,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        chat_id -> Nullable<BigInt>,
        telegram_user_id -> Nullable<BigInt>,
        telegram_username -> Nullable<Text>,
        telegram_name -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    topics (id) {
        id -> BigInt,
        name -> Text,
        name_lower -> Text,
        description -> Text,
        default_on -> Bool,
        critical -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    telegram_oidc_states (state_hash) {
        state_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    topic_preferences (user_id, topic_id) {
        user_id -> BigInt,
        topic_id -> BigInt,
        subscribed -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> BigInt,
        url -> Text,
        secret -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> BigInt,
        webhook_id -> Text,
        event_type -> Text,
        user_id -> BigInt,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        event_id -> BigInt,
        endpoint_id -> BigInt,
        lane -> BigInt,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        endpoint_id -> BigInt,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::table! {
    group_chats (id) {
        id -> BigInt,
        chat_id -> BigInt,
        kind -> Text,
        title -> Text,
        thread_id -> Nullable<BigInt>,
        user_id -> BigInt,
        connected_at -> Timestamp,
    }
}

diesel::table! {
    group_requests (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        token_hash -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(group_chats -> users (user_id));
diesel::joinable!(group_requests -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(topic_preferences -> users (user_id));
diesel::joinable!(topic_preferences -> topics (topic_id));
diesel::joinable!(messages -> topics (topic_id));
diesel::joinable!(link_tokens -> users (user_id));
diesel::joinable!(signin_tokens -> users (user_id));
diesel::joinable!(telegram_links -> users (user_id));
diesel::joinable!(link_events -> users (user_id));
diesel::joinable!(messages -> users (author_id));
diesel::joinable!(messages -> api_tokens (api_token_id));
diesel::joinable!(deliveries -> messages (message_id));
diesel::joinable!(message_translations -> messages (message_id));
diesel::joinable!(deliveries -> users (user_id));
diesel::joinable!(telegram_logins -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    admin_audit,
    sessions,
    auth_attempts,
    signin_tokens,
    app_settings,
    link_tokens,
    telegram_links,
    link_events,
    processed_updates,
    api_tokens,
    messages,
    deliveries,
    message_translations,
    telegram_logins,
    telegram_oidc_states,
    topics,
    topic_preferences,
    webhook_endpoints,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
    group_chats,
    group_requests,
);
