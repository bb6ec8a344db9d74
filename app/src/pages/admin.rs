//! `/admin`: staff accounts (invite HR, disable accounts), agreement versions, kiosks and
//! door-system tokens.

use super::devices::DeviceSections;
use super::hr::CreatedLink;
use crate::api::nda::{PublishAgreement, agreement_versions};
use crate::api::staff::{DisableAccount, InviteStaff, list_accounts};
use crate::components::form::{ErrorBanner, Field, action_error, cleared_on_success};
use crate::components::tr;
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use mamoru_types::accounts::AccountSummary;
use mamoru_types::domain::Role;
use mamoru_types::i18n;
use mamoru_types::nda::AgreementVersion;

#[component]
pub fn AdminPage() -> impl IntoView {
    let invite = ServerAction::<InviteStaff>::new();
    let disable = ServerAction::<DisableAccount>::new();
    let accounts =
        Resource::new(move || (invite.version().get(), disable.version().get()), |_| list_accounts());
    view! {
        <Title text=tr(i18n::ADMIN_TITLE) />
        <section class="page-head">
            <h1>{tr(i18n::ADMIN_TITLE)}</h1>
        </section>
        <div class="columns">
            <section class="card" aria-labelledby="create-heading">
                <h2 id="create-heading">{tr(i18n::ADMIN_CREATE_TITLE)}</h2>
                <ErrorBanner error=action_error(invite) />
                <ActionForm action=invite node_ref=cleared_on_success(invite) attr:class="stack">
                    <Field label=i18n::FULL_NAME name="name" autocomplete="off" />
                    <Field label=i18n::EMAIL name="email" kind="email" autocomplete="off" />
                    <button type="submit" class="button button-primary" disabled=move || invite.pending().get()>
                        {tr(i18n::ADMIN_CREATE_SUBMIT)}
                    </button>
                </ActionForm>
                <CreatedLink link=Signal::derive(move || invite.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at))) />
            </section>
            <section class="card" aria-labelledby="accounts-heading">
                <h2 id="accounts-heading">{tr(i18n::ADMIN_USERS_TITLE)}</h2>
                <ErrorBanner error=action_error(disable) />
                <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                    {move || Suspend::new(async move {
                        match accounts.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(list) => view! { <AccountTable list disable /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
        <AgreementSection />
        <DeviceSections />
    }
}

#[component]
fn AgreementSection() -> impl IntoView {
    let lang = use_lang();
    let publish = ServerAction::<PublishAgreement>::new();
    let versions = Resource::new(
        move || (lang.get(), publish.version().get()),
        |(lang, _)| agreement_versions(lang.code().to_owned()),
    );
    view! {
        <section class="card" aria-labelledby="agreements-heading">
            <h2 id="agreements-heading">{tr(i18n::AGREEMENTS_TITLE)}</h2>
            <p class="muted">{tr(i18n::AGREEMENTS_LEAD)}</p>
            <ErrorBanner error=action_error(publish) />
            <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match versions.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="versions">
                                {list.into_iter().map(|v| view! { <VersionRow v publish /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn VersionRow(v: AgreementVersion, publish: ServerAction<PublishAgreement>) -> impl IntoView {
    let published = v.published_at.map(i18n::format_jst);
    view! {
        <li class="version-row">
            <span>{tr(i18n::NDA_VERSION)}" "{v.version}": "{v.title}</span>
            {v.current.then(|| view! { <span class="badge badge-ok">{tr(i18n::AGREEMENT_CURRENT)}</span> })}
            <span class="muted">
                {match published {
                    Some(at) => view! { {tr(i18n::AGREEMENT_PUBLISHED)}" "{at} }.into_any(),
                    None => view! { {tr(i18n::AGREEMENT_NOT_PUBLISHED)} }.into_any(),
                }}
            </span>
            {v.can_publish.then(|| view! {
                <ActionForm action=publish attr:class="inline-form">
                    <input type="hidden" name="version" value=v.version />
                    <button type="submit" class="button button-primary">{tr(i18n::AGREEMENT_PUBLISH)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn AccountTable(list: Vec<AccountSummary>, disable: ServerAction<DisableAccount>) -> impl IntoView {
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{tr(i18n::FULL_NAME)}</th>
                    <th scope="col">{tr(i18n::ROLE)}</th>
                    <th scope="col">{tr(i18n::STATUS)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(i18n::DISABLE)}</span></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|account| {
                    let role = match account.role {
                        Role::Admin => i18n::ROLE_ADMIN,
                        Role::Hr => i18n::ROLE_HR,
                        Role::Hire => i18n::ROLE_HIRE,
                    };
                    let id = account.id.clone();
                    view! {
                        <tr>
                            <td>{account.name}<br /><span class="muted">{account.email}</span></td>
                            <td>{tr(role)}</td>
                            <td>
                                <span class="badge">{tr(if account.active { i18n::ACTIVE } else { i18n::DISABLED })}</span>
                            </td>
                            <td>
                                {account.can_disable.then(|| view! {
                                    <ActionForm action=disable attr:class="inline-form">
                                        <input type="hidden" name="user_id" value=id.to_string() />
                                        <button type="submit" class="button button-danger">{tr(i18n::DISABLE)}</button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
