//! The confidentiality agreement service: the current version, signing (evidence sealed
//! with the platform key, stored with its audit event in one transaction), the signed PDF,
//! verification, and publishing new versions.

pub mod agreements;
pub mod document;
pub mod evidence;
pub mod pdf;

use super::Core;
use crate::client_addr::Origin;
use crate::store::{audit, signatures};
use crate::tokens;
use mamoru_seal::{Purpose, Sealed};
use mamoru_types::accounts::Viewer;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Drawing, PersonName, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::i18n::{self, Lang};
use mamoru_types::nda::{
    AgreementVersion, ConsentItem, NdaDocument, NdaOverview, NdaStatus, SignRequest, SignedCopy, Verdict,
};
use std::collections::BTreeSet;

pub use agreements::{Agreement, Agreements};
use document::PdfCheck;
use evidence::{Evidence, SignatureMethod};

/// The largest PDF the verification page accepts; a signed agreement is far smaller.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Publishes the first built-in version when none is published yet (a fresh install has
/// nothing to re-sign, so no admin decision is needed).
#[tracing::instrument(skip_all)]
pub async fn publish_initial(state: &Core) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    if signatures::current_version(&mut tx).await?.is_none() {
        let version = state.agreements.first().version;
        signatures::publish(&mut tx, version, None, state.now()).await?;
        let detail = serde_json::json!({ "version": version, "initial": true });
        audit::append(&mut tx, event(state, None, AuditAction::AgreementPublished, None, detail, None))
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn event<'a>(
    state: &Core,
    actor_id: Option<&'a str>,
    action: AuditAction,
    subject_id: Option<&'a str>,
    detail: serde_json::Value,
    ip: Option<String>,
) -> audit::Event<'a> {
    audit::Event { at: state.now(), actor_id, action, subject_id, detail, ip }
}

async fn current(state: &Core) -> Result<&Agreement, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let version = signatures::current_version(&mut conn).await?.ok_or(AppError::NotFound)?;
    state
        .agreements
        .get(version)
        .ok_or_else(|| AppError::internal(format!("published agreement {version} is not built in")))
}

/// Where someone stands, given the current version and the versions they signed.
pub fn status(current: u32, signed: &[u32]) -> NdaStatus {
    match signed.iter().max() {
        Some(&latest) if latest >= current => NdaStatus::Signed,
        Some(_) => NdaStatus::ResignNeeded,
        None => NdaStatus::NotSigned,
    }
}

async fn signed_by(state: &Core, user_id: &UserId) -> Result<Vec<signatures::Signature>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(signatures::for_user(&mut conn, user_id).await?)
}

/// Where someone stands with the `current` version in their current round, and the code
/// of their latest copy of it in this round.
async fn this_round(
    conn: &mut sqlx::AnyConnection,
    current: u32,
    user_id: &UserId,
) -> Result<(NdaStatus, Option<String>), sqlx::Error> {
    let signed = signatures::this_round(conn, user_id).await?;
    let versions: Vec<u32> = signed.iter().map(|s| s.version).collect();
    let code = signed.into_iter().rfind(|s| s.version == current).map(|s| s.verification_code);
    Ok((status(current, &versions), code))
}

/// The status in this round, and every copy signed in any round.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn overview(state: &Core, user_id: &UserId) -> Result<NdaOverview, AppError> {
    let current = current(state).await?.version;
    let mut conn = state.store.pool().acquire().await?;
    let (status, _) = this_round(&mut conn, current, user_id).await?;
    drop(conn);
    let signed = signed_by(state, user_id).await?;
    Ok(NdaOverview {
        status,
        copies: signed
            .into_iter()
            .map(|s| SignedCopy {
                version: s.version,
                signed_at: s.signed_at,
                verification_code: s.verification_code,
            })
            .collect(),
    })
}

#[tracing::instrument(skip_all, fields(user_id = %hire.user_id))]
pub async fn document(state: &Core, hire: &Viewer, lang: Lang) -> Result<NdaDocument, AppError> {
    let agreement = current(state).await?;
    let mut conn = state.store.pool().acquire().await?;
    let (status, signed_code) = this_round(&mut conn, agreement.version, &hire.user_id).await?;
    Ok(NdaDocument {
        version: agreement.version,
        title: agreement.title(lang).to_owned(),
        html: crate::course::markdown::to_html(agreement.text.get(lang), &crate::course::Images::new()),
        consents: agreement
            .consents
            .iter()
            .map(|c| ConsentItem { id: c.id.clone(), text: c.text(lang).to_owned() })
            .collect(),
        text_sha256: agreement.text_sha256(lang),
        signer_name: hire.name.clone(),
        status,
        signed_code,
    })
}

