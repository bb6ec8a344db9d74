//! How the forms on `/hr` (islands inside the list's island) make HR's list load again.

use leptos::prelude::*;

/// Loads the list again: provided by the list's island to the forms inside it.
#[derive(Clone, Copy)]
pub struct ListRefresh(pub Action<(), ()>);

/// Inside the list's island: loads the list again each time `succeeded` turns true.
pub fn refresh_list_when(succeeded: impl Fn() -> bool + Send + Sync + 'static) {
    if let Some(ListRefresh(refresh)) = use_context() {
        Effect::new(move |_| {
            if succeeded() {
                refresh.dispatch_local(());
            }
        });
    }
}
