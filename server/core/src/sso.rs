//! Single sign-on with the center's identity provider (OpenID Connect: the authorization
//! code flow with PKCE, `state` and `nonce`; the ID token checked by the `openidconnect`
//! crate: issuer, audience, expiry, signature against the provider's published keys,
//! fetched again when they rotate).
//!
//! The provider's groups say the role ([`SsoSettings::roles`]). A provider account is
//! matched by its subject once linked; the first time, it is linked to the account with its
//! (verified) email address, or a staff account is made for it, and never re-linked by
//! email after that. A person whose groups give no role any more is refused, and their
//! sessions end. The second factor is the provider's business.

use crate::accounts::SignedIn;
use crate::client_addr::Origin;
use crate::store::{self, sso, users};
use crate::{Core, tokens};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Email, Password, PersonName, Role, UserId};
use mamoru_types::errors::AppError;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreResponseType,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

/// Sign-ins started from one client address: past this many in ten minutes, refused for
/// ten (a browser starts one per button press).
pub const STARTS_PER_CLIENT: crate::throttle::Rule =
    crate::throttle::Rule { window_secs: 10 * 60, lock_from: 30, locks: &[10 * 60] };
/// A sign-in may take this long at the provider (typing a password, a second factor).
pub const LOGIN_TTL_SECS: i64 = 10 * 60;
/// The path the provider sends people back to; the redirect URI to register is the public
/// URL followed by it.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";

/// What a center configures.
#[derive(Clone)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Asked for besides `openid` (`email profile` by default; some providers need
    /// another to send groups).
    pub scopes: Vec<String>,
    /// The ID token claim that lists the person's groups (`groups`; Entra ID sends the
    /// groups' object ids there).
    pub groups_claim: String,
    /// Which group gives which role, in order of precedence: a person in two gets the first.
    pub roles: Vec<(Role, String)>,
    /// The provider's name on the sign-in button (「Microsoft Entra ID でサインイン」).
    pub label: String,
    /// Every email address the provider gives is one it checked, though it says nothing
    /// of it (Entra ID sends no `email_verified`): it may then link existing accounts by
    /// address. Off, only a token saying `email_verified: true` links one.
    pub trust_email: bool,
}

impl std::fmt::Debug for SsoSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// The claims beyond the standard ones: all of them, as the groups claim is named by
/// configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct OtherClaims(serde_json::Map<String, serde_json::Value>);
impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<Fields, CoreTokenType>,
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

/// The provider, as this instance knows it: its settings and, once fetched, its discovery
/// document and keys.
pub struct Sso {
    settings: SsoSettings,
    redirect: RedirectUrl,
    http: reqwest::Client,
    metadata: RwLock<Option<CoreProviderMetadata>>,
}

impl std::fmt::Debug for Sso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sso").field("settings", &self.settings).finish_non_exhaustive()
    }
}

/// Where a sign-in at the provider starts: the provider's address to send the browser to,
/// and the `state`, to keep in the browser's cookie until it comes back.
pub struct Started {
    pub authorize_url: String,
    pub state: String,
}

impl Sso {
    pub fn new(settings: SsoSettings, public_url: &str) -> Result<Self, String> {
        let redirect = RedirectUrl::new(format!("{public_url}{CALLBACK_PATH}")).map_err(|e| e.to_string())?;
        IssuerUrl::new(settings.issuer.clone()).map_err(|e| e.to_string())?;
        // Following redirects would let a provider's answer send Mamoru anywhere.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { settings, redirect, http, metadata: RwLock::new(None) })
    }

    pub fn label(&self) -> &str {
        &self.settings.label
    }

