//! Which column is which: header names in Chinese and English, matched
//! without regard to case, spaces, punctuation or a unit in brackets, so
//! "面积（㎡）", "建筑面积", "Area m2" and "AREA" all find the area column.

pub use super::column::Column;
use super::problem::{Problem, ProblemKind, Warning};
use super::table::Table;
use std::borrow::Cow;

/// Which list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Units,
    Households,
}

const UNIT: &[&str] = &[
    "房号",
    "房屋编号",
    "房屋编码",
    "房产编号",
    "unit",
    "unit no",
    "unit number",
];
const BUILDING: &[&str] = &[
    "楼栋",
    "楼号",
    "栋",
    "栋号",
    "楼栋号",
    "幢",
    "幢号",
    "楼",
    "building",
    "bldg",
    "block",
];
const ENTRANCE: &[&str] = &["单元", "单元号", "entrance", "stair"];
const ROOM: &[&str] = &["房号", "房间号", "室", "室号", "门牌号", "room", "room no"];
const BUILDING_NAME: &[&str] = &["楼栋名称", "楼名", "building name"];
const FLOOR: &[&str] = &["楼层", "层", "所在楼层", "floor"];
const AREA: &[&str] = &[
    "面积",
    "建筑面积",
    "房屋面积",
    "area",
    "area_m2",
    "floor area",
];
const UNIT_KIND: &[&str] = &[
    "房屋类型",
    "类型",
    "用途",
    "房屋用途",
    "kind",
    "type",
    "use",
];
const NOTES: &[&str] = &["备注", "说明", "notes", "note", "remarks"];
const HOUSEHOLD_KIND: &[&str] = &[
    "业主/租户",
    "类型",
    "身份",
    "住户类型",
    "住户身份",
    "kind",
    "type",
    "owner/tenant",
];
const HOUSEHOLD_NAME: &[&str] = &["户名", "单位名称", "公司名称", "household", "company"];
const NAME: &[&str] = &["姓名", "名字", "住户姓名", "name", "full name"];
const RELATION: &[&str] = &[
    "关系",
    "与户主关系",
    "与业主关系",
    "家庭关系",
    "relation",
    "relationship",
];
const PHONE: &[&str] = &[
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "联系电话",
    "电话号码",
    "联系方式",
    "phone",
    "mobile",
    "tel",
    "telephone",
];
const ID_NUMBER: &[&str] = &[
    "身份证号",
    "身份证",
    "身份证号码",
    "证件号",
    "证件号码",
    "id number",
    "id_number",
    "id no",
    "id",
];
const MOVE_IN: &[&str] = &[
    "入住日期",
    "入住时间",
    "入伙日期",
    "迁入日期",
    "move_in",
    "move-in date",
    "since",
];
const PAYMENT: &[&str] = &[
    "缴费状态",
    "缴费情况",
    "物业费",
    "payment",
    "payment status",
];

/// The header names each list accepts, in the order the docs show them.
pub fn synonyms(file: FileKind) -> &'static [(Column, &'static [&'static str])] {
    match file {
        FileKind::Units => &[
            (Column::Unit, UNIT),
            (Column::Building, BUILDING),
            (Column::Entrance, ENTRANCE),
            (Column::Room, ROOM),
            (Column::BuildingName, BUILDING_NAME),
            (Column::Floor, FLOOR),
            (Column::Area, AREA),
            (Column::UnitKind, UNIT_KIND),
            (Column::Notes, NOTES),
        ],
        FileKind::Households => &[
            (Column::Unit, UNIT),
            (Column::Building, BUILDING),
            (Column::Entrance, ENTRANCE),
            (Column::Room, ROOM),
            (Column::HouseholdKind, HOUSEHOLD_KIND),
            (Column::Name, NAME),
            (Column::Relation, RELATION),
            (Column::Phone, PHONE),
            (Column::IdNumber, ID_NUMBER),
            (Column::MoveIn, MOVE_IN),
            (Column::Payment, PAYMENT),
            (Column::HouseholdName, HOUSEHOLD_NAME),
            (Column::Notes, NOTES),
        ],
    }
}

/// Every header name accepted for a column, in either list.
pub fn names_of(col: Column) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for file in [FileKind::Units, FileKind::Households] {
        for (c, names) in synonyms(file) {
            if *c == col {
                for n in *names {
                    if !out.contains(n) {
                        out.push(n);
                    }
                }
            }
        }
    }
    out
}

/// Required columns besides the unit (which is 房号 alone, or 楼栋 + 房号).
fn required(file: FileKind) -> &'static [Column] {
    match file {
        FileKind::Units => &[],
        FileKind::Households => &[Column::HouseholdKind, Column::Name],
    }
}