/// Records and seals a signature of the current version; answers the verification code.
#[tracing::instrument(skip_all, fields(user_id = %hire.user_id))]
pub async fn sign(
    state: &Core,
    hire: &Viewer,
    request: SignRequest,
    origin: Origin,
) -> Result<String, AppError> {
    let agreement = current(state).await?;
    let lang: Lang = request.lang.parse().map_err(|()| AppError::AgreementChanged)?;
    if request.version != agreement.version || request.text_sha256 != agreement.text_sha256(lang) {
        return Err(AppError::AgreementChanged);
    }
    let ticked: BTreeSet<&str> = request.consents.iter().map(String::as_str).collect();
    let required: BTreeSet<&str> = agreement.consents.iter().map(|c| c.id.as_str()).collect();
    if ticked != required {
        return Err(AppError::ConsentsMissing);
    }
    // The typed name is sealed as typed: it must be a name (no control characters, not
    // longer than a name may be), then match the record.
    let typed_name = PersonName::parse(&request.typed_name)?;
    if !evidence::names_match(typed_name.as_str(), &hire.name) {
        return Err(AppError::NameMismatch);
    }
    let drawing = request.drawing.map(Drawing::parse).transpose()?;
    let drawing_json =
        drawing.as_ref().map(|d| String::from_utf8_lossy(&mamoru_seal::canonical(d)).into_owned());
    let now = state.now();
    let record = Evidence {
        agreement: "nda".into(),
        version: agreement.version,
        language: lang.code().into(),
        text_sha256: agreement.text_sha256(lang),
        consents: agreement.consents.iter().map(|c| c.text(lang).to_owned()).collect(),
        signer_id: hire.user_id.to_string(),
        signer_name: hire.name.clone(),
        typed_name: typed_name.into(),
        method: if drawing.is_some() { SignatureMethod::Drawn } else { SignatureMethod::Typed },
        drawing_sha256: drawing_json.as_deref().map(|json| mamoru_seal::sha256_hex(json.as_bytes())),
        signed_at: i18n::format_utc(now),
        ip: origin.ip_text().unwrap_or_default(),
        user_agent: origin.user_agent.clone(),
        verification_code: tokens::new_short_code(),
    };
    let sealed = state.keys.seal(Purpose::NDA_EVIDENCE, &record);
    let signature = signatures::Signature {
        id: tokens::new_id(),
        user_id: hire.user_id.clone(),
        version: agreement.version,
        signed_at: now,
        verification_code: record.verification_code.clone(),
        evidence: sealed.to_json(),
        drawing: drawing_json,
    };
    let mut tx = state.store.write().await?;
    // Two submissions racing: the second waits for the first and finds it signed.
    crate::store::users::lock(&mut tx, &hire.user_id).await?;
    if this_round(&mut tx, agreement.version, &hire.user_id).await?.0 == NdaStatus::Signed {
        return Err(AppError::AlreadySigned);
    }
    signatures::insert(&mut tx, &signature).await?;
    let detail = serde_json::json!({ "version": agreement.version, "method": record.method, "code": record.verification_code });
    audit::append(
        &mut tx,
        event(
            state,
            Some(hire.user_id.as_str()),
            AuditAction::NdaSigned,
            Some(hire.user_id.as_str()),
            detail,
            origin.ip_text(),
        ),
    )
    .await?;
    super::hires::settle(&mut tx, state, &hire.user_id).await?;
    tx.commit().await?;
    tracing::info!(version = agreement.version, "agreement signed");
    Ok(record.verification_code)
}

/// The copy `user_id` signed with verification code `code` (another person's is not
/// found).
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn copy(state: &Core, user_id: &UserId, code: &str) -> Result<signatures::Signature, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let signature = signatures::by_code(&mut conn, code).await?;
    signature.filter(|s| &s.user_id == user_id).ok_or(AppError::NotFound)
}

/// A signature's PDF: rendered from its stored evidence and sealed to it.
#[tracing::instrument(skip_all)]
pub async fn render_pdf(state: &Core, signature: signatures::Signature) -> Result<Vec<u8>, AppError> {
    let version = signature.version;
    let sealed = Sealed::from_json(&signature.evidence).map_err(AppError::internal)?;
    let record: Evidence =
        sealed.open_with(state.keys.ring(), Purpose::NDA_EVIDENCE).map_err(AppError::internal)?;
    let drawing = signature.drawing.as_deref().map(|json| sealed_drawing(json, &record)).transpose()?;
    let verify_url = format!("{}/verify?code={}", state.settings.public_url, record.verification_code);
    let (agreements, keys) = (state.agreements.clone(), state.keys.clone());
    // Rendering is tens of milliseconds of CPU: keep it off the request threads.
    tokio::task::spawn_blocking(move || {
        let agreement =
            agreements.get(version).ok_or_else(|| AppError::internal("signed agreement not built in"))?;
        let body = pdf::render(&pdf::Signed {
            agreement,
            evidence: &record,
            seal: &sealed,
            drawing: drawing.as_ref(),
            verify_url: &verify_url,
        })
        .map_err(AppError::internal)?;
        Ok(document::seal_pdf(body, sealed, &keys))
    })
    .await
    .map_err(AppError::internal)?
}

