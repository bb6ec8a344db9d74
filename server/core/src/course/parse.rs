//! Reading and checking course content. Every problem is collected (not just the
//! first), each naming its file, so a center can fix its edits in one pass.

use super::images::{CourseImage, IMAGE_DIR, Images};
use super::markdown::{self, ImageUse};
use super::{Bilingual, Choice, ContentError, Course, CourseFiles, Lesson, Module, Question, QuestionKind};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};

const COURSE_FILE: &str = "course.toml";
const LANGS: [&str; 2] = ["ja", "en"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    title_ja: String,
    title_en: String,
    draw: usize,
    pass_percent: u32,
    attempts: u32,
    modules: Vec<String>,
    /// Per-module exceptions to the pass mark and attempt limit.
    #[serde(default)]
    overrides: BTreeMap<String, RulesToml>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct RulesToml {
    pass_percent: Option<u32>,
    attempts: Option<u32>,
}

/// A module's pass mark and attempt limit.
#[derive(Clone, Copy)]
struct Rules {
    pass_percent: u32,
    attempts: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BankToml {
    questions: Vec<QuestionToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionToml {
    id: String,
    kind: String,
    text: String,
    explanation: String,
    options: Vec<OptionToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionToml {
    text: String,
    #[serde(default)]
    correct: bool,
}

/// A module's Markdown: its title and (lesson title, lesson body) pairs.
struct Doc {
    title: String,
    lessons: Vec<(String, String)>,
}

#[derive(Default)]
struct Errors(Vec<ContentError>);

impl Errors {
    fn add(&mut self, file: &str, problem: impl Into<String>) {
        self.0.push(ContentError { file: file.to_owned(), problem: problem.into() });
    }
}

/// Loads and checks a course; on any problem, returns all of them.
pub fn load(files: &CourseFiles) -> Result<Course, Vec<ContentError>> {
    let mut errors = Errors::default();
    let Some(meta) = parse_toml::<CourseToml>(files, COURSE_FILE, &mut errors) else {
        return Err(errors.0);
    };
    let defaults = Rules { pass_percent: meta.pass_percent, attempts: meta.attempts };
    check_rules(COURSE_FILE, defaults, &mut errors);
    if meta.draw == 0 {
        errors.add(COURSE_FILE, "draw must be at least 1");
    }
    if meta.modules.is_empty() {
        errors.add(COURSE_FILE, "modules lists no module");
    }
    for slug in meta.overrides.keys().filter(|slug| !meta.modules.contains(slug)) {
        errors.add(COURSE_FILE, format!("overrides name {slug:?}, which is not in modules"));
    }
    let images = check_images(files, &mut errors);
    let mut used = BTreeSet::from([COURSE_FILE.to_owned()]);
    let mut seen = HashSet::new();
    let mut modules = Vec::new();
    for slug in &meta.modules {
        if !seen.insert(slug.as_str()) {
            errors.add(COURSE_FILE, format!("module {slug:?} is listed twice"));
            continue;
        }
        used.extend(module_files(slug));
        let rules = meta.overrides.get(slug).map_or(defaults, |o| Rules {
            pass_percent: o.pass_percent.unwrap_or(defaults.pass_percent),
            attempts: o.attempts.unwrap_or(defaults.attempts),
        });
        check_rules(COURSE_FILE, rules, &mut errors);
        let content = Content { files, images: &images };
        if let Some(module) = load_module(content, slug, meta.draw, rules, &mut used, &mut errors) {
            modules.push(module);
        }
    }
    for unused in files.paths().filter(|path| !used.contains(*path)) {
        errors.add(unused, "not part of the course: add its module to course.toml or remove the file");
    }
    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    Ok(Course {
        version: version(files),
        title: Bilingual { ja: meta.title_ja, en: meta.title_en },
        draw: meta.draw,
        modules,
        images,
    })
}

/// What a module is read from: the files, and the pictures that passed their checks.
#[derive(Clone, Copy)]
struct Content<'a> {
    files: &'a CourseFiles,
    images: &'a Images,
}

fn check_images(files: &CourseFiles, errors: &mut Errors) -> Images {
    let mut images = Images::new();
    for (path, bytes) in &files.images {
        match CourseImage::check(path, bytes) {
            Ok(image) => {
                images.insert(path.clone(), image);
            }
            Err(problem) => errors.add(path, problem),
        }
    }
    images
}

/// Checks the pictures a lesson shows; answers their paths, in order.
fn check_image_uses(
    file: &str,
    lesson: &str,
    body: &str,
    files: &CourseFiles,
    errors: &mut Errors,
) -> Vec<String> {
    let uses = markdown::image_uses(body);
    for ImageUse { dest, alt } in &uses {
        let name = dest.strip_prefix(IMAGE_DIR).unwrap_or_default();
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            errors.add(
                file,
                format!("lesson {lesson:?} shows {dest:?}: a picture must be a file in the course's images/ folder, written as images/NAME"),
            );
        } else if !files.images.contains_key(dest) {
            errors.add(
                file,
                format!("lesson {lesson:?} shows {dest}, which is not in the course's images/ folder"),
            );
        }
        if alt.trim().is_empty() {
            errors.add(
                file,
                format!("lesson {lesson:?} shows {dest} without alternative text: describe the picture between the brackets, ![…]({dest})"),
            );
        }
    }
    uses.into_iter().map(|u| u.dest).collect()
}

fn check_rules(file: &str, rules: Rules, errors: &mut Errors) {
    if !(1..=100).contains(&rules.pass_percent) {
        errors.add(file, "pass_percent must be from 1 to 100");
    }
    if rules.attempts == 0 {
        errors.add(file, "attempts must be at least 1");
    }
}

fn markdown_file(slug: &str, lang: &str) -> String {
    format!("modules/{slug}.{lang}.md")
}

fn quiz_file(slug: &str, lang: &str) -> String {
    format!("modules/{slug}.quiz.{lang}.toml")
}

fn module_files(slug: &str) -> impl Iterator<Item = String> + '_ {
    LANGS.into_iter().flat_map(move |lang| [markdown_file(slug, lang), quiz_file(slug, lang)])
}

fn load_module(
    content: Content<'_>,
    slug: &str,
    draw: usize,
    rules: Rules,
    used: &mut BTreeSet<String>,
    errors: &mut Errors,
) -> Option<Module> {
    let files = content.files;
    let before = errors.0.len();
    let [ja_doc, en_doc] = LANGS.map(|lang| parse_doc(files, &markdown_file(slug, lang), errors));
    // A picture named by a lesson is part of the course, even if the module has other problems.
    for (_, body) in [&ja_doc, &en_doc].into_iter().flatten().flat_map(|doc| &doc.lessons) {
        used.extend(markdown::image_uses(body).into_iter().map(|image| image.dest));
    }
    let [ja_bank, en_bank] = LANGS.map(|lang| {
        let file = quiz_file(slug, lang);
        parse_toml::<BankToml>(files, &file, errors).map(|bank| check_bank(&file, bank, draw, errors))
    });
    let (ja_doc, en_doc, ja_bank, en_bank) = (ja_doc?, en_doc?, ja_bank?, en_bank?);
    if ja_doc.lessons.len() != en_doc.lessons.len() {
        errors.add(
            &markdown_file(slug, "en"),
            format!(
                "has {} lessons but the Japanese file has {}: both languages need the same lessons",
                en_doc.lessons.len(),
                ja_doc.lessons.len()
            ),
        );
    }
    check_banks_agree(&quiz_file(slug, "en"), &ja_bank, &en_bank, errors);
    for ((ja_title, ja_body), (en_title, en_body)) in ja_doc.lessons.iter().zip(&en_doc.lessons) {
        let ja = check_image_uses(&markdown_file(slug, "ja"), ja_title, ja_body, files, errors);
        let en = check_image_uses(&markdown_file(slug, "en"), en_title, en_body, files, errors);
        let (ja_set, en_set) = (BTreeSet::from_iter(&ja), BTreeSet::from_iter(&en));
        if ja_set != en_set {
            errors.add(
                &markdown_file(slug, "en"),
                format!(
                    "lesson {en_title:?} shows {en_set:?} but the Japanese lesson shows {ja_set:?}: each picture needs its alternative text in both languages"
                ),
            );
        }
    }
    if errors.0.len() > before {
        return None;
    }
    let html = |body: &str| markdown::to_html(body, content.images);
    let lessons = ja_doc
        .lessons
        .into_iter()
        .zip(en_doc.lessons)
        .map(|((ja_title, ja_body), (en_title, en_body))| Lesson {
            title: Bilingual { ja: ja_title, en: en_title },
            html: Bilingual { ja: html(&ja_body), en: html(&en_body) },
        })
        .collect();
    let questions = ja_bank.questions.into_iter().zip(en_bank.questions).map(merge_question).collect();
    Some(Module {
        slug: slug.to_owned(),
        title: Bilingual { ja: ja_doc.title, en: en_doc.title },
        pass_percent: rules.pass_percent,
        attempts: rules.attempts,
        lessons,
        questions,
    })
}

fn parse_toml<T: for<'de> Deserialize<'de>>(
    files: &CourseFiles,
    file: &str,
    errors: &mut Errors,
) -> Option<T> {
    let Some(text) = files.get(file) else {
        errors.add(file, "missing (every module needs a Japanese and an English file of each kind)");
        return None;
    };
    toml::from_str(text).map_err(|e| errors.add(file, e.message().to_owned())).ok()
}

/// `# Title`, then lessons each starting with `## Lesson title`.
fn parse_doc(files: &CourseFiles, file: &str, errors: &mut Errors) -> Option<Doc> {
    let Some(text) = files.get(file) else {
        errors.add(file, "missing (every module needs a Japanese and an English file of each kind)");
        return None;
    };
    let mut lines = text.lines().skip_while(|line| line.trim().is_empty());
    let Some(title) = lines.next().and_then(|line| line.strip_prefix("# ")).map(str::trim) else {
        errors.add(file, "must start with the module title as \"# Title\"");
        return None;
    };
    let mut lessons: Vec<(String, String)> = Vec::new();
    for line in lines {
        if let Some(heading) = line.strip_prefix("## ") {
            lessons.push((heading.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = lessons.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else if !line.trim().is_empty() {
            errors.add(file, "text before the first lesson: start each lesson with \"## Lesson title\"");
            return None;
        }
    }
    if lessons.is_empty() {
        errors.add(file, "has no lessons: start each lesson with \"## Lesson title\"");
    }
    for (title, body) in &mut lessons {
        *body = body.trim().to_owned();
        if body.is_empty() {
            errors.add(file, format!("lesson {title:?} is empty"));
        }
    }
    Some(Doc { title: title.to_owned(), lessons })
}

fn check_bank(file: &str, bank: BankToml, draw: usize, errors: &mut Errors) -> BankToml {
    let mut ids = HashSet::new();
    for q in &bank.questions {
        let id = &q.id;
        if id.trim().is_empty() || !ids.insert(id.as_str()) {
            errors.add(file, format!("question id {id:?} is empty or used twice"));
        }
        let correct = q.options.iter().filter(|o| o.correct).count();
        match q.kind.as_str() {
            "single" if correct != 1 => {
                errors.add(file, format!("question {id:?} is single-choice but has {correct} correct options (needs exactly 1)"));
            }
            "multiple" if correct < 2 || correct == q.options.len() => errors.add(
                file,
                format!("question {id:?} is multiple-choice: mark at least 2 options correct and leave at least 1 wrong"),
            ),
            "single" | "multiple" => {}
            other => errors.add(file, format!("question {id:?} has kind {other:?} (use \"single\" or \"multiple\")")),
        }
        if !(2..=6).contains(&q.options.len()) {
            errors.add(file, format!("question {id:?} needs 2 to 6 options"));
        }
        if q.text.trim().is_empty()
            || q.explanation.trim().is_empty()
            || q.options.iter().any(|o| o.text.trim().is_empty())
        {
            errors.add(file, format!("question {id:?} has an empty text, explanation or option"));
        }
    }
    if bank.questions.len() < draw {
        errors.add(file, format!("has {} questions but each attempt draws {draw}", bank.questions.len()));
    }
    bank
}

/// Both languages must ask the same questions with the same answers.
fn check_banks_agree(file: &str, ja: &BankToml, en: &BankToml, errors: &mut Errors) {
    if ja.questions.len() != en.questions.len() {
        errors.add(file, "has a different number of questions than the Japanese bank");
        return;
    }
    for (j, e) in ja.questions.iter().zip(&en.questions) {
        let same = j.id == e.id
            && j.kind == e.kind
            && j.options.len() == e.options.len()
            && j.options.iter().zip(&e.options).all(|(a, b)| a.correct == b.correct);
        if !same {
            errors.add(file, format!(
                "question {:?} differs from the Japanese question {:?} in id, kind, options or which are correct",
                e.id, j.id
            ));
        }
    }
}

fn merge_question((ja, en): (QuestionToml, QuestionToml)) -> Question {
    Question {
        kind: if ja.kind == "single" { QuestionKind::Single } else { QuestionKind::Multiple },
        id: ja.id,
        text: Bilingual { ja: ja.text, en: en.text },
        explanation: Bilingual { ja: ja.explanation, en: en.explanation },
        options: ja
            .options
            .into_iter()
            .zip(en.options)
            .map(|(a, b)| Choice { correct: a.correct, text: Bilingual { ja: a.text, en: b.text } })
            .collect(),
    }
}

/// The course version: a hash over every file's path and exact content.
fn version(files: &CourseFiles) -> String {
    let mut hash = Sha256::new();
    let texts = files.texts.iter().map(|(path, text)| (path, text.as_bytes()));
    for (path, bytes) in texts.chain(files.images.iter().map(|(path, bytes)| (path, bytes.as_slice()))) {
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update(bytes);
        hash.update([0]);
    }
    hex::encode(&hash.finalize()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(files: &CourseFiles) -> Vec<String> {
        load(files).err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    fn edit(files: &mut CourseFiles, path: &str, from: &str, to: &str) {
        let text = files.texts.get_mut(path).expect("file exists");
        assert!(text.contains(from), "{path} contains {from:?}");
        *text = text.replacen(from, to, 1);
    }

    #[test]
    fn a_hostile_course_file_is_loaded_or_refused_never_a_crash() {
        let built_in = CourseFiles::built_in();
        let seed = crate::testing::mutant_seed();
        let paths: Vec<&String> = built_in.texts.keys().collect();
        for (i, path) in paths.iter().cycle().take(4 * paths.len()).enumerate() {
            let text = built_in.texts[*path].as_bytes();
            let mutant = crate::testing::mutants(text, 1, seed.wrapping_add(i as u64)).remove(0);
            let mut files = built_in.clone();
            files.texts.insert((*path).clone(), String::from_utf8_lossy(&mutant).into_owned());
            match load(&files) {
                Ok(course) => assert_eq!(course.modules.len(), 8, "seed {seed}, {path} mutant {i}"),
                Err(problems) => assert!(!problems.is_empty(), "seed {seed}, {path} mutant {i}"),
            }
        }
        for (i, (path, bytes)) in built_in.images.iter().enumerate() {
            for (j, mutant) in
                crate::testing::mutants(bytes, 16, seed.wrapping_add(i as u64)).into_iter().enumerate()
            {
                let mut files = built_in.clone();
                files.images.insert(path.clone(), mutant);
                match load(&files) {
                    Ok(course) => assert_eq!(course.images.len(), 3, "seed {seed}, {path} mutant {j}"),
                    Err(problems) => assert!(!problems.is_empty(), "seed {seed}, {path} mutant {j}"),
                }
            }
        }
    }

    #[test]
    fn the_built_in_course_is_complete() {
        let course = load(&CourseFiles::built_in()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(course.modules.len(), 8);
        for module in &course.modules {
            assert!((2..=4).contains(&module.lessons.len()), "{}", module.slug);
            assert!(module.questions.len() >= 8, "{}", module.slug);
            assert!(module.questions.iter().any(|q| q.kind == QuestionKind::Multiple), "{}", module.slug);
        }
        assert_eq!(course.modules[0].slug, "01-personal-information");
        assert_eq!(course.version.len(), 16);
    }

    #[test]
    fn a_missing_language_is_named() {
        let mut files = CourseFiles::built_in();
        files.texts.remove("modules/03-entry-control.en.md");
        let found = problems(&files);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("modules/03-entry-control.en.md: missing"), "{found:?}");
    }

    #[test]
    fn wrongly_marked_answers_are_refused() {
        let mut files = CourseFiles::built_in();
        let path = "modules/01-personal-information.quiz.ja.toml";
        let text = files.get(path).expect("bank").to_owned();
        // Mark every option of the first single-choice question correct.
        let first_single = text.find("kind = \"single\"").expect("a single-choice question");
        let next = text[first_single..].find("[[questions]]").map_or(text.len(), |i| first_single + i);
        let marked = text[first_single..next]
            .replace("\ncorrect = true", "")
            .replace("[[questions.options]]\n", "[[questions.options]]\ncorrect = true\n");
        files.texts.insert(path.into(), format!("{}{marked}{}", &text[..first_single], &text[next..]));
        let found = problems(&files);
        assert!(found.iter().any(|p| p.contains("single-choice but has")), "{found:?}");
        // The English bank now disagrees with the Japanese one too.
        assert!(found.iter().any(|p| p.contains("differs from the Japanese question")), "{found:?}");
    }

    #[test]
    fn duplicate_ids_and_small_banks_are_refused() {
        let mut files = CourseFiles::built_in();
        edit(&mut files, "modules/02-confidentiality.quiz.ja.toml", "id = \"q02\"", "id = \"q01\"");
        edit(&mut files, "course.toml", "draw = 5", "draw = 50");
        let found = problems(&files);
        assert!(found.iter().any(|p| p.contains("\"q01\" is empty or used twice")), "{found:?}");
        assert!(found.iter().any(|p| p.contains("each attempt draws 50")), "{found:?}");
    }

    #[test]
    fn lessons_must_match_across_languages_and_strays_are_reported() {
        let mut files = CourseFiles::built_in();
        let path = "modules/05-least-privilege.en.md";
        let text = files.get(path).expect("lesson").to_owned();
        let cut = text.rfind("\n## ").expect("several lessons");
        files.texts.insert(path.into(), text[..cut].to_owned());
        files.texts.insert("modules/99-extra.ja.md".into(), "# Extra\n## One\ntext\n".into());
        let found = problems(&files);
        assert!(found.iter().any(|p| p.starts_with(path) && p.contains("lessons")), "{found:?}");
        assert!(
            found.iter().any(|p| p.starts_with("modules/99-extra.ja.md: not part of the course")),
            "{found:?}"
        );
    }

    #[test]
    fn a_module_can_have_its_own_pass_mark_and_attempts() {
        let mut files = CourseFiles::built_in();
        let course = files.texts.get_mut("course.toml").expect("course.toml");
        course.push_str("\n[overrides.\"05-least-privilege\"]\npass_percent = 100\nattempts = 5\n");
        let loaded = load(&files).unwrap_or_else(|e| panic!("{e:?}"));
        let rules = |slug: &str| {
            let m = loaded.modules.iter().find(|m| m.slug == slug).expect("module");
            (m.pass_percent, m.attempts)
        };
        assert_eq!(rules("05-least-privilege"), (100, 5));
        assert_eq!(rules("01-personal-information"), (80, 3));
        let course = files.texts.get_mut("course.toml").expect("course.toml");
        course.push_str("[overrides.\"99-nope\"]\nattempts = 0\n");
        let found = problems(&files);
        assert!(found.iter().any(|p| p.contains("\"99-nope\", which is not in modules")), "{found:?}");
    }

    #[test]
    fn the_built_in_lessons_show_their_pictures_with_a_size() {
        let course = load(&CourseFiles::built_in()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(course.images.len(), 3);
        let lesson = &course.modules[2].lessons[0];
        let entrance = &course.images["images/entrance.svg"];
        for html in [&lesson.html.ja, &lesson.html.en] {
            assert!(html.contains(&format!(r#"<img src="{}" alt=""#, entrance.url())), "{html}");
            assert!(html.contains(r#"width="640" height="360""#), "{html}");
        }
        assert_eq!(course.image(&entrance.file_name).map(|i| i.width), Some(640));
    }

    #[test]
    fn pictures_need_alt_text_in_both_languages_and_a_checked_file_in_images() {
        let mut files = CourseFiles::built_in();
        let (ja, en) = ("modules/03-entry-control.ja.md", "modules/03-entry-control.en.md");
        let alt =
            files.get(ja).and_then(|t| t.split("![").nth(1)).and_then(|t| t.split(']').next()).expect("alt");
        let alt = alt.to_owned();
        edit(&mut files, ja, &alt, " ");
        let en_text = files.get(en).expect("en").to_owned();
        let start = en_text.find("![").expect("a picture");
        let end = start + en_text[start..].find(".svg)").expect("its end") + 5;
        edit(&mut files, en, &en_text[start..end], "![A door](../secret.png) ![A door](images/missing.svg)");
        files.images.insert("images/stray.svg".into(), files.images["images/entrance.svg"].clone());
        files
            .images
            .insert("images/evil.svg".into(), b"<svg viewBox='0 0 1 1'><script>x</script></svg>".to_vec());
        let found = problems(&files);
        let has = |file: &str, text: &str| found.iter().any(|p| p.starts_with(file) && p.contains(text));
        assert!(has(ja, "without alternative text"), "{found:?}");
        assert!(
            has(en, "\"../secret.png\": a picture must be a file in the course's images/ folder"),
            "{found:?}"
        );
        assert!(has(en, "images/missing.svg, which is not in the course's images/ folder"), "{found:?}");
        assert!(has(en, "needs its alternative text in both languages"), "{found:?}");
        assert!(has("images/stray.svg", "not part of the course"), "{found:?}");
        assert!(has("images/evil.svg", "<script>"), "{found:?}");
    }

    #[test]
    fn the_version_changes_with_any_edit() {
        let files = CourseFiles::built_in();
        let version = load(&files).expect("valid").version;
        assert_eq!(load(&files).expect("valid").version, version, "stable");
        let mut edited = files.clone();
        edit(&mut edited, "modules/08-network.ja.md", "。", "．");
        assert_ne!(load(&edited).expect("still valid").version, version);
        let mut repainted = files.clone();
        let picture = repainted.images.get_mut("images/entrance.svg").expect("a picture");
        *picture = String::from_utf8_lossy(picture).replace("#b3261e", "#b3261f").into_bytes();
        assert_ne!(load(&repainted).expect("still valid").version, version);
    }
}