/// A header reduced to what identifies it: lower case, half-width, without
/// spaces and punctuation, without a bracketed or trailing area unit.
pub fn normalize_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut depth = 0u32;
    for c in h.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '（' | '【' => depth += 1,
            ')' | ']' | '）' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() => {}
            '_' | '-' | '/' | '.' | ':' | '*' | '、' | '：' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    for unit in ["㎡", "m²", "m2", "平方米", "平米"] {
        if let Some(rest) = out.strip_suffix(unit) {
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    out
}

/// The columns a header may be. 房号 may be a full unit number or a room;
/// which one is decided once all headers are known.
fn candidates(header: &str, file: FileKind) -> Vec<Column> {
    let key = normalize_header(header);
    if key.is_empty() {
        return Vec::new();
    }
    synonyms(file)
        .iter()
        .filter(|(_, names)| names.iter().any(|n| normalize_header(n) == key))
        .map(|(c, _)| *c)
        .collect()
}

/// Where each column is. Phones may come in several columns (电话 and 手机).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    found: Vec<(Column, usize)>,
    phones: Vec<usize>,
    headers: Vec<String>,
}

impl Mapping {
    pub fn get(&self, c: Column) -> Option<usize> {
        self.found.iter().find(|(k, _)| *k == c).map(|(_, i)| *i)
    }

    pub fn has(&self, c: Column) -> bool {
        self.get(c).is_some() || (c == Column::Phone && !self.phones.is_empty())
    }

    pub fn phones(&self) -> &[usize] {
        &self.phones
    }

    /// The header of column index `i` as the file writes it.
    pub fn header(&self, i: usize) -> &str {
        self.headers.get(i).map_or("", String::as_str)
    }

    /// The header of a column the file has, or "".
    pub fn header_of(&self, c: Column) -> &str {
        match c {
            Column::Phone => self.phones.first().map_or("", |&i| self.header(i)),
            _ => self.get(c).map_or("", |i| self.header(i)),
        }
    }
}

/// The outcome of reading the header row.
pub(super) struct Mapped<'a> {
    /// The table itself, or a copy starting at headers found below a title.
    pub table: Cow<'a, Table>,
    pub mapping: Mapping,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
}

fn resolve(headers: &[String], file: FileKind) -> Vec<Option<Column>> {
    let cands: Vec<Vec<Column>> = headers.iter().map(|h| candidates(h, file)).collect();
    let has_building = cands.iter().any(|c| c == &[Column::Building]);
    cands
        .into_iter()
        .map(|c| match c.as_slice() {
            [] => None,
            [one] => Some(*one),
            // 房号 beside a building column is the room, alone it is the unit.
            _ if has_building && c.contains(&Column::Room) => Some(Column::Room),
            _ => c.first().copied(),
        })
        .collect()
}

fn has_unit_columns(cols: &[Option<Column>]) -> bool {
    let has = |c| cols.contains(&Some(c));
    has(Column::Unit) || (has(Column::Building) && has(Column::Room))
}

/// How many of the first rows may be a title above the headers.
const TITLE_ROWS: usize = 5;

