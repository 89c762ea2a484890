DROP TABLE telegram_oidc_states;
