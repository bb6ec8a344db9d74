//! Previous / next for a paged list, and the query string that addresses one of its pages.

use crate::components::tr;
use leptos::prelude::*;
use mamoru_types::i18n::{self, Text};

/// Links to the neighbouring pages (they work without script; with it the router follows
/// them in place), and a disabled button where there is no page to go to.
#[component]
pub fn Pager(current: u32, pages: u32, #[prop(into)] href: Callback<u32, String>) -> impl IntoView {
    let step = move |to: u32, exists: bool, label: Text| {
        if exists {
            view! { <a class="button" href=href.run(to)>{tr(label)}</a> }.into_any()
        } else {
            view! { <button type="button" class="button" disabled=true>{tr(label)}</button> }.into_any()
        }
    };
    view! {
        <nav class="pager" aria-label=tr(i18n::PAGE_OF)>
            {step(current.saturating_sub(1), current > 1, i18n::PAGE_PREV)}
            <span>{tr(i18n::PAGE_OF)}" "{current}" / "{pages}</span>
            {step(current + 1, current < pages, i18n::PAGE_NEXT)}
        </nav>
    }
}

/// A query string of the non-empty `params`, each value percent-encoded (every byte but the
/// unreserved ones), for a list's address with its filters.
pub fn query_string(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A list's address: `path` with the non-empty filter `params` and the page (left out for
/// the first, so the plain list has one address).
pub fn list_address(path: &str, params: &[(&str, &str)], page: u32) -> String {
    let page = page.to_string();
    let query: Vec<(&str, &str)> =
        params.iter().copied().chain((page != "1").then_some(("page", page.as_str()))).collect();
    format!("{path}?{}", query_string(&query))
}

/// The page number in a list's address: from 1, and 1 when missing or not a number.
pub fn page_number(value: Option<String>) -> u32 {
    value.and_then(|v| v.parse().ok()).filter(|&p| p >= 1).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_string_skips_empty_values_and_encodes_the_rest() {
        assert_eq!(
            query_string(&[("search", "田中 a&b"), ("site", ""), ("page", "2")]),
            "search=%E7%94%B0%E4%B8%AD%20a%26b&page=2"
        );
        assert_eq!(query_string(&[("site", "")]), "");
    }

    #[test]
    fn a_page_number_is_one_or_more() {
        assert_eq!(page_number(Some("3".into())), 3);
        for bad in [None, Some("0".into()), Some("-1".into()), Some("x".into())] {
            assert_eq!(page_number(bad), 1);
        }
    }
}
