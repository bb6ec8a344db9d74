//! `/nda`: read the agreement to its end, tick each consent, type the full name and sign
//! (drawn on the canvas, or with the typed name alone for keyboard-only signers).

use crate::api::nda::{SignNda, get_nda_document};
use crate::components::form::{ErrorBanner, action_error};
use crate::components::{PageTitle, focus_when_shown, island_ready, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use mamoru_types::domain::{Drawing, RawStrokes};
use mamoru_types::i18n;
use mamoru_types::nda::{ConsentItem, NdaDocument, NdaStatus, SignatureMethod};
use serde::{Deserialize, Serialize};

#[component]
pub fn NdaPage() -> impl IntoView {
    let document = OnceResource::new(get_nda_document(use_lang().code().to_owned()));
    view! {
        <PageTitle text=i18n::NDA_TITLE />
        <nav class="breadcrumb" aria-label=tr(i18n::BACK_HOME)>
            <a href="/home">{tr(i18n::BACK_HOME)}</a>
        </nav>
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match document.await {
                    Ok(document) => {
                        let NdaDocument { version, title, html, consents, text_sha256, signer_name, status, signed_code } =
                            document;
                        let agreement = Agreement { version, title, consents, text_sha256, signer_name, status, signed_code };
                        // The text is the island's child: plain HTML, not sent again as the island's data.
                        view! {
                            <SigningForm agreement>
                                <div class="lesson-body" inner_html=html></div>
                            </SigningForm>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the signing form needs besides the text itself.
#[derive(Clone, Serialize, Deserialize)]
struct Agreement {
    version: u32,
    title: String,
    consents: Vec<ConsentItem>,
    text_sha256: String,
    signer_name: String,
    status: NdaStatus,
    signed_code: Option<String>,
}

/// The agreement with its form. The form posts without script too; once the WebAssembly
/// runs, it also keeps the sign button off until the text was scrolled to its end and every
/// consent is ticked, and offers the drawing pad.
#[island(lazy)]
fn SigningForm(agreement: Agreement, children: Children) -> impl IntoView {
    let lang = use_lang();
    let sign = ServerAction::<SignNda>::new();
    let enhanced = island_ready();
    let reached_end = RwSignal::new(false);
    let ticked = RwSignal::new(0usize);
    let consents_box = NodeRef::<leptos::html::Fieldset>::new();
    let typed_choice = NodeRef::<leptos::html::Input>::new();
    let count_ticked = move || {
        if let Some(fieldset) = consents_box.get_untracked() {
            ticked
                .set(fieldset.query_selector_all("input:checked").map_or(0, |ticks| ticks.length() as usize));
        }
    };
    let method = RwSignal::new(SignatureMethod::Drawn);
    let strokes = RwSignal::new(RawStrokes::new());
    let text_box = NodeRef::<leptos::html::Div>::new();
    let (read_done, read_more) = (tr(i18n::NDA_READ_DONE), tr(i18n::NDA_READ_MORE));

    // The island may start after the hire has ticked or chosen (it loads on its own): it
    // takes the form as it finds it. A text that fits without scrolling has been seen in
    // full already.
    Effect::new(move |_| {
        count_ticked();
        if typed_choice.get().is_some_and(|radio| radio.checked()) {
            method.set(SignatureMethod::Typed);
        }
        if let Some(el) = text_box.get() {
            check_end(&el, reached_end);
        }
    });

    let Agreement { version, title, consents, text_sha256, signer_name, status, signed_code: copy } =
        agreement;
    let signed_code = move || sign.value().get().and_then(Result::ok);
    let resign = status == NdaStatus::ResignNeeded;
    let consent_count = consents.len();
    let drawing_json = move || strokes.with(|s| serde_json::to_string(s).unwrap_or_default());
    let typed_name = NodeRef::<leptos::html::Input>::new();
    // Sent by the island itself (a refused signature keeps the ticks and the drawing), from
    // what the form holds; without script the same form posts as it is. Not an ActionForm,
    // whose form reader (serde_qs) added 40 KB to the page.
    let hash = text_sha256.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign.dispatch(SignNda {
            version,
            lang: lang.code().to_owned(),
            text_sha256: hash.clone(),
            consents: ticked_consents(consents_box),
            typed_name: typed_name.get_untracked().map(|input| input.value()).unwrap_or_default(),
            method: method.get_untracked(),
            drawing: drawing_json(),
        });
    };

    view! {
        {move || match signed_code() {
            Some(code) => view! { <SignedNotice code /> }.into_any(),
            None => ().into_any(),
        }}
        <article class="card agreement" class:hidden=move || signed_code().is_some()>
            <h1>{title.clone()}</h1>
            <p class="muted">{tr(i18n::NDA_VERSION)}" "{version}</p>
            {copy.filter(|_| status == NdaStatus::Signed).map(|code| view! {
                <p class="banner banner-ok" role="status">{tr(i18n::NDA_ALREADY_SIGNED)}" "
                    <a href=format!("/nda/{code}/pdf") rel="external" download="">{tr(i18n::NDA_DOWNLOAD)}</a>
                </p>
            })}
            {resign.then(|| view! { <p class="banner banner-warn" role="status">{tr(i18n::NDA_RESIGN)}</p> })}
            <p class="hint" id="agreement-hint">{tr(i18n::NDA_READ_HINT)}</p>
            <div
                class="agreement-text"
                node_ref=text_box
                tabindex="0"
                role="region"
                aria-label=title
                aria-describedby="agreement-hint"
                on:scroll=move |_| {
                    if let Some(el) = text_box.get_untracked() {
                        check_end(&el, reached_end);
                    }
                }
            >
                {children()}
            </div>
            <Show when=move || enhanced.get()>
                <p class="read-state" role="status">
                    {move || if reached_end.get() { read_done() } else { read_more() }}
                </p>
            </Show>
            <form method="post" action=SignNda::url() class="stack" novalidate on:submit=send>
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="lang" value=lang.code() />
                <input type="hidden" name="text_sha256" value=text_sha256 />
                <fieldset class="consents" node_ref=consents_box on:change=move |_| count_ticked()>
                    <legend>{tr(i18n::NDA_CONSENTS)}</legend>
                    {consents.into_iter().map(|consent| view! {
                        <label class="option">
                            <input type="checkbox" name="consents[]" value=consent.id />
                            <span>{consent.text}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="typed-name">{tr(i18n::NDA_TYPED_NAME)}</label>
                    <input
                        type="text"
                        id="typed-name"
                        name="typed_name"
                        node_ref=typed_name
                        autocomplete="name"
                        aria-describedby="typed-name-hint"
                    />
                    <p class="hint" id="typed-name-hint">{tr(i18n::NDA_TYPED_NAME_HINT)}" "{signer_name}</p>
                </div>
                <fieldset class="signature-method">
                    <legend>{tr(i18n::NDA_METHOD)}</legend>
                    <label class="option">
                        <input
                            type="radio"
                            name="method"
                            value="drawn"
                            checked=true
                            on:change=move |_| method.set(SignatureMethod::Drawn)
                        />
                        <span>{tr(i18n::NDA_METHOD_DRAWN)}</span>
                    </label>
                    <label class="option">
                        <input
                            type="radio"
                            name="method"
                            value="typed"
                            node_ref=typed_choice
                            on:change=move |_| method.set(SignatureMethod::Typed)
                        />
                        <span>{tr(i18n::NDA_METHOD_TYPED)}</span>
                    </label>
                </fieldset>
                <input type="hidden" name="drawing" prop:value=drawing_json />
                <Show when=move || method.get() == SignatureMethod::Drawn>
                    <SignaturePad strokes />
                </Show>
                <ErrorBanner error=action_error(sign) />
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || {
                        enhanced.get()
                            && (!reached_end.get() || sign.pending().get() || ticked.get() < consent_count)
                    }
                >
                    {tr(i18n::NDA_SIGN)}
                </button>
            </form>
        </article>
    }
}

/// The ids of the consents ticked in `fieldset`.
fn ticked_consents(fieldset: NodeRef<leptos::html::Fieldset>) -> Vec<String> {
    use leptos::wasm_bindgen::JsCast;
    let Some(ticks) = fieldset.get_untracked().and_then(|f| f.query_selector_all("input:checked").ok())
    else {
        return Vec::new();
    };
    (0..ticks.length())
        .filter_map(|i| ticks.get(i)?.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}

/// Marks the text as read once its box has been scrolled to the bottom. A box that is not
/// laid out measures zero everywhere, which would read as "at the end": it never counts.
fn check_end(el: &leptos::web_sys::HtmlDivElement, reached_end: RwSignal<bool>) {
    let laid_out = el.is_connected() && el.client_height() > 0;
    if laid_out && el.scroll_top() + el.client_height() + 8 >= el.scroll_height() {
        reached_end.set(true);
    }
}

#[component]
fn SignedNotice(code: String) -> impl IntoView {
    let pdf = format!("/nda/{code}/pdf");
    let heading = NodeRef::new();
    focus_when_shown(heading);
    view! {
        <section class="card narrow signed-notice">
            <h1 node_ref=heading tabindex="-1">{tr(i18n::NDA_SIGNED_TITLE)}</h1>
            <p class="banner banner-ok" role="status">{tr(i18n::NDA_SIGNED_LEAD)}</p>
            <p>{tr(i18n::NDA_CODE)}": "<strong class="code">{code}</strong></p>
            <div class="lesson-actions">
                <a class="button button-primary" href=pdf rel="external" download="">
                    {tr(i18n::NDA_DOWNLOAD)}
                </a>
                <a class="button" href="/home" rel="external">{tr(i18n::BACK_HOME)}</a>
            </div>
        </section>
    }
}

/// The drawing canvas. Its pixel grid is the logical box of [`Drawing`], so points need
/// only scaling from screen to canvas; CSS stretches it to the width of the screen.
#[component]
fn SignaturePad(strokes: RwSignal<RawStrokes>) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let pen_down = RwSignal::new(false);
    let point = move |ev: &leptos::ev::PointerEvent| -> Option<[u16; 2]> {
        let rect = canvas.get_untracked()?.get_bounding_client_rect();
        let scale = |offset: f64, size: f64, max: u16| {
            ((offset / size.max(1.0)) * f64::from(max)).clamp(0.0, f64::from(max)) as u16
        };
        Some([
            scale(f64::from(ev.client_x()) - rect.left(), rect.width(), Drawing::WIDTH),
            scale(f64::from(ev.client_y()) - rect.top(), rect.height(), Drawing::HEIGHT),
        ])
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        if let (Some(el), Some(p)) = (canvas.get_untracked(), point(&ev)) {
            let _ = el.set_pointer_capture(ev.pointer_id());
            pen_down.set(true);
            strokes.update(|s| s.push(vec![p]));
            paint(&el, &strokes.get_untracked());
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if !pen_down.get_untracked() {
            return;
        }
        if let (Some(el), Some(p)) = (canvas.get_untracked(), point(&ev)) {
            strokes.update(|s| {
                if let Some(last) = s.last_mut()
                    && last.last() != Some(&p)
                {
                    last.push(p);
                }
            });
            paint(&el, &strokes.get_untracked());
        }
    };
    let on_up = move |_| pen_down.set(false);
    let clear = move |_| {
        strokes.set(Vec::new());
        if let Some(el) = canvas.get_untracked() {
            paint(&el, &[]);
        }
    };
    view! {
        <div class="signature-pad">
            <p class="hint" id="signature-hint">{tr(i18n::NDA_DRAW_HINT)}</p>
            <canvas
                node_ref=canvas
                width=Drawing::WIDTH
                height=Drawing::HEIGHT
                aria-label=tr(i18n::NDA_DRAW_LABEL)
                aria-describedby="signature-hint"
                role="img"
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
            ></canvas>
            <button type="button" class="button" on:click=clear>{tr(i18n::NDA_CLEAR)}</button>
        </div>
    }
}

/// Redraws every stroke: cheap at signature sizes, and never out of step with the data.
fn paint(canvas: &leptos::web_sys::HtmlCanvasElement, strokes: &[Vec<[u16; 2]>]) {
    use leptos::wasm_bindgen::JsCast;
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<leptos::web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, f64::from(Drawing::WIDTH), f64::from(Drawing::HEIGHT));
    ctx.set_line_width(3.0);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#1b2b48");
    for stroke in strokes {
        ctx.begin_path();
        for (i, &[x, y]) in stroke.iter().enumerate() {
            let (x, y) = (f64::from(x), f64::from(y));
            if i == 0 {
                ctx.move_to(x, y);
                // A single tap still leaves a dot.
                ctx.line_to(x + 0.1, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
    }
}
