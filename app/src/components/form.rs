//! Form pieces: labelled fields and the error banner.

use super::tr;
use crate::context::use_lang;
use leptos::prelude::*;
use mamoru_types::errors::AppError;
use mamoru_types::i18n::Text;

/// A labelled input. The label is the accessible name, so tests and screen readers find
/// the field by what it says.
#[component]
pub fn Field(
    label: Text,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Text>,
    #[prop(default = true)] required: bool,
    /// Spans two columns of a filter row.
    #[prop(optional)]
    wide: bool,
    /// The element id, when two forms on one page have a field of the same name.
    #[prop(optional)]
    id: Option<&'static str>,
    /// The value it starts with (a filter as the page's address has it).
    #[prop(optional, into)]
    value: Option<String>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let hint_id = format!("{id}-hint");
    let described_by = hint.map(|_| hint_id.clone());
    view! {
        <div class="field" class:field-wide=wide>
            <label for=id.clone()>{tr(label)}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                aria-describedby=described_by
                value=value
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{tr(hint)}</p> })}
        </div>
    }
}

/// The submit handler of an upload form: the browser sends the form's data (the chosen
/// file) to `upload` itself, rather than through a server action.
pub fn send_upload<O: 'static>(
    upload: Action<leptos::web_sys::FormData, O>,
) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    move |ev| {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let form = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|form| leptos::web_sys::FormData::new_with_form(&form).ok()) {
            upload.dispatch_local(data);
        }
    }
}

/// Shows the error of the last submission, announced to screen readers.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            view! {
                <p class="banner banner-error" role="alert">{e.message(lang)}</p>
            }
        })
    }
}

/// A form that empties once its action succeeds, so the next entry starts blank and the
/// same person cannot be sent twice by a second click. Pass it as the form's `node_ref`.
pub fn cleared_on_success<I, O>(action: ServerAction<I>) -> NodeRef<leptos::html::Form>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move || {
        if action.value().with(|v| matches!(v, Some(Ok(_))))
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
    form
}

/// The error of an action's last result, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}
