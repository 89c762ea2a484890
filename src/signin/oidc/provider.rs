//! Telegram's OpenID provider as the openidconnect crate sees it: discovery (kept for an hour,
//! fetched again at once when a token names a key we do not know), the authorization URL with
//! PKCE and a nonce, the code exchange, and the ID token's checks (signature against the
//! provider's JWKS, `iss`, `aud` = our client id, `exp`, `nonce`).
use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, StandardErrorResponse, StandardTokenResponse, reqwest,
};
use serde::{Deserialize, Deserializer, Serialize};
use tokio::sync::{Mutex, RwLock};
use url::Url;

use crate::config::LoginSettings;

/// How long discovery (and with it the JWKS) is trusted before it is fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// A token naming an unknown key fetches the JWKS again, at most this often. Such a token comes
/// only from the provider's token endpoint (for a code we asked for), so a short floor suffices.
const MIN_REFRESH: Duration = Duration::from_secs(1);
/// How long one request to the provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// Lets the bot write to the user in Telegram.
const BOT_ACCESS_SCOPE: &str = "telegram:bot_access";

/// Telegram's own claims on top of the standard ones: `id` is the Telegram user id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TelegramClaims {
    #[serde(deserialize_with = "number_or_digits")]
    id: i64,
}

impl AdditionalClaims for TelegramClaims {}

