//! Hires from a CSV file. Every row is checked, against the file and the database, before
//! any is imported; a file with any problem imports nothing, and the report names each
//! problem's row and column.

use super::{NewHire, email_taken, invite_in};
use crate::Core;
use crate::store::{audit, hires, invites};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::UserId;
use mamoru_types::errors::AppError;
use mamoru_types::hires::{HireField, ImportOutcome, ImportProblem, ImportReason, ImportedHire};
use std::collections::HashMap;
use std::net::IpAddr;

/// The largest file accepted: a few thousand rows.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Hires one import takes (each gets its own invitation in one transaction).
pub const MAX_ROWS: usize = 2000;

/// A hire read from the file, with its row number.
type Row = (usize, NewHire);

#[tracing::instrument(skip_all, fields(actor = %hr))]
pub async fn run(
    state: &Core,
    hr: &UserId,
    bytes: &[u8],
    ip: Option<IpAddr>,
) -> Result<ImportOutcome, AppError> {
    let rows = match parse(bytes) {
        Ok(rows) => rows,
        Err(problems) => return Ok(ImportOutcome::Rejected(problems)),
    };
    let now = state.now();
    let mut tx = state.store.write().await?;
    invites::lock_for_new(&mut tx).await?;
    let mut problems = Vec::new();
    for (row, hire) in &rows {
        if hires::employee_number_taken(&mut tx, hire.employee_number.as_str()).await? {
            problems.push(problem(*row, HireField::EmployeeNumber, ImportReason::EmployeeNumberTaken));
        }
        if email_taken(&mut tx, &hire.email, now).await? {
            problems.push(problem(*row, HireField::Email, ImportReason::EmailTaken));
        }
    }
    if !problems.is_empty() {
        return Ok(ImportOutcome::Rejected(problems));
    }
    let mut imported = Vec::with_capacity(rows.len());
    for (_, hire) in &rows {
        let link = invite_in(&mut tx, state, Some(hr), hire, ip).await?;
        imported.push(ImportedHire {
            name: hire.name.as_str().to_owned(),
            employee_number: hire.employee_number.as_str().to_owned(),
            link: link.link,
            expires_at: link.expires_at,
        });
    }
    let detail = serde_json::json!({ "hires": imported.len() });
    audit::record(&mut tx, now, hr, AuditAction::HiresImported, hr, detail, ip).await?;
    tx.commit().await?;
    Ok(ImportOutcome::Imported(imported))
}

fn problem(row: usize, field: HireField, reason: ImportReason) -> ImportProblem {
    ImportProblem { row, field: Some(field), reason }
}

fn whole_file(reason: ImportReason) -> Vec<ImportProblem> {
    vec![ImportProblem { row: 0, field: None, reason }]
}

