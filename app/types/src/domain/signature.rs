//! A handwritten signature as drawn on the signing page: strokes of points in a fixed
//! logical box, whatever the size of the screen it was drawn on. Parsed the same way in
//! the browser (to explain a refusal before sending) and on the server.

use super::InputError;
use serde::Serialize;

/// The drawing as it travels: strokes of `[x, y]` points.
pub type RawStrokes = Vec<Vec<[u16; 2]>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Drawing(RawStrokes);

impl Drawing {
    /// The logical drawing box; the canvas scales pointer positions into it.
    pub const WIDTH: u16 = 600;
    pub const HEIGHT: u16 = 200;
    /// Enough for a long name written slowly; keeps a request small (about 30 KB).
    pub const MAX_POINTS: usize = 4_000;
    pub const MAX_STROKES: usize = 100;
    /// A signature must span at least this much of the box (width + height of its ink).
    const MIN_EXTENT: u32 = 80;
    const MIN_POINTS: usize = 10;

    pub fn parse(strokes: RawStrokes) -> Result<Self, InputError> {
        let points = strokes.iter().map(Vec::len).sum::<usize>();
        if points > Self::MAX_POINTS || strokes.len() > Self::MAX_STROKES {
            return Err(InputError::SignatureTooLarge);
        }
        if strokes.iter().flatten().any(|&[x, y]| x > Self::WIDTH || y > Self::HEIGHT) {
            return Err(InputError::SignatureTooLarge);
        }
        let (mut low, mut high) = ([u16::MAX; 2], [0u16; 2]);
        for &[x, y] in strokes.iter().flatten() {
            low = [low[0].min(x), low[1].min(y)];
            high = [high[0].max(x), high[1].max(y)];
        }
        let extent = u32::from(high[0].saturating_sub(low[0])) + u32::from(high[1].saturating_sub(low[1]));
        if points < Self::MIN_POINTS || extent < Self::MIN_EXTENT {
            return Err(InputError::SignatureTooSmall);
        }
        Ok(Self(strokes.into_iter().filter(|s| !s.is_empty()).collect()))
    }

    pub fn strokes(&self) -> &[Vec<[u16; 2]>] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(from: [u16; 2], to: [u16; 2], points: u16) -> Vec<[u16; 2]> {
        (0..points)
            .map(|i| {
                let at = |a: u16, b: u16| {
                    (f32::from(a) + (f32::from(b) - f32::from(a)) * f32::from(i) / f32::from(points)) as u16
                };
                [at(from[0], to[0]), at(from[1], to[1])]
            })
            .collect()
    }

    #[test]
    fn a_real_signature_parses() {
        let strokes = vec![line([50, 150], [250, 40], 20), line([260, 150], [450, 60], 20)];
        assert_eq!(
            Drawing::parse(strokes.clone()).expect("test input is valid").strokes(),
            strokes.as_slice()
        );
    }

    #[test]
    fn empty_dots_and_tiny_scribbles_are_refused() {
        assert_eq!(Drawing::parse(vec![]), Err(InputError::SignatureTooSmall));
        assert_eq!(Drawing::parse(vec![vec![[10, 10]]; 12]), Err(InputError::SignatureTooSmall));
        assert_eq!(Drawing::parse(vec![line([10, 10], [40, 30], 30)]), Err(InputError::SignatureTooSmall));
    }

    #[test]
    fn oversized_drawings_are_refused() {
        assert_eq!(Drawing::parse(vec![line([0, 0], [600, 200], 4_001)]), Err(InputError::SignatureTooLarge));
        assert_eq!(Drawing::parse(vec![vec![[601, 0], [0, 0]]]), Err(InputError::SignatureTooLarge));
        assert_eq!(
            Drawing::parse(vec![line([0, 0], [600, 200], 2); 101]),
            Err(InputError::SignatureTooLarge)
        );
    }
}
