//! Pages for one role only. The check runs on the server for the first render (403 or a
//! redirect to sign-in, never the page) and in the browser on client-side navigation;
//! the server functions behind the page check again, so data never depends on this.

use super::not_found::Forbidden;
use crate::components::tr;
use crate::context::use_viewer;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use mamoru_types::domain::Role;
use mamoru_types::i18n;

#[component]
pub fn Guard(allow: fn(Role) -> bool, children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match use_viewer().await {
                    Ok(Some(viewer)) if allow(viewer.role) => children.read_value()().into_any(),
                    Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                    _ => view! { <Redirect path="/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
