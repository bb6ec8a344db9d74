//! Step 3 of a hire's home: collecting the staff IC card. Shows the signed grant as a QR
//! code and a short code, and a PIN the hire asks for (shown once).

use crate::api::cards::my_card;
use crate::components::form::ErrorBanner;
use crate::components::tr;
use leptos::prelude::*;
use mamoru_types::cards::{CardHome, CardStatus, Pickup};
use mamoru_types::errors::AppError;
use mamoru_types::i18n::{self, Text};

/// The badge text and class of a card status, shared by the hire's home and HR's list.
pub fn status_badge(status: CardStatus) -> (Text, &'static str) {
    match status {
        CardStatus::Waiting => (i18n::CARD_WAITING, "badge badge-warn"),
        CardStatus::AtKiosk => (i18n::CARD_AT_KIOSK, "badge badge-warn"),
        CardStatus::Issued => (i18n::CARD_ISSUED, "badge badge-ok"),
        CardStatus::Locked => (i18n::CARD_LOCKED, "badge badge-danger"),
        CardStatus::Expired => (i18n::CARD_EXPIRED, "badge badge-danger"),
        CardStatus::Revoked => (i18n::CARD_REVOKED, "badge"),
    }
}

#[component]
pub fn CardStep() -> impl IntoView {
    let card = OnceResource::new(my_card());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match card.await {
                    Ok(home) => view! { <CardSection home /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CardSection(home: CardHome) -> impl IntoView {
    let (badge_text, badge_class) =
        home.status.map(status_badge).unwrap_or((i18n::STEP_NOT_STARTED, "badge"));
    let hint = match home.status {
        None => Some(i18n::CARD_NOT_YET),
        Some(CardStatus::Issued) => Some(i18n::CARD_ISSUED_HINT),
        Some(CardStatus::Locked) => Some(i18n::ERR_GRANT_LOCKED),
        Some(CardStatus::Expired) => Some(i18n::CARD_EXPIRED_HINT),
        Some(CardStatus::Waiting | CardStatus::AtKiosk | CardStatus::Revoked) => None,
    };
    view! {
        <section class="card home-step card-step" aria-labelledby="card-heading" data-status=format!("{:?}", home.status)>
            <h2 id="card-heading">
                <span class="step-number" aria-hidden="true">"3"</span>
                {tr(i18n::STEP_CARD)}
            </h2>
            <span class=badge_class>{tr(badge_text)}</span>
            {hint.map(|hint| view! { <p class="hint">{tr(hint)}</p> })}
            {home.pickup.map(|pickup| view! { <PickupDetails pickup /> })}
        </section>
    }
}

#[component]
fn PickupDetails(pickup: Pickup) -> impl IntoView {
    view! {
        <p>{tr(i18n::CARD_HOW)}</p>
        <div class="pickup">
            <div class="qr" role="img" aria-label=tr(i18n::CARD_QR) inner_html=pickup.qr_svg></div>
            <div class="stack">
                <p class="pickup-code-label">{tr(i18n::CARD_CODE)}</p>
                <p class="pickup-code" data-testid="pickup-code">{pickup.short_code}</p>
                <p class="muted">{tr(i18n::EXPIRES)}": "{i18n::format_jst(pickup.expires_at)}</p>
                <PinRequest pin_set=pickup.pin_set />
            </div>
        </div>
    }
}

/// The PIN the kiosk asks for with the code: made when the hire posts the home page's form
/// (`POST /home`, which the server answers with this page and the PIN in [`ShownPin`]) and
/// shown once, in that answer. A plain form, so it works without script.
#[component]
fn PinRequest(pin_set: bool) -> impl IntoView {
    let button_text = if pin_set { i18n::PIN_NEW } else { i18n::PIN_SHOW };
    match use_context::<ShownPin>().map(|shown| shown.0) {
        // Focused on arrival, so the answer is read out and scrolled into view.
        Some(Ok(pin)) => view! {
            <div class="pin-box" role="status" tabindex="-1" autofocus>
                <p class="pickup-code-label">{tr(i18n::PIN_LABEL)}</p>
                <p class="pin" data-testid="pin">{pin}</p>
                <p class="hint">{tr(i18n::PIN_ONCE)}</p>
            </div>
        }
        .into_any(),
        answer => view! {
            <ErrorBanner error=answer.and_then(Result::err) />
            {pin_set.then(|| view! { <p class="hint">{tr(i18n::PIN_WAS_SET)}</p> })}
            <form method="post" action="/home">
                <button type="submit" class="button button-primary">{tr(button_text)}</button>
            </form>
        }
        .into_any(),
    }
}

/// The PIN the server made for this request (the answer to the home page's form).
#[derive(Clone)]
pub struct ShownPin(pub Result<String, AppError>);
