//! A local stand-in for Telegram's OpenID provider (oauth.telegram.org), on port 0: discovery,
//! JWKS, an authorization endpoint that sends the browser straight back with a code for the
//! Telegram user the test chose (or `access_denied`), and a token endpoint that checks the client
//! secret, the code, the redirect URI and PKCE, then signs an ID token with its own RSA key, built
//! with `jsonwebtoken`, not with the crate the app verifies it with. A test can ask it to misbehave
//! (wrong audience or issuer, expired, signed by another key, `alg: none`, HS256 with the public
//! key, a wrong or missing nonce) or to rotate its key.
use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, LazyLock, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};

/// The client id (the bot's id, as in the tests' bot token) and secret the stand-in knows.
pub const CLIENT_ID: &str = "123456";
pub const CLIENT_SECRET: &str = "stand-in-client-secret";

/// An RSA signing key and its public half as a JWK.
struct Key {
    kid: &'static str,
    encoding: EncodingKey,
    n: String,
    e: String,
}

impl Key {
    fn generate(kid: &'static str) -> Key {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("an RSA key");
        let der = private.to_pkcs1_der().expect("the key as DER");
        Key {
            kid,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            n: URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        }
    }

    fn jwk(&self) -> serde_json::Value {
        serde_json::json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid, "n": self.n, "e": self.e,
        })
    }
}

/// Two keys for the whole test binary (making one takes a moment): the provider publishes the
/// first, until a test rotates to the second.
static KEYS: LazyLock<[Key; 2]> = LazyLock::new(|| [Key::generate("k1"), Key::generate("k2")]);

/// Who "logs in" at the provider.
#[derive(Debug, Clone)]
pub struct TelegramLogin {
    pub id: i64,
    pub name: String,
    pub username: Option<String>,
}

/// A way for the token endpoint to go wrong, so that the app must refuse its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mischief {
    None,
    /// `aud` is another client's.
    WrongAudience,
    /// `exp` passed ten minutes ago.
    Expired,
    /// Signed with a key the provider never published, under the published key's `kid`.
    OtherKey,
    /// `nonce` is not the one the app sent.
    WrongNonce,
    /// No `nonce` at all.
    NoNonce,
    /// `iss` is another provider's.
    WrongIssuer,
    /// `alg: none`, no signature.
    AlgNone,
    /// HS256, "signed" with the published public key as the HMAC secret.
    Hs256WithPublicKey,
}

struct Grant {
    login: TelegramLogin,
    nonce: Option<String>,
    challenge: String,
    redirect_uri: String,
}

struct State {
    issuer: String,
    /// None: the user presses "Cancel" (`access_denied`).
    login: Option<TelegramLogin>,
    mischief: Mischief,
    /// Index into KEYS of the key that signs and is published.
    key: usize,
    codes: HashMap<String, Grant>,
    /// The query of every authorization request, in order.
    authorizations: Vec<HashMap<String, String>>,
    discoveries: usize,
}

#[derive(Clone)]
pub struct OidcProvider {
    pub issuer: String,
    state: Arc<Mutex<State>>,
}

impl OidcProvider {
    pub async fn start() -> OidcProvider {
        LazyLock::force(&KEYS);
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the provider");
        let issuer = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("its address").port()
        );
        let state = Arc::new(Mutex::new(State {
            issuer: issuer.clone(),
            login: None,
            mischief: Mischief::None,
            key: 0,
            codes: HashMap::new(),
            authorizations: Vec::new(),
            discoveries: 0,
        }));
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/.well-known/openid-configuration",
                    web::get().to(discovery),
                )
                .route("/.well-known/jwks.json", web::get().to(jwks))
                .route("/auth", web::get().to(authorize))
                .route("/token", web::post().to(token))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("the provider listens")
        .run();
        tokio::spawn(server);
        OidcProvider { issuer, state }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next authorization logs in this Telegram user.
    pub fn log_in_as(&self, id: i64, name: &str, username: Option<&str>) {
        self.lock().login = Some(TelegramLogin {
            id,
            name: name.into(),
            username: username.map(Into::into),
        });
    }

    /// The next authorization is cancelled by the user.
    pub fn deny(&self) {
        self.lock().login = None;
    }

    pub fn misbehave(&self, mischief: Mischief) {
        self.lock().mischief = mischief;
    }

    /// Publishes and signs with the other key from now on.
    pub fn rotate_key(&self) {
        let mut state = self.lock();
        state.key = 1 - state.key;
    }

    /// The query of the last authorization request the browser made.
    pub fn last_authorization(&self) -> HashMap<String, String> {
        self.lock()
            .authorizations
            .last()
            .cloned()
            .expect("an authorization request")
    }

    pub fn discoveries(&self) -> usize {
        self.lock().discoveries
    }
}

type Shared = web::Data<Mutex<State>>;

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