    /// The provider's discovery document and keys: fetched once, and again when `stale`
    /// (an ID token signed with a key not in the set: the provider rotated its keys).
    async fn metadata(&self, stale: bool) -> Result<CoreProviderMetadata, AppError> {
        if !stale && let Some(known) = self.metadata.read().await.as_ref() {
            return Ok(known.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(AppError::internal)?;
        let fetched = CoreProviderMetadata::discover_async(issuer, &self.http).await.map_err(|error| {
            tracing::warn!(%error, "the identity provider could not be reached");
            AppError::SsoUnavailable
        })?;
        *self.metadata.write().await = Some(fetched.clone());
        Ok(fetched)
    }

    fn client(&self, metadata: CoreProviderMetadata) -> Client {
        let secret = ClientSecret::new(self.settings.client_secret.clone());
        Client::from_provider_metadata(metadata, ClientId::new(self.settings.client_id.clone()), Some(secret))
            .set_redirect_uri(self.redirect.clone())
    }

    /// Starts a sign-in at the provider for a browser at `ip` (each start writes a row:
    /// counted per client address, as sign-ins are).
    #[tracing::instrument(skip_all)]
    pub async fn start(&self, state: &Core, ip: Option<std::net::IpAddr>) -> Result<Started, AppError> {
        if let Some(ip) = ip {
            let mut tx = state.store.write().await?;
            let counted =
                store::throttle::reserve(&mut tx, &format!("sso:{ip}"), &STARTS_PER_CLIENT, state.now())
                    .await?;
            tx.commit().await?;
            if counted.is_none_or(|n| n >= STARTS_PER_CLIENT.lock_from) {
                return Err(AppError::RateLimited);
            }
        }
        let client = self.client(self.metadata(false).await?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.settings.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, csrf, nonce) = request.url();
        let now = state.now();
        let mut tx = state.store.write().await?;
        let login = sso::NewLogin {
            state_hash: &tokens::hash_token(csrf.secret()),
            nonce: nonce.secret(),
            pkce_verifier: verifier.secret(),
            now,
            expires_at: now + LOGIN_TTL_SECS,
        };
        sso::insert_login(&mut tx, login).await?;
        tx.commit().await?;
        Ok(Started { authorize_url: url.to_string(), state: csrf.secret().clone() })
    }

    /// Finishes a sign-in the provider sent back with `code` and `returned_state`; `kept_state`
    /// is the state this browser's cookie kept. Every refusal is the same to the browser and
    /// has its reason in the log.
    #[tracing::instrument(skip_all)]
    pub async fn finish(
        &self,
        state: &Core,
        code: &str,
        returned_state: &str,
        kept_state: Option<&str>,
        origin: &Origin,
    ) -> Result<SignedIn, AppError> {
        if kept_state != Some(returned_state) {
            tracing::warn!("single sign-on refused: the state is not this browser's");
            return Err(AppError::SsoFailed);
        }
        let now = state.now();
        let login = {
            let mut conn = state.store.pool().acquire().await?;
            sso::take_login(&mut conn, &tokens::hash_token(returned_state), now).await?
        };
        let Some(login) = login else {
            tracing::warn!("single sign-on refused: an unknown, used or expired state");
            return Err(AppError::SsoFailed);
        };
        let client = self.client(self.metadata(false).await?);
        let exchange =
            client.exchange_code(AuthorizationCode::new(code.to_owned())).map_err(AppError::internal)?;
        let token = exchange
            .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| {
                tracing::warn!(%error, "single sign-on refused: the code was not exchanged");
                AppError::SsoFailed
            })?;
        let id_token = token.id_token().ok_or_else(|| {
            tracing::warn!("single sign-on refused: no ID token");
            AppError::SsoFailed
        })?;
        let nonce = Nonce::new(login.nonce);
        let clock = state.clock.clone();
        // A time that cannot be read makes every token expired, never valid.
        let time = move || {
            chrono::DateTime::from_timestamp(clock.now(), 0)
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
        };
        let verified = {
            let verifier = client.id_token_verifier().set_time_fn(time.clone());
            id_token.claims(&verifier, &nonce).cloned()
        };
        let claims = match verified {
            Ok(claims) => claims,
            // Perhaps signed with a key published since: fetch the keys again, once.
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                let fresh = self.client(self.metadata(true).await?);
                let verifier = fresh.id_token_verifier().set_time_fn(time);
                id_token.claims(&verifier, &nonce).cloned().map_err(refused)?
            }
            Err(error) => return Err(refused(error)),
        };
        let person = Person::from_claims(&claims, &self.settings)?;
        self.sign_in(state, person, origin, now).await
    }

    /// Links or makes the account and starts its session. The role is decided first: a
    /// person refused leaves no link behind.
    async fn sign_in(
        &self,
        state: &Core,
        person: Person,
        origin: &Origin,
        now: i64,
    ) -> Result<SignedIn, AppError> {
        let new_password = self.password_for_a_new_account(state, &person).await?;
        let mut tx = state.store.write().await?;
        let linked = sso::linked_user(&mut tx, &person.issuer, &person.subject).await?;
        let linked = match linked {
            Some(id) => users::by_id(&mut tx, &id).await?,
            None => None,
        };
        let user = match (linked, person.role) {
            (Some(user), role) if role.is_some_and(|r| r.is_staff() == user.role.is_staff()) => user,
            (Some(user), _) => {
                // Their groups give no role here (any more): no sign-in, and no session goes on.
                let ended = store::sessions::delete_for_user(&mut tx, &user.id).await?;
                let detail = serde_json::json!({ "reason": "no role from the provider's groups", "sessions_ended": ended });
                let action = AuditAction::AuthSsoRefused;
                store::audit::record(&mut tx, now, &user.id, action, &user.id, detail, origin.ip).await?;
                tx.commit().await?;
                return Err(AppError::SsoNoRole);
            }
            (None, Some(role)) => {
                self.link(&mut tx, &person, role, new_password.as_deref(), origin, now).await?
            }
            (None, None) => {
                tracing::warn!("single sign-on refused: no group gives this person a role");
                return Err(AppError::SsoNoRole);
            }
        };
        let role = person.role.ok_or(AppError::SsoNoRole)?;
        if !user.is_active() {
            tracing::warn!("single sign-on refused: the account is disabled");
            return Err(AppError::SsoNoRole);
        }
        if role != user.role {
            sso::set_role(&mut tx, &user.id, role).await?;
            let detail = serde_json::json!({ "from": user.role, "to": role, "via": "sso" });
            store::audit::record(
                &mut tx,
                now,
                &user.id,
                AuditAction::AccountRoleChanged,
                &user.id,
                detail,
                origin.ip,
            )
            .await?;
        }
        let detail = serde_json::json!({ "via": "sso" });
        let signed_in =
            crate::accounts::open_session(&mut tx, state, &user, origin, false, detail, now).await?;
        tx.commit().await?;
        Ok(SignedIn { viewer: mamoru_types::accounts::Viewer { role, ..signed_in.viewer }, ..signed_in })
    }