/// Reads the file: a heading naming the columns (Japanese or English, any order), then
/// one hire per row. Answers every problem found, or the hires.
pub fn parse(bytes: &[u8]) -> Result<Vec<Row>, Vec<ImportProblem>> {
    let text = decode(bytes).ok_or_else(|| whole_file(ImportReason::Unreadable))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let heading = match records.next() {
        Some(Ok(heading)) => heading,
        Some(Err(_)) => return Err(whole_file(ImportReason::Unreadable)),
        None => return Err(whole_file(ImportReason::NoRows)),
    };
    let columns = columns(&heading)?;
    let mut problems = Vec::new();
    let mut hires = Vec::new();
    let mut first_seen: HashMap<(HireField, String), usize> = HashMap::new();
    let mut data_rows = 0;
    // Rows as a spreadsheet numbers them: one per record (a quoted cell may span lines),
    // plus the blank lines the reader skips, which the reported position comes before.
    let mut row = 1;
    for record in records {
        let Ok(record) = record else { return Err(whole_file(ImportReason::Unreadable)) };
        let position = record.position().and_then(|p| usize::try_from(p.byte()).ok()).unwrap_or(text.len());
        // The reader may stop between the \r and \n of the previous row's CRLF.
        let crlf_half = text.as_bytes().get(position.wrapping_sub(1)..=position) == Some(b"\r\n".as_slice());
        let blank_lines = line_breaks(text.get(position + usize::from(crlf_half)..).unwrap_or_default());
        row += 1 + blank_lines;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_ROWS {
            return Err(whole_file(ImportReason::TooManyRows));
        }
        if record.len() != heading.len() {
            problems.push(ImportProblem { row, field: None, reason: ImportReason::CellCount });
            continue;
        }
        let cells = columns.map(|i| record.get(i).unwrap_or_default());
        match NewHire::parse(cells) {
            Err((field, e)) => problems.push(problem(row, field, ImportReason::Input(e))),
            Ok(hire) => {
                let keys = [
                    (HireField::EmployeeNumber, hire.employee_number.as_str().to_owned()),
                    (HireField::Email, hire.email.as_str().to_owned()),
                ];
                for key in keys {
                    let field = key.0;
                    if let Some(&first_row) = first_seen.get(&key) {
                        problems.push(problem(row, field, ImportReason::Duplicate { first_row }));
                    } else {
                        first_seen.insert(key, row);
                    }
                }
                hires.push((row, hire));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if hires.is_empty() {
        return Err(whole_file(ImportReason::NoRows));
    }
    Ok(hires)
}

/// Line breaks (`\r\n`, `\n` or `\r`) at the start of `text`, before anything else.
fn line_breaks(text: &str) -> usize {
    let gap = &text[..text.len() - text.trim_start_matches(['\r', '\n']).len()];
    gap.replace("\r\n", "\n").chars().count()
}

/// The encodings spreadsheets save CSV in: UTF-16 and UTF-8 by their byte-order mark,
/// UTF-8 without one, else Shift_JIS (Excel's default in Japan).
fn decode(bytes: &[u8]) -> Option<String> {
    let encoding = encoding_rs::Encoding::for_bom(bytes).map_or_else(
        || if std::str::from_utf8(bytes).is_ok() { encoding_rs::UTF_8 } else { encoding_rs::SHIFT_JIS },
        |(encoding, _)| encoding,
    );
    let (text, malformed) = encoding.decode_with_bom_removal(bytes);
    (!malformed).then(|| text.into_owned())
}

/// The position of each field's column, in [`HireField::ALL`] order.
fn columns(heading: &csv::StringRecord) -> Result<[usize; 6], Vec<ImportProblem>> {
    let mut found = [None; 6];
    for (position, title) in heading.iter().enumerate() {
        if let Some(field) = field_titled(title.trim()) {
            found[field as usize] = Some(position);
        }
    }
    let missing: Vec<ImportProblem> = HireField::ALL
        .into_iter()
        .filter(|field| found[*field as usize].is_none())
        .map(|field| problem(1, field, ImportReason::MissingColumn))
        .collect();
    if missing.is_empty() { Ok(found.map(Option::unwrap_or_default)) } else { Err(missing) }
}

/// The field a heading names, in Japanese or English.
pub fn field_titled(title: &str) -> Option<HireField> {
    HireField::ALL.into_iter().find(|field| {
        let [ja, en] = heading(*field);
        title == ja || title.eq_ignore_ascii_case(en)
    })
}

/// A field's column heading: Japanese, English. Export writes the Japanese ones.
pub fn heading(field: HireField) -> [&'static str; 2] {
    match field {
        HireField::Name => ["氏名", "name"],
        HireField::Kana => ["フリガナ", "kana"],
        HireField::Email => ["メールアドレス", "email"],
        HireField::EmployeeNumber => ["社員番号", "employee_number"],
        HireField::Site => ["勤務地", "site"],
        HireField::StartDate => ["入社日", "start_date"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_types::domain::InputError;

    const HEADING: &str = "氏名,フリガナ,メールアドレス,社員番号,勤務地,入社日\n";

    fn reasons(
        result: Result<Vec<Row>, Vec<ImportProblem>>,
    ) -> Vec<(usize, Option<HireField>, ImportReason)> {
        result.err().expect("problems").into_iter().map(|p| (p.row, p.field, p.reason)).collect()
    }

    #[test]
    fn a_hostile_file_is_read_or_refused_naming_rows_it_has() {
        let csv = format!(
            "{HEADING}新人 太郎,しんじん たろう,taro@example.jp,E-0001,本社,2026/12/01\n\"佐藤, 花子\",サトウ ハナコ,hanako@example.jp,E-0002,札幌,2026-12-01\n"
        );
        let seed = crate::testing::mutant_seed();
        for (i, file) in crate::testing::mutants(csv.as_bytes(), 5_000, seed).iter().enumerate() {
            // Every line break, in any of the encodings read, has a \n or \r byte.
            let lines = 1 + file.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            match parse(file) {
                Ok(rows) => {
                    assert!(rows.iter().all(|(row, _)| (2..=lines).contains(row)), "seed {seed}, mutant {i}")
                }
                Err(problems) => assert!(
                    !problems.is_empty() && problems.iter().all(|p| p.row <= lines),
                    "seed {seed}, mutant {i}: {problems:?}"
                ),
            }
        }
    }

    #[test]
    fn a_clean_file_gives_every_hire_with_its_row() {
        let csv = format!(
            "{HEADING}新人 太郎,しんじん たろう,taro@example.jp,E-0001,本社,2026/12/01\n\n\"佐藤, 花子\",サトウ ハナコ,hanako@example.jp,E-0002,札幌,2026-12-01\n"
        );
        let rows = parse(csv.as_bytes()).expect("clean");
        assert_eq!(rows.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(rows[0].1.kana.as_str(), "シンジン タロウ");
        assert_eq!(rows[1].1.name.as_str(), "佐藤, 花子");
        assert_eq!(rows[0].1.start_date.iso(), "2026-12-01");
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_numbers_them() {
        let csv = format!(
            "{HEADING}\"新人\n太郎\",シンジン タロウ,taro@example.jp,E-1,本社,2026-12-01\r\n\r\n\
             新人 次郎,Jiro,jiro@example.jp,E-2,本社,2026-12-01\r\n"
        );
        assert_eq!(
            reasons(parse(csv.as_bytes())),
            [
                (2, Some(HireField::Name), ImportReason::Input(InputError::NameInvalid)),
                (4, Some(HireField::Kana), ImportReason::Input(InputError::KanaInvalid)),
            ],
            "a cell spanning two lines is one row; the blank row counts"
        );
        let old_mac = format!("{}\r新人 次郎,Jiro,jiro@example.jp,E-2,本社,2026-12-01\r", HEADING.trim_end());
        assert_eq!(reasons(parse(old_mac.as_bytes()))[0].0, 2);
    }

    #[test]
    fn english_headings_in_any_order_and_a_byte_order_mark_are_read() {
        let csv = "\u{FEFF}Email,Name,Kana,Employee_Number,Site,Start_Date\ntaro@example.jp,新人 太郎,シンジン タロウ,E-1,本社,2026-12-01\n";
        let rows = parse(csv.as_bytes()).expect("clean");
        assert_eq!(rows[0].1.email.as_str(), "taro@example.jp");
    }

    #[test]
    fn shift_jis_files_are_read() {
        let csv = format!("{HEADING}新人 太郎,シンジン タロウ,taro@example.jp,E-1,本社,2026-12-01\n");
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&csv);
        let rows = parse(&bytes).expect("clean");
        assert_eq!(rows[0].1.name.as_str(), "新人 太郎");
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_are_read() {
        let csv = format!("{HEADING}新人 太郎,シンジン タロウ,taro@example.jp,E-1,本社,2026-12-01\n");
        let bytes: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(csv.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(parse(&bytes).expect("clean")[0].1.email.as_str(), "taro@example.jp");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_row_and_column() {
        let csv = format!(
            "{HEADING}新人 太郎,シンジン タロウ,taro@example.jp,E-1,本社,2026-12-01\n\
             新人 次郎,Jiro,jiro@example.jp,E-2,本社,2026-12-01\n\
             新人 三郎,シンジン サブロウ,saburo@example.jp,E-1,本社,2026-02-30\n\
             新人 四郎,シンジン シロウ,taro@example.jp,E-4,本社,2026-12-01\n\
             短い,行\n"
        );
        assert_eq!(
            reasons(parse(csv.as_bytes())),
            [
                (3, Some(HireField::Kana), ImportReason::Input(InputError::KanaInvalid)),
                (4, Some(HireField::StartDate), ImportReason::Input(InputError::DateInvalid)),
                (5, Some(HireField::Email), ImportReason::Duplicate { first_row: 2 }),
                (6, None, ImportReason::CellCount),
            ]
        );
    }

    #[test]
    fn duplicates_within_the_file_name_the_first_row() {
        let csv = format!(
            "{HEADING}新人 太郎,シンジン タロウ,taro@example.jp,E-1,本社,2026-12-01\n\
             新人 次郎,シンジン ジロウ,jiro@example.jp,e-1,本社,2026-12-01\n"
        );
        assert_eq!(
            reasons(parse(csv.as_bytes())),
            [(3, Some(HireField::EmployeeNumber), ImportReason::Duplicate { first_row: 2 })]
        );
    }

    #[test]
    fn a_file_without_a_usable_heading_or_rows_is_refused_whole() {
        assert_eq!(
            reasons(parse("氏名,メールアドレス\n".as_bytes())),
            [
                (1, Some(HireField::Kana), ImportReason::MissingColumn),
                (1, Some(HireField::EmployeeNumber), ImportReason::MissingColumn),
                (1, Some(HireField::Site), ImportReason::MissingColumn),
                (1, Some(HireField::StartDate), ImportReason::MissingColumn),
            ]
        );
        assert_eq!(reasons(parse(HEADING.as_bytes())), [(0, None, ImportReason::NoRows)]);
        assert_eq!(reasons(parse(b"")), [(0, None, ImportReason::NoRows)]);
        assert_eq!(reasons(parse(b"\x81\x20\x82")), [(0, None, ImportReason::Unreadable)]);
    }

    #[test]
    fn more_rows_than_one_import_takes_are_refused() {
        let row = "新人 太郎,シンジン タロウ,x@example.jp,E-1,本社,2026-12-01\n";
        let csv = format!("{HEADING}{}", row.repeat(MAX_ROWS + 1));
        assert_eq!(reasons(parse(csv.as_bytes())), [(0, None, ImportReason::TooManyRows)]);
    }
}