async fn discovery(shared: Shared) -> HttpResponse {
    let mut state = lock(&shared);
    state.discoveries += 1;
    let issuer = &state.issuer;
    HttpResponse::Ok().json(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile", "phone", "telegram:bot_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "id", "name", "preferred_username"],
    }))
}

async fn jwks(shared: Shared) -> HttpResponse {
    let key = &KEYS[lock(&shared).key];
    HttpResponse::Ok().json(serde_json::json!({ "keys": [key.jwk()] }))
}

fn redirect(to: &str, params: &[(&str, &str)]) -> HttpResponse {
    let mut url = url::Url::parse(to).expect("the redirect URI is a URL");
    url.query_pairs_mut().extend_pairs(params);
    HttpResponse::Found()
        .insert_header(("location", url.as_str()))
        .finish()
}

async fn authorize(shared: Shared, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let query = query.into_inner();
    let mut state = lock(&shared);
    state.authorizations.push(query.clone());
    let get = |k: &str| query.get(k).cloned().unwrap_or_default();
    let (redirect_uri, app_state) = (get("redirect_uri"), get("state"));
    let bad = get("client_id") != CLIENT_ID
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
        || get("code_challenge").is_empty()
        || !get("scope").split(' ').any(|s| s == "openid");
    if bad || redirect_uri.is_empty() {
        return HttpResponse::BadRequest().body("invalid_request");
    }
    let Some(login) = state.login.clone() else {
        return redirect(
            &redirect_uri,
            &[("error", "access_denied"), ("state", &app_state)],
        );
    };
    let code = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>());
    state.codes.insert(
        code.clone(),
        Grant {
            login,
            nonce: query.get("nonce").cloned(),
            challenge: get("code_challenge"),
            redirect_uri: redirect_uri.clone(),
        },
    );
    redirect(&redirect_uri, &[("code", &code), ("state", &app_state)])
}

fn token_error(error: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(serde_json::json!({ "error": error }))
}

/// The client's id and secret from HTTP Basic (form-urlencoded, then base64, as RFC 6749 says)
/// or from the form.
fn client_of(req: &HttpRequest, form: &HashMap<String, String>) -> Option<(String, String)> {
    if let Some(basic) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let unescape = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        return Some((unescape(id)?, unescape(secret)?));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
    ))
}

async fn token(
    req: HttpRequest,
    shared: Shared,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let form = form.into_inner();
    let mut state = lock(&shared);
    if client_of(&req, &form) != Some((CLIENT_ID.into(), CLIENT_SECRET.into())) {
        return HttpResponse::Unauthorized().json(serde_json::json!({ "error": "invalid_client" }));
    }
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if get("grant_type") != "authorization_code" {
        return token_error("unsupported_grant_type");
    }
    // A code works once.
    let Some(grant) = state.codes.remove(&get("code")) else {
        return token_error("invalid_grant");
    };
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(get("code_verifier").as_bytes()));
    if grant.redirect_uri != get("redirect_uri") || grant.challenge != challenge {
        return token_error("invalid_grant");
    }
    let now = chrono::Utc::now().timestamp();
    let mut claims = serde_json::json!({
        "iss": state.issuer,
        "aud": CLIENT_ID,
        "sub": grant.login.id.to_string(),
        "id": grant.login.id,
        "iat": now,
        "exp": now + 300,
        "name": grant.login.name,
        "preferred_username": grant.login.username,
    });
    if let Some(nonce) = &grant.nonce {
        claims["nonce"] = nonce.clone().into();
    }
    let mut key = &KEYS[state.key];
    match state.mischief {
        Mischief::None => {}
        Mischief::WrongAudience => claims["aud"] = "654321".into(),
        Mischief::Expired => {
            claims["iat"] = (now - 900).into();
            claims["exp"] = (now - 600).into();
        }
        Mischief::WrongNonce => claims["nonce"] = "not-the-nonce-the-app-sent".into(),
        Mischief::OtherKey => key = &KEYS[1 - state.key],
        Mischief::NoNonce => {
            claims.as_object_mut().map(|c| c.remove("nonce"));
        }
        Mischief::WrongIssuer => claims["iss"] = "https://oauth.evil.example".into(),
        Mischief::AlgNone | Mischief::Hs256WithPublicKey => {}
    }
    let kid = KEYS[state.key].kid.to_string();
    let id_token = match state.mischief {
        Mischief::AlgNone => {
            let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": kid});
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(header.to_string()),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            )
        }
        Mischief::Hs256WithPublicKey => {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some(kid);
            let public = EncodingKey::from_secret(KEYS[state.key].n.as_bytes());
            jsonwebtoken::encode(&header, &claims, &public).expect("sign the ID token")
        }
        _ => {
            let mut header = Header::new(Algorithm::RS256);
            // OtherKey keeps the published kid: the signature, not the key lookup, must fail.
            header.kid = Some(kid);
            jsonwebtoken::encode(&header, &claims, &key.encoding).expect("sign the ID token")
        }
    };
    HttpResponse::Ok().json(serde_json::json!({
        "access_token": URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>()),
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
}