    /// A password nobody knows, hashed, for a staff account made at a first sign-in (a
    /// reset link can give it a real one); None when no account will be made. Hashed before
    /// the write transaction, which must not wait for it.
    async fn password_for_a_new_account(
        &self,
        state: &Core,
        person: &Person,
    ) -> Result<Option<String>, AppError> {
        if !person.role.is_some_and(Role::is_staff) {
            return Ok(None);
        }
        let mut conn = state.store.pool().acquire().await?;
        let unknown = sso::linked_user(&mut conn, &person.issuer, &person.subject).await?.is_none()
            && users::by_email(&mut conn, &person.email).await?.is_none();
        drop(conn);
        if !unknown {
            return Ok(None);
        }
        Ok(Some(state.hasher.hash(&Password::parse(&tokens::new_token().secret)?).await?))
    }

    /// The first sign-in of a provider account with a `role`: linked to the account with
    /// its email address, if the provider vouches for the address and that account has no
    /// provider account yet and is of the same kind (staff or hire); or a staff account made
    /// for it.
    async fn link(
        &self,
        tx: &mut sqlx::AnyConnection,
        person: &Person,
        role: Role,
        new_password: Option<&str>,
        origin: &Origin,
        now: i64,
    ) -> Result<users::User, AppError> {
        let user = match users::by_email(tx, &person.email).await? {
            Some(user) => {
                let linkable = person.email_verified
                    && user.role.is_staff() == role.is_staff()
                    && !sso::is_linked(tx, &user.id).await?;
                if !linkable {
                    tracing::warn!(
                        "single sign-on refused: the account with this address cannot be linked to it"
                    );
                    return Err(AppError::SsoFailed);
                }
                user
            }
            None => {
                let (true, Some(hash)) = (role.is_staff(), new_password) else {
                    tracing::warn!("single sign-on refused: hires join by invitation, not by single sign-on");
                    return Err(AppError::SsoNoRole);
                };
                let id = UserId::new(tokens::new_id());
                let new = users::NewUser {
                    id: &id,
                    email: &person.email,
                    name: &person.name,
                    role,
                    password_hash: hash,
                    now,
                };
                users::insert(tx, new).await?;
                let detail = serde_json::json!({ "role": role, "via": "sso" });
                store::audit::record(tx, now, &id, AuditAction::AccountCreated, &id, detail, origin.ip)
                    .await?;
                users::by_id(tx, &id).await?.ok_or(AppError::Internal)?
            }
        };
        sso::link(tx, &person.issuer, &person.subject, &user.id, now).await?;
        let detail = serde_json::json!({ "issuer": person.issuer });
        store::audit::record(tx, now, &user.id, AuditAction::AuthSsoLinked, &user.id, detail, origin.ip)
            .await?;
        Ok(user)
    }
}

fn refused(error: openidconnect::ClaimsVerificationError) -> AppError {
    tracing::warn!(%error, "single sign-on refused: the ID token did not verify");
    AppError::SsoFailed
}

/// Who the verified ID token says the person is.
struct Person {
    issuer: String,
    subject: String,
    email: Email,
    /// The provider says it checked the address (`email_verified`, or the settings trust
    /// every address it gives): only then does it link an existing account.
    email_verified: bool,
    name: PersonName,
    /// From their groups, if any gives one.
    role: Option<Role>,
}

impl Person {
    fn from_claims(
        claims: &openidconnect::IdTokenClaims<OtherClaims, CoreGenderClaim>,
        settings: &SsoSettings,
    ) -> Result<Self, AppError> {
        let Some(email) = claims.email().and_then(|email| Email::parse(email.as_str()).ok()) else {
            tracing::warn!("single sign-on refused: the ID token has no email address");
            return Err(AppError::SsoFailed);
        };
        let email_verified = claims.email_verified() == Some(true) || settings.trust_email;
        let name = claims
            .name()
            .and_then(|name| name.get(None))
            .and_then(|name| PersonName::parse(name.as_str()).ok())
            .map_or_else(|| PersonName::parse(email.as_str()), Ok)?;
        let groups: Vec<&str> = claims
            .additional_claims()
            .0
            .get(&settings.groups_claim)
            .and_then(serde_json::Value::as_array)
            .map(|list| list.iter().filter_map(serde_json::Value::as_str).collect())
            .unwrap_or_default();
        let role =
            settings.roles.iter().find(|(_, group)| groups.contains(&group.as_str())).map(|(role, _)| *role);
        Ok(Self {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email,
            email_verified,
            name,
            role,
        })
    }
}
