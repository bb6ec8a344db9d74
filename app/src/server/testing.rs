//! Test support for the course: what a hire who knows the material answers.

/// The right answers to a served quiz (as `quiz/start` returned it, in Japanese), worked
/// out from the course by option text: what a hire who knows the material would choose.
pub fn right_answers(module: &super::course::Module, quiz: &serde_json::Value) -> Option<Vec<Vec<usize>>> {
    quiz["questions"]
        .as_array()?
        .iter()
        .map(|served| {
            let question = module.questions.iter().find(|q| q.id == served["id"])?;
            let options = served["options"].as_array()?;
            let is_right = |text: &serde_json::Value| {
                question.options.iter().any(|o| o.correct && Some(o.text.ja.as_str()) == text.as_str())
            };
            Some(options.iter().enumerate().filter(|(_, text)| is_right(text)).map(|(i, _)| i).collect())
        })
        .collect()
}
