//! The admin page's machines: lobby kiosks (enrollment codes, disabling) and the tokens
//! door and desk systems read the active-card list with.

use crate::api::devices::{
    CreateApiToken, CreateWebhook, DisableKiosk, DisableWebhook, NewEnrollmentCode, RevokeApiToken,
    list_api_tokens, list_kiosks, list_webhooks,
};
use crate::components::form::{ErrorBanner, Field, action_error, cleared_on_success};
use crate::components::{island_ready, tr};
use leptos::prelude::*;
use mamoru_types::devices::{ApiTokenSummary, KioskSummary, OneTimeSecret, WebhookDelivery, Webhooks};
use mamoru_types::i18n::{self, Text, format_jst};

#[component]
pub fn DeviceSections() -> impl IntoView {
    view! {
        <div class="columns">
            <KioskSection />
            <DoorTokenSection />
        </div>
        <WebhookSection />
    }
}

/// A secret just created, shown once, ready to copy.
#[component]
fn SecretBox(title: Text, secret: OneTimeSecret) -> impl IntoView {
    view! {
        <div class="created-link" role="status">
            <p><strong>{tr(title)}</strong></p>
            <input class="link-box" type="text" readonly value=secret.secret aria-label=tr(title) />
            {secret.expires_at.map(|at| view! { <p class="hint">{tr(i18n::EXPIRES)}": "{format_jst(at)}</p> })}
        </div>
    }
}

