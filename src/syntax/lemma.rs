//! Lemmatizer (stub).
use super::model::{Reader, Writer};
use crate::error::Result;

/// A lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {}

impl Lemmatizer {
    pub(crate) fn write(&self, _w: &mut Writer) {}
    pub(crate) fn read(_r: &mut Reader<'_>) -> Result<Lemmatizer> {
        Ok(Lemmatizer {})
    }
}

/// Lemmatizer training settings.
#[derive(Debug, Clone, Default)]
pub struct TrainOptions {}

impl Lemmatizer {
    /// Trains.
    pub fn train(_s: &[super::conllu::Sentence], _o: &TrainOptions) -> Lemmatizer {
        Lemmatizer {}
    }
    /// Lemma.
    pub fn lemma<'a>(
        &self,
        form: &'a str,
        _u: super::tagger::Upos,
        _x: super::tagger::Xpos,
    ) -> std::borrow::Cow<'a, str> {
        std::borrow::Cow::Borrowed(form)
    }
}
