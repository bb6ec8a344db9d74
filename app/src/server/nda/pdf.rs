//! Rendering a signed agreement as a PDF (placeholder until the renderer lands).

use super::{Agreement, evidence::Evidence};
use crate::domain::Drawing;

pub struct Signed<'a> {
    pub agreement: &'a Agreement,
    pub evidence: &'a Evidence,
    pub drawing: Option<&'a Drawing>,
    pub verify_url: &'a str,
}

pub fn render(_signed: &Signed<'_>) -> Result<Vec<u8>, String> {
    Ok(b"%PDF-1.7\n%%EOF".to_vec())
}
