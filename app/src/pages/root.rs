//! `/` sends each person to their own start page.

use crate::context::use_viewer;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn RootRedirect() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let path = match use_viewer().await {
                    Ok(Some(viewer)) => viewer.role.home_path(),
                    _ => "/login",
                };
                view! { <Redirect path=path /> }
            })}
        </Suspense>
    }
}