/// Telegram sends `id` as a JSON number; a string of digits is taken too.
fn number_or_digits<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(i64),
        Digits(String),
    }
    match Id::deserialize(d)? {
        Id::Number(n) => Ok(n),
        Id::Digits(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

type TelegramIdTokenFields = IdTokenFields<
    TelegramClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type TelegramTokenResponse = StandardTokenResponse<TelegramIdTokenFields, CoreTokenType>;
type TelegramClient = Client<
    TelegramClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TelegramTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The Telegram account an ID token vouches for.
#[derive(Debug, Clone)]
pub struct TelegramIdentity {
    pub user_id: i64,
    /// The @username, without the @.
    pub username: Option<String>,
    pub name: String,
}

/// Where to send the browser, and what its session must keep to finish the login.
pub struct Authorization {
    pub url: Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// Discovery or the token endpoint did not answer as it should.
    #[error("Telegram's login service is unreachable: {0}")]
    Unreachable(String),
    /// The token endpoint refused the code (used, expired, or not ours).
    #[error("Telegram refused the code: {0}")]
    CodeRefused(String),
    /// The answer came, but its ID token failed a check (or there was none).
    #[error("the ID token was refused: {0}")]
    Refused(String),
}

struct Discovered {
    client: Arc<TelegramClient>,
    at: Instant,
}

/// Telegram's OpenID provider, shared by all requests.
#[derive(Clone)]
pub struct Provider {
    inner: Arc<Inner>,
}

struct Inner {
    settings: LoginSettings,
    redirect: RedirectUrl,
    http: reqwest::Client,
    discovered: RwLock<Option<Discovered>>,
    /// One discovery at a time: a burst of logins after expiry fetches once.
    fetching: Mutex<()>,
}

impl Provider {
    /// The provider for `settings`, answering at `redirect` (our callback URL).
    pub fn new(settings: LoginSettings, redirect: Url) -> anyhow::Result<Provider> {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider point us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        Ok(Provider {
            inner: Arc::new(Inner {
                settings,
                redirect: RedirectUrl::from_url(redirect),
                http,
                discovered: RwLock::new(None),
                fetching: Mutex::new(()),
            }),
        })
    }

    /// The issuer's origin (`https://oauth.telegram.org`), where the login form leads.
    pub fn origin(&self) -> String {
        Url::parse(&self.inner.settings.issuer)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }

    /// The client from discovery: cached, fetched again once its hour is over (or, with
    /// `fresher_than`, when the cached one is older than that).
    async fn client(
        &self,
        fresher_than: Option<Duration>,
    ) -> Result<Arc<TelegramClient>, ProviderError> {
        let max_age = fresher_than.unwrap_or(DISCOVERY_TTL);
        if let Some(d) = self.inner.discovered.read().await.as_ref()
            && d.at.elapsed() < max_age
        {
            return Ok(d.client.clone());
        }
        let _one_at_a_time = self.inner.fetching.lock().await;
        // Another request may have fetched it while this one waited.
        if let Some(d) = self.inner.discovered.read().await.as_ref()
            && d.at.elapsed() < max_age
        {
            return Ok(d.client.clone());
        }
        match self.discover().await {
            Ok(client) => {
                let client = Arc::new(client);
                *self.inner.discovered.write().await = Some(Discovered {
                    client: client.clone(),
                    at: Instant::now(),
                });
                Ok(client)
            }
            Err(e) => {
                // A stale client still knows the endpoints and keys it knew.
                if let Some(d) = self.inner.discovered.read().await.as_ref() {
                    tracing::warn!(error = %e, "Telegram login discovery failed; using the last one");
                    return Ok(d.client.clone());
                }
                Err(e)
            }
        }
    }

    async fn discover(&self) -> Result<TelegramClient, ProviderError> {
        let settings = &self.inner.settings;
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| ProviderError::Unreachable(format!("issuer URL: {e}")))?;
        // Also fetches the JWKS named in the metadata.
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.inner.http)
            .await
            .map_err(|e| ProviderError::Unreachable(error_chain(&e)))?;
        tracing::debug!("discovered Telegram's login service");
        Ok(TelegramClient::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.clone()),
            Some(ClientSecret::new(settings.client_secret.clone())),
        )
        .set_redirect_uri(self.inner.redirect.clone()))
    }

    /// A new attempt: fresh `state`, nonce and PKCE verifier, and the provider's URL that asks
    /// for them (scopes `openid profile`, plus `telegram:bot_access` when `bot_access`).
    pub async fn authorize(&self, bot_access: bool) -> Result<Authorization, ProviderError> {
        let client = self.client(None).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = crate::crypto::random_token();
        let nonce = crate::crypto::random_token();
        let (state_for_url, nonce_for_url) = (state.clone(), nonce.clone());
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                move || CsrfToken::new(state_for_url),
                move || Nonce::new(nonce_for_url),
            )
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge);
        if bot_access {
            request = request.add_scope(Scope::new(BOT_ACCESS_SCOPE.into()));
        }
        let (url, _, _) = request.url();
        if url.origin().ascii_serialization() != self.origin() {
            tracing::warn!(
                "Telegram's authorization endpoint is not on the issuer's origin; the login form's \
                 Content-Security-Policy (form-action) will block the redirect"
            );
        }
        Ok(Authorization {
            url,
            state,
            nonce,
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the attempt's PKCE verifier) and checks the ID token against the
    /// attempt's nonce. A token signed with a key we do not know fetches the JWKS again once.
    pub async fn finish(
        &self,
        code: String,
        pkce_verifier: String,
        nonce: &str,
    ) -> Result<TelegramIdentity, ProviderError> {
        let client = self.client(None).await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| ProviderError::Unreachable(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.inner.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(_) => ProviderError::CodeRefused(error_chain(&e)),
                _ => ProviderError::Unreachable(error_chain(&e)),
            })?;
        let id_token = response
            .extra_fields()
            .id_token()
            .ok_or_else(|| ProviderError::Refused("no ID token in the answer".into()))?;
        let nonce = Nonce::new(nonce.to_string());
        let verified = id_token.claims(&client.id_token_verifier(), &nonce);
        let claims = match verified {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // Telegram may have rotated its keys since we fetched them.
                let fresh = self.client(Some(MIN_REFRESH)).await?;
                id_token
                    .claims(&fresh.id_token_verifier(), &nonce)
                    .map_err(|e| ProviderError::Refused(error_chain(&e)))?
            }
            other => other.map_err(|e| ProviderError::Refused(error_chain(&e)))?,
        };
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_string())
            .filter(|n| !n.is_empty());
        let username = claims
            .preferred_username()
            .map(|u| u.as_str().trim_start_matches('@').to_string())
            .filter(|u| !u.is_empty());
        let user_id = claims.additional_claims().id;
        if user_id <= 0 {
            return Err(ProviderError::Refused(format!(
                "bad Telegram user id {user_id}"
            )));
        }
        Ok(TelegramIdentity {
            user_id,
            name: name
                .or_else(|| username.clone())
                .unwrap_or_else(|| format!("Telegram user {user_id}")),
            username,
        })
    }
}

/// An error and its causes on one line, for the log.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