/// The stored drawing, only if it is the one whose hash the evidence sealed.
fn sealed_drawing(json: &str, record: &Evidence) -> Result<Drawing, AppError> {
    if record.drawing_sha256.as_deref() != Some(mamoru_seal::sha256_hex(json.as_bytes()).as_str()) {
        return Err(AppError::internal("a stored drawing does not match its sealed hash"));
    }
    let raw = serde_json::from_str(json).map_err(AppError::internal)?;
    Ok(Drawing::parse(raw)?)
}

/// Records that someone other than the signer downloaded a copy.
#[tracing::instrument(skip_all, fields(actor = %by.user_id))]
pub async fn record_download(
    state: &Core,
    by: &Viewer,
    copy: &signatures::Signature,
    ip: Option<String>,
) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let detail = serde_json::json!({ "version": copy.version, "code": copy.verification_code });
    let subject = Some(copy.user_id.as_str());
    audit::append(
        &mut tx,
        event(state, Some(by.user_id.as_str()), AuditAction::NdaPdfDownloaded, subject, detail, ip),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The public answer for sealed evidence: everything shown comes from inside the seal.
fn genuine(record: &Evidence) -> Verdict {
    let signed_at = i18n::parse_utc(&record.signed_at).unwrap_or_default();
    Verdict::Genuine {
        version: record.version,
        signed_on: i18n::format_jst(signed_at).chars().take(10).collect(),
        signer: evidence::mask_name(&record.signer_name),
    }
}

#[tracing::instrument(skip_all)]
pub async fn verify_code(state: &Core, code: &str) -> Result<Verdict, AppError> {
    let Some(code) = mamoru_seal::codes::parse_short_code(code) else {
        return Ok(Verdict::Unknown);
    };
    let mut conn = state.store.pool().acquire().await?;
    let Some(signature) = signatures::by_code(&mut conn, &code).await? else {
        drop(conn);
        // Permits carry codes of the same form.
        return Ok(crate::exceptions::verify_code(state, &code).await?.unwrap_or(Verdict::Unknown));
    };
    let opened = Sealed::from_json(&signature.evidence)
        .and_then(|sealed| sealed.open_with::<Evidence>(state.keys.ring(), Purpose::NDA_EVIDENCE));
    Ok(match opened {
        Ok(record) => genuine(&record),
        // The stored record no longer matches its seal: someone changed the database.
        Err(_) => Verdict::Altered,
    })
}

pub fn verify_pdf_bytes(state: &Core, bytes: &[u8]) -> Verdict {
    match document::check_pdf(bytes, state.keys.ring()) {
        PdfCheck::Genuine(record) => genuine(&record),
        PdfCheck::Altered => Verdict::Altered,
        PdfCheck::Unknown => Verdict::Unknown,
    }
}

#[tracing::instrument(skip_all)]
pub async fn versions(state: &Core, lang: Lang) -> Result<Vec<AgreementVersion>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let published = signatures::published_versions(&mut conn).await?;
    let current = published.iter().map(|(v, _)| *v).max().unwrap_or_default();
    Ok(state
        .agreements
        .all()
        .map(|a| {
            let published_at = published.iter().find(|(v, _)| *v == a.version).map(|(_, at)| *at);
            AgreementVersion {
                version: a.version,
                title: a.title(lang).to_owned(),
                published_at,
                current: a.version == current,
                can_publish: a.version > current,
            }
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(actor = %admin_id))]
pub async fn publish(state: &Core, admin_id: &UserId, version: u32, origin: Origin) -> Result<(), AppError> {
    if state.agreements.get(version).is_none() {
        return Err(AppError::NotFound);
    }
    let mut tx = state.store.write().await?;
    let current = signatures::current_version(&mut tx).await?.unwrap_or_default();
    if version <= current {
        return Err(AppError::NotNewer);
    }
    signatures::publish(&mut tx, version, Some(admin_id), state.now()).await?;
    let detail = serde_json::json!({ "version": version, "previous": current });
    audit::append(
        &mut tx,
        event(
            state,
            Some(admin_id.as_str()),
            AuditAction::AgreementPublished,
            None,
            detail,
            origin.ip_text(),
        ),
    )
    .await?;
    // Everyone who signed before must sign again: every hire's standing is recomputed,
    // after the commit and in small transactions (at start too, should this stop first).
    crate::store::hires::mark_all_stale(&mut tx).await?;
    tx.commit().await?;
    super::hires::refresh_stale(state).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_latest_signed_version() {
        assert_eq!(status(1, &[]), NdaStatus::NotSigned);
        assert_eq!(status(1, &[1]), NdaStatus::Signed);
        assert_eq!(status(2, &[1]), NdaStatus::ResignNeeded);
        assert_eq!(status(2, &[1, 2]), NdaStatus::Signed);
    }
}
