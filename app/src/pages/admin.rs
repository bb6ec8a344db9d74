//! `/admin`: staff accounts (invite HR and managers, give managers their sites, disable
//! accounts), agreement versions, kiosks and door-system tokens.

use super::devices::DeviceSections;
use super::hr::CreatedLink;
use super::reset::ResetLinkButton;
use crate::api::nda::{PublishAgreement, agreement_versions};
use crate::api::staff::{ChangeManagerSite, DisableAccount, InviteStaff, list_accounts};
use crate::components::form::{ErrorBanner, Field, action_error, cleared_on_success};
use crate::components::{PageTitle, island_ready, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use mamoru_types::accounts::AccountSummary;
use mamoru_types::domain::Role;
use mamoru_types::i18n;
use mamoru_types::nda::AgreementVersion;

#[component]
pub fn AdminPage() -> impl IntoView {
    let disable = ServerAction::<DisableAccount>::new();
    let site = ServerAction::<ChangeManagerSite>::new();
    let accounts = OnceResource::new(list_accounts());
    view! {
        <PageTitle text=i18n::ADMIN_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::ADMIN_TITLE)}</h1>
        </section>
        <div class="columns">
            <section class="card" aria-labelledby="create-heading">
                <h2 id="create-heading">{tr(i18n::ADMIN_CREATE_TITLE)}</h2>
                <StaffInviteForm />
            </section>
            <section class="card" aria-labelledby="accounts-heading">
                <h2 id="accounts-heading">{tr(i18n::ADMIN_USERS_TITLE)}</h2>
                <ErrorBanner error=action_error(disable) />
                <ErrorBanner error=action_error(site) />
                <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                    {move || Suspend::new(async move {
                        match accounts.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(list) => view! { <AccountTable list disable site /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
        <AgreementSection />
        <DeviceSections />
    }
}

/// Inviting HR or a manager answers with the link to hand over, shown once: an island.
/// The accounts list shows the new person when the page is next loaded.
#[island(lazy)]
fn StaffInviteForm() -> impl IntoView {
    let invite = ServerAction::<InviteStaff>::new();
    let ready = island_ready();
    view! {
        <ErrorBanner error=action_error(invite) />
        <ActionForm action=invite node_ref=cleared_on_success(invite) attr:class="stack">
            <Field label=i18n::FULL_NAME name="name" autocomplete="off" />
            <Field label=i18n::EMAIL name="email" kind="email" autocomplete="off" />
            <div class="field">
                <label for="staff-role">{tr(i18n::ROLE)}</label>
                <select id="staff-role" name="role" aria-describedby="staff-role-hint">
                    <option value="hr">{tr(i18n::ROLE_HR)}</option>
                    <option value="manager">{tr(i18n::ROLE_MANAGER)}</option>
                </select>
                <p class="hint" id="staff-role-hint">{tr(i18n::STAFF_ROLE_HINT)}</p>
            </div>
            <button type="submit" class="button button-primary" disabled=move || !ready.get() || invite.pending().get()>
                {tr(i18n::ADMIN_CREATE_SUBMIT)}
            </button>
        </ActionForm>
        <CreatedLink link=Signal::derive(move || invite.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at))) />
    }
}

#[component]
fn AgreementSection() -> impl IntoView {
    let publish = ServerAction::<PublishAgreement>::new();
    let versions = OnceResource::new(agreement_versions(use_lang().code().to_owned()));
    view! {
        <section class="card" aria-labelledby="agreements-heading">
            <h2 id="agreements-heading">{tr(i18n::AGREEMENTS_TITLE)}</h2>
            <p class="muted">{tr(i18n::AGREEMENTS_LEAD)}</p>
            <ErrorBanner error=action_error(publish) />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
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
            </Suspense>
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
fn AccountTable(
    list: Vec<AccountSummary>,
    disable: ServerAction<DisableAccount>,
    site: ServerAction<ChangeManagerSite>,
) -> impl IntoView {
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
                        Role::Manager => i18n::ROLE_MANAGER,
                        Role::Hire => i18n::ROLE_HIRE,
                    };
                    let id = account.id.clone();
                    let sites = (account.role == Role::Manager && account.active).then(|| {
                        view! { <ManagerSites user_id=id.to_string() sites=account.sites.clone() site /> }.into_any()
                    });
                    view! {
                        <tr>
                            <td>{account.name}<br /><span class="muted">{account.email}</span></td>
                            <td>{tr(role)}{sites}</td>
                            <td>
                                <span class="badge">{tr(if account.active { i18n::ACTIVE } else { i18n::DISABLED })}</span>
                            </td>
                            <td class="row-actions">
                                {account.can_reset.then(|| view! { <ResetLinkButton user_id=id.clone() /> })}
                                {account.can_disable.then(|| view! {
                                    <ActionForm action=disable attr:class="inline-form">
                                        <input type="hidden" name="user_id" value=id.to_string() />
                                        <button type="submit" class="button button-danger">{tr(i18n::DISABLE)}</button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                    .into_any()
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A manager's sites, each with a button that takes it away, and a field to add one.
#[component]
fn ManagerSites(user_id: String, sites: Vec<String>, site: ServerAction<ChangeManagerSite>) -> impl IntoView {
    let field_id = format!("new-site-{user_id}");
    let sites = sites.into_iter().map(|name| (user_id.clone(), name)).collect::<Vec<_>>();
    view! {
        <ul class="site-list" aria-label=tr(i18n::MANAGER_SITES)>
            {sites.into_iter().map(|(user_id, name)| {
                let remove = tr(i18n::SITE_REMOVE);
                let label = { let name = name.clone(); move || format!("{} {name}", remove()) };
                view! {
                <li>
                    {name.clone()}" "
                    <ActionForm action=site attr:class="inline-form">
                        <input type="hidden" name="user_id" value=user_id />
                        <input type="hidden" name="site" value=name.clone() />
                        <input type="hidden" name="assign" value="false" />
                        <button type="submit" class="button button-quiet" aria-label=label>
                            {remove}
                        </button>
                    </ActionForm>
                </li>
                }
                .into_any()
            }).collect_view()}
        </ul>
        <ActionForm action=site attr:class="inline-form">
            <input type="hidden" name="user_id" value=user_id />
            <input type="hidden" name="assign" value="true" />
            <label for=field_id.clone() class="visually-hidden">{tr(i18n::NEW_SITE)}</label>
            <input id=field_id name="site" required placeholder=tr(i18n::SITE) />
            <button type="submit" class="button">{tr(i18n::SITE_ADD)}</button>
        </ActionForm>
    }
    .into_any()
}
