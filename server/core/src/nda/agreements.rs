//! The agreement texts: versioned files built into the binary from `app/agreements/`
//! (`nda-N.ja.md`, `nda-N.en.md`, `nda-N.consents.toml`). Which version is current is an
//! admin's decision, recorded in the database.

use super::super::course::Bilingual;
use include_dir::{Dir, include_dir};
use mamoru_types::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/agreements");

#[derive(Debug, Clone)]
pub struct Agreement {
    pub version: u32,
    /// Markdown, exactly as shown to the signer; its SHA-256 goes into the evidence.
    pub text: Bilingual,
    pub consents: Vec<Consent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Consent {
    pub id: String,
    #[serde(flatten)]
    pub text: Bilingual,
}

impl Consent {
    pub fn text(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }
}

impl Agreement {
    /// The first heading of the text: the agreement's title.
    pub fn title(&self, lang: Lang) -> &str {
        self.text.get(lang).lines().find_map(|line| line.strip_prefix("# ")).unwrap_or_default()
    }

    pub fn text_sha256(&self, lang: Lang) -> String {
        mamoru_seal::sha256_hex(self.text.get(lang).as_bytes())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentsFile {
    version: u32,
    consents: Vec<Consent>,
}

/// Every agreement version in the binary, by version number.
#[derive(Debug, Clone)]
pub struct Agreements(BTreeMap<u32, Agreement>);

impl Agreements {
    /// The built-in texts. They are part of the program, so a broken file is a bug that
    /// the unit tests catch; here it only names the file.
    pub fn built_in() -> Result<Self, String> {
        let file = |name: &str| {
            BUILT_IN
                .get_file(name)
                .and_then(|f| f.contents_utf8())
                .ok_or_else(|| format!("agreement file {name} is missing or not UTF-8"))
        };
        let mut versions = BTreeMap::new();
        for entry in BUILT_IN.files() {
            let name = entry.path().to_string_lossy();
            let Some(version) =
                name.strip_prefix("nda-").and_then(|rest| rest.strip_suffix(".consents.toml"))
            else {
                continue;
            };
            let consents: ConsentsFile =
                toml::from_str(file(&name)?).map_err(|e| format!("{name}: {}", e.message()))?;
            if version != consents.version.to_string() || consents.consents.is_empty() {
                return Err(format!("{name}: version must be {version} and there must be consents"));
            }
            let text = Bilingual {
                ja: file(&format!("nda-{version}.ja.md"))?.to_owned(),
                en: file(&format!("nda-{version}.en.md"))?.to_owned(),
            };
            let agreement = Agreement { version: consents.version, text, consents: consents.consents };
            versions.insert(agreement.version, agreement);
        }
        if versions.is_empty() {
            return Err("no agreement texts are built in".into());
        }
        Ok(Self(versions))
    }

    pub fn get(&self, version: u32) -> Option<&Agreement> {
        self.0.get(&version)
    }

    pub fn first(&self) -> &Agreement {
        self.0.values().next().expect("built_in refuses an empty set")
    }

    pub fn all(&self) -> impl Iterator<Item = &Agreement> {
        self.0.values()
    }
}

impl FromIterator<Agreement> for Agreements {
    fn from_iter<I: IntoIterator<Item = Agreement>>(agreements: I) -> Self {
        Self(agreements.into_iter().map(|a| (a.version, a)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_agreements_load_with_titles_and_consents() {
        let agreements = Agreements::built_in().expect("test input is valid");
        let first = agreements.first();
        assert_eq!(first.version, 1);
        assert_eq!(first.title(Lang::Ja), "秘密保持に関する誓約書");
        assert!(!first.title(Lang::En).is_empty());
        assert_eq!(first.consents.len(), 5);
        assert_ne!(first.text_sha256(Lang::Ja), first.text_sha256(Lang::En));
    }
}