/// Find the header row (the first non-blank row, or one a few rows below a
/// title), match every header, and say what is missing or unknown.
pub(super) fn map(table: &Table, file: FileKind) -> Mapped<'_> {
    let mut table = Cow::Borrowed(table);
    let mut warnings = Vec::new();
    if !has_unit_columns(&resolve(&table.headers, file)) {
        let below = table
            .rows
            .iter()
            .take(TITLE_ROWS)
            .position(|r| has_unit_columns(&resolve(&r.cells, file)));
        if let Some(i) = below {
            table = Cow::Owned(table.promote(i));
            warnings.push(Warning::HeaderBelowTitle {
                row: table.header_row,
            });
        }
    }
    let cols = resolve(&table.headers, file);
    let mut found: Vec<(Column, usize)> = Vec::new();
    let mut phones = Vec::new();
    let mut problems = Vec::new();
    let at = table.header_row;
    for (i, col) in cols.iter().enumerate() {
        let header = table.headers[i].clone();
        match col {
            None if header.is_empty() => {}
            None => warnings.push(Warning::UnknownColumn { column: header }),
            Some(Column::Phone) => phones.push(i),
            Some(c) => match found.iter().find(|(k, _)| k == c) {
                Some(&(_, first)) => problems.push(Problem::new(
                    at,
                    header,
                    ProblemKind::DuplicateColumn {
                        first: table.headers[first].clone(),
                    },
                )),
                None => found.push((*c, i)),
            },
        }
    }
    let has = |c: Column| found.iter().any(|(k, _)| *k == c);
    let mut missing = Vec::new();
    match (has(Column::Unit), has(Column::Building), has(Column::Room)) {
        (true, _, _) | (false, true, true) => {}
        (false, true, false) => missing.push(Column::Room),
        (false, false, true) => missing.push(Column::Building),
        // Neither: name the one column that would do.
        (false, false, false) => missing.push(Column::Unit),
    }
    missing.extend(required(file).iter().filter(|c| !has(**c)));
    problems.extend(
        missing
            .into_iter()
            .map(|c| Problem::new(at, "", ProblemKind::MissingColumn(c))),
    );
    if table.rows.is_empty() && !table.headers.is_empty() {
        problems.push(Problem::new(at, "", ProblemKind::NoRows));
    }
    let headers = table.headers.clone();
    Mapped {
        table,
        mapping: Mapping {
            found,
            phones,
            headers,
        },
        problems,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mapping of a one-row table, owned.
    struct Owned {
        mapping: Mapping,
        problems: Vec<Problem>,
        warnings: Vec<Warning>,
    }

    fn mapped(headers: &[&str], file: FileKind) -> Owned {
        let t = table(headers);
        let m = map(&t, file);
        Owned {
            mapping: m.mapping,
            problems: m.problems,
            warnings: m.warnings,
        }
    }

    fn table(headers: &[&str]) -> Table {
        Table::from_rows(vec![
            headers.iter().map(|s| s.to_string()).collect(),
            vec!["x".to_string()],
        ])
    }

    #[test]
    fn headers_normalize() {
        assert_eq!(normalize_header(" 面积（㎡） "), "面积");
        assert_eq!(normalize_header("建筑面积m²"), "建筑面积");
        assert_eq!(normalize_header("Area m2"), "area");
        assert_eq!(normalize_header("Move-In Date"), "moveindate");
        assert_eq!(normalize_header("ＩＤ　Ｎｏ"), "idno");
        assert_eq!(normalize_header("姓名*"), "姓名");
        assert_eq!(normalize_header("业主/租户"), "业主租户");
    }

    #[test]
    fn synonyms_find_their_column() {
        for file in [FileKind::Units, FileKind::Households] {
            for (col, names) in synonyms(file) {
                for n in *names {
                    let c = candidates(n, file);
                    assert!(c.contains(col), "{n} → {c:?}, want {col:?}");
                }
            }
        }
    }

    #[test]
    fn the_docs_list_every_header() {
        let docs = include_str!("../../../docs/import.md");
        for file in [FileKind::Units, FileKind::Households] {
            for (_, names) in synonyms(file) {
                for n in *names {
                    assert!(docs.contains(n), "docs/import.md does not list {n}");
                }
            }
        }
    }

    #[test]
    fn room_or_unit_by_neighbours() {
        let m = mapped(&["楼栋", "单元", "房号"], FileKind::Units);
        assert_eq!(m.mapping.get(Column::Room), Some(2));
        assert!(m.problems.is_empty());
        let m = mapped(&["房号", "面积"], FileKind::Units);
        assert_eq!(m.mapping.get(Column::Unit), Some(0));
        assert!(m.problems.is_empty());
    }

    #[test]
    fn missing_and_unknown() {
        let m = mapped(&["面积", "颜色"], FileKind::Units);
        assert_eq!(
            m.problems,
            vec![Problem::new(
                1,
                "",
                ProblemKind::MissingColumn(Column::Unit)
            )]
        );
        assert_eq!(
            m.warnings,
            vec![Warning::UnknownColumn {
                column: "颜色".into()
            }]
        );
        let m = mapped(&["室", "面积"], FileKind::Units);
        assert_eq!(
            m.problems,
            vec![Problem::new(
                1,
                "",
                ProblemKind::MissingColumn(Column::Building)
            )]
        );
        let m = mapped(&["房号", "电话"], FileKind::Households);
        let missing: Vec<_> = m.problems.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            missing,
            vec![
                ProblemKind::MissingColumn(Column::HouseholdKind),
                ProblemKind::MissingColumn(Column::Name)
            ]
        );
    }

    #[test]
    fn two_phone_columns_are_fine_two_buildings_are_not() {
        let m = mapped(
            &["房号", "类型", "姓名", "电话", "手机"],
            FileKind::Households,
        );
        assert!(m.problems.is_empty());
        assert_eq!(m.mapping.phones(), &[3, 4]);
        let m = mapped(&["楼栋", "楼号", "房号"], FileKind::Units);
        assert_eq!(
            m.problems,
            vec![Problem::new(
                1,
                "楼号",
                ProblemKind::DuplicateColumn {
                    first: "楼栋".into()
                }
            )]
        );
    }

    #[test]
    fn title_row_above_headers() {
        let t = Table::from_rows(vec![
            vec!["阳光花园业户名册（2025年）".to_string()],
            vec![],
            vec!["房号".into(), "类型".into(), "姓名".into()],
            vec!["3-2-1201".into(), "业主".into(), "王建国".into()],
        ]);
        let m = map(&t, FileKind::Households);
        assert!(m.problems.is_empty(), "{:?}", m.problems);
        assert_eq!(m.table.header_row, 3);
        assert_eq!(m.table.rows.len(), 1);
        assert_eq!(m.warnings, vec![Warning::HeaderBelowTitle { row: 3 }]);
    }
}