#[component]
fn KioskSection() -> impl IntoView {
    let disable = ServerAction::<DisableKiosk>::new();
    let kiosks = OnceResource::new(list_kiosks());
    view! {
        <section class="card" aria-labelledby="kiosks-heading">
            <h2 id="kiosks-heading">{tr(i18n::DEVICES_KIOSKS_TITLE)}</h2>
            <p class="muted">{tr(i18n::DEVICES_KIOSKS_LEAD)}</p>
            <ErrorBanner error=action_error(disable) />
            <NewEnrollment />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match kiosks.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{tr(i18n::DEVICES_NO_KIOSKS)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="versions">
                                {list.into_iter().map(|kiosk| view! { <KioskRow kiosk disable /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn KioskRow(kiosk: KioskSummary, disable: ServerAction<DisableKiosk>) -> impl IntoView {
    let active = kiosk.disabled_at.is_none();
    let row_name = kiosk.name.clone();
    view! {
        <li class="version-row" data-kiosk=row_name>
            <span>{kiosk.name}</span>
            <span class="badge">{tr(if active { i18n::ACTIVE } else { i18n::DISABLED })}</span>
            <span class="muted">{tr(i18n::DEVICES_ENROLLED)}" "{format_jst(kiosk.enrolled_at)}</span>
            {active.then(|| view! {
                <ActionForm action=disable attr:class="inline-form">
                    <input type="hidden" name="kiosk_id" value=kiosk.id.to_string() />
                    <button type="submit" class="button button-small button-danger">{tr(i18n::DISABLE)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn DoorTokenSection() -> impl IntoView {
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = OnceResource::new(list_api_tokens());
    view! {
        <section class="card" aria-labelledby="door-heading">
            <h2 id="door-heading">{tr(i18n::DEVICES_DOOR_TITLE)}</h2>
            <p class="muted">{tr(i18n::DEVICES_DOOR_LEAD)}</p>
            <ErrorBanner error=action_error(revoke) />
            <NewDoorToken />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{tr(i18n::DEVICES_NO_TOKENS)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="versions">
                                {list.into_iter().map(|token| view! { <TokenRow token revoke /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TokenRow(token: ApiTokenSummary, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let active = token.revoked_at.is_none();
    view! {
        <li class="version-row">
            <span>{token.name}</span>
            <span class="badge">{tr(if active { i18n::ACTIVE } else { i18n::CARD_REVOKED })}</span>
            <span class="muted" data-token-sites="">
                {if token.sites.is_empty() { tr(i18n::DEVICES_ALL_SITES)().to_owned() } else { token.sites.join("、") }}
            </span>
            <span class="muted">{format_jst(token.created_at)}</span>
            {active.then(|| view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="token_id" value=token.id />
                    <button type="submit" class="button button-small button-danger">{tr(i18n::DEVICES_REVOKE)}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// Webhook endpoints of door and desk systems, and the log of what was delivered.
#[component]
fn WebhookSection() -> impl IntoView {
    let disable = ServerAction::<DisableWebhook>::new();
    let hooks = OnceResource::new(list_webhooks());
    view! {
        <section class="card" aria-labelledby="webhooks-heading">
            <h2 id="webhooks-heading">{tr(i18n::WEBHOOKS_TITLE)}</h2>
            <p class="muted">{tr(i18n::WEBHOOKS_LEAD)}</p>
            <ErrorBanner error=action_error(disable) />
            <NewWebhook />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match hooks.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(hooks) => view! { <WebhookList hooks disable /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn WebhookList(hooks: Webhooks, disable: ServerAction<DisableWebhook>) -> impl IntoView {
    let endpoints = hooks.endpoints.into_iter().map(|hook| {
        let active = hook.disabled_at.is_none();
        view! {
            <li class="version-row">
                <span>{hook.name}</span>
                <span class="muted">{hook.url}</span>
                <span class="badge">{tr(if active { i18n::ACTIVE } else { i18n::DISABLED })}</span>
                {active.then(|| view! {
                    <ActionForm action=disable attr:class="inline-form">
                        <input type="hidden" name="webhook_id" value=hook.id />
                        <button type="submit" class="button button-small button-danger">{tr(i18n::DISABLE)}</button>
                    </ActionForm>
                })}
            </li>
        }
        .into_any()
    });
    view! {
        <ul class="versions">{endpoints.collect_view()}</ul>
        <h3>{tr(i18n::WEBHOOK_LOG)}</h3>
        {if hooks.deliveries.is_empty() {
            view! { <p class="muted">{tr(i18n::WEBHOOK_LOG_EMPTY)}</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list webhook-log">
                    {hooks.deliveries.into_iter().map(|d| view! { <DeliveryRow d /> }.into_any()).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
    .into_any()
}

#[component]
fn DeliveryRow(d: WebhookDelivery) -> impl IntoView {
    let (state, text) = match (d.delivered_at, d.failed_at) {
        (Some(at), _) => ("delivered", format!("{} {}", tr(i18n::WEBHOOK_DELIVERED)(), format_jst(at))),
        (None, Some(at)) => ("failed", format!("{} {}", tr(i18n::WEBHOOK_FAILED)(), format_jst(at))),
        (None, None) => {
            ("pending", format!("{} {}", tr(i18n::WEBHOOK_RETRY)(), format_jst(d.next_attempt_at)))
        }
    };
    let detail = [d.last_status.map(|s| s.to_string()), d.last_error]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li data-delivery=state>
            <strong>{d.endpoint}</strong>" · "<code>{d.change}</code>" · "{text}
            " · "{tr(i18n::WEBHOOK_ATTEMPTS)}" "{d.attempts}
            {(!detail.is_empty()).then(|| view! { <span class="muted">" · "{detail}</span> })}
        </li>
    }
}

// Each secret is the answer to its form, shown once: the three forms are islands. The lists
// show what was made when the page is next loaded.

#[island(lazy)]
fn NewEnrollment() -> impl IntoView {
    let create = ServerAction::<NewEnrollmentCode>::new();
    let ready = island_ready();
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <ErrorBanner error=action_error(create) />
        <ActionForm action=create>
            <button type="submit" class="button button-primary" disabled=move || !ready.get()>{tr(i18n::DEVICES_NEW_CODE)}</button>
        </ActionForm>
        {move || created().map(|secret| view! { <SecretBox title=i18n::DEVICES_CODE_CREATED secret /> })}
    }
}

#[island(lazy)]
fn NewDoorToken() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let ready = island_ready();
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <ErrorBanner error=action_error(create) />
        <ActionForm action=create node_ref=cleared_on_success(create) attr:class="stack">
            <Field label=i18n::DEVICES_TOKEN_NAME name="name" id="door-token-name" autocomplete="off" />
            <Field
                label=i18n::DEVICES_TOKEN_SITES
                name="sites"
                id="door-token-sites"
                hint=i18n::DEVICES_TOKEN_SITES_HINT
                required=false
            />
            <button type="submit" class="button button-primary" disabled=move || !ready.get()>{tr(i18n::DEVICES_TOKEN_CREATE)}</button>
        </ActionForm>
        {move || created().map(|secret| view! { <SecretBox title=i18n::DEVICES_TOKEN_CREATED secret /> })}
    }
}

#[island(lazy)]
fn NewWebhook() -> impl IntoView {
    let create = ServerAction::<CreateWebhook>::new();
    let ready = island_ready();
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <ErrorBanner error=action_error(create) />
        <ActionForm action=create node_ref=cleared_on_success(create) attr:class="stack">
            <Field label=i18n::DEVICES_TOKEN_NAME name="name" id="webhook-name" autocomplete="off" />
            <Field label=i18n::WEBHOOK_URL name="url" id="webhook-url" kind="url" autocomplete="off" />
            <button type="submit" class="button button-primary" disabled=move || !ready.get()>{tr(i18n::WEBHOOK_CREATE)}</button>
        </ActionForm>
        {move || created().map(|secret| view! { <SecretBox title=i18n::WEBHOOK_SECRET secret /> })}
    }
}
