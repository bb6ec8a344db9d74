//! Sealing a rendered PDF to its evidence, and checking a PDF offline.
//!
//! The seal travels inside the file: after the PDF's own end, one comment line
//! `%mamoru-seal {json}` holds a [`Sealed`] [`DocumentSeal`]: the SHA-256 of every byte
//! before that line, and the evidence sealed at signing time. PDF readers ignore the line;
//! a verifier needs only the file and the platform's public key.

use super::evidence::Evidence;
use crate::PlatformKey;
use mamoru_seal::keys::KeyRing;
use mamoru_seal::{Purpose, Sealed};
use serde::{Deserialize, Serialize};

const MARKER: &[u8] = b"\n%mamoru-seal ";
/// Written into every NDA PDF's metadata, so a PDF whose seal line was damaged is
/// recognised as an altered Mamoru document rather than an unknown file.
pub const PDF_SUBJECT: &str = "Mamoru NDA evidence";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSeal {
    pub pdf_sha256: String,
    pub evidence: Sealed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfCheck {
    Genuine(Box<Evidence>),
    Altered,
    Unknown,
}

pub fn seal_pdf(mut body: Vec<u8>, evidence: Sealed, key: &PlatformKey) -> Vec<u8> {
    let seal = DocumentSeal { pdf_sha256: mamoru_seal::sha256_hex(&body), evidence };
    let sealed = key.seal(Purpose::NDA_DOCUMENT, &seal);
    body.extend_from_slice(MARKER);
    body.extend_from_slice(sealed.to_json().as_bytes());
    body.push(b'\n');
    body
}

/// Checks a PDF against the center's keys (each seal with the key it names: the evidence
/// may be sealed by a key retired since, the document by the current one).
pub fn check_pdf(bytes: &[u8], keys: &KeyRing) -> PdfCheck {
    let Some(at) = bytes.windows(MARKER.len()).rposition(|w| w == MARKER) else {
        let ours = bytes.windows(PDF_SUBJECT.len()).any(|w| w == PDF_SUBJECT.as_bytes());
        return if ours { PdfCheck::Altered } else { PdfCheck::Unknown };
    };
    let (body, rest) = (&bytes[..at], &bytes[at + MARKER.len()..]);
    let genuine = || -> Option<Evidence> {
        let json = std::str::from_utf8(rest.strip_suffix(b"\n")?).ok()?;
        let seal: DocumentSeal = Sealed::from_json(json).ok()?.open_with(keys, Purpose::NDA_DOCUMENT).ok()?;
        if seal.pdf_sha256 != mamoru_seal::sha256_hex(body) {
            return None;
        }
        seal.evidence.open_with(keys, Purpose::NDA_EVIDENCE).ok()
    };
    genuine().map_or(PdfCheck::Altered, |evidence| PdfCheck::Genuine(Box::new(evidence)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant_seed, mutants};

    #[test]
    fn only_the_unaltered_pdf_is_genuine() {
        let key = PlatformKey::from_seed([7; 32]);
        let (_, evidence, _) = super::super::pdf::sample(mamoru_types::i18n::Lang::Ja);
        let sealed = key.seal(Purpose::NDA_EVIDENCE, &evidence);
        // A small body keeps the mutants near the seal line, where the parsing is.
        let body = format!("%PDF-1.7\n<< /Subject ({PDF_SUBJECT}) >>\n%%EOF").into_bytes();
        let pdf = seal_pdf(body, sealed, &key);
        assert!(matches!(check_pdf(&pdf, key.ring()), PdfCheck::Genuine(_)));
        let seed = mutant_seed();
        for (i, mutant) in mutants(&pdf, 5_000, seed).iter().enumerate() {
            let check = check_pdf(mutant, key.ring());
            assert!(!matches!(check, PdfCheck::Genuine(_)), "seed {seed}, mutant {i}: {check:?}");
        }
    }
}
