//! The reader against real files: the committed samples, and files written
//! here the way Excel writes them (GBK CSV, UTF-16 text, serial dates…).

use super::*;
use crate::domain::import::{
    check_units, validate_households, validate_units, KnownUnits, SiteState,
};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/import")
        .join(name)
}

fn cells(t: &Table) -> Vec<(usize, Vec<String>)> {
    t.rows.iter().map(|r| (r.number, r.cells.clone())).collect()
}

fn site_units() -> KnownUnits {
    let t = read_table(&sample("units.csv"), None).unwrap();
    let v = validate_units(&t).unwrap();
    KnownUnits::new(v.records().iter().map(|r| r.no))
}

#[test]
fn csv_and_xlsx_samples_read_the_same() {
    let csv = read_table(&sample("units.csv"), None).unwrap();
    let xlsx = read_table(&sample("units.xlsx"), None).unwrap();
    assert_eq!(csv.headers, xlsx.headers);
    assert_eq!(cells(&csv), cells(&xlsx));
    assert_eq!(csv.rows.len(), 20);
    assert_eq!(csv.rows[0].number, 2);

    // The households workbook has real date cells and phones stored as
    // numbers; checked, both files give the same households.
    let known = site_units();
    let csv = read_table(&sample("households.csv"), None).unwrap();
    let xlsx = read_table(&sample("households.xlsx"), None).unwrap();
    let a = validate_households(&csv, &known).unwrap();
    let b = validate_households(&xlsx, &known).unwrap();
    assert_eq!(a.records(), b.records());
    assert_eq!(a.records().len(), 8);
    // The CSV writes 2016/5/20; the workbook cell is a date.
    let row = |t: &Table, n: usize| t.rows.iter().find(|r| r.number == n).unwrap().cells.clone();
    assert_eq!(row(&csv, 5)[6], "2016/5/20");
    assert_eq!(row(&xlsx, 5)[6], "2016-05-20");
    assert_eq!(row(&xlsx, 2)[4], "13812345678");
}

#[test]
fn the_bad_sample_is_refused_with_readable_reasons() {
    let t = read_table(&sample("households_bad.csv"), None).unwrap();
    let r = validate_households(&t, &site_units()).unwrap_err();
    assert_eq!(r.problems.len(), 11);
    let zh = Lang::Zh.import_rejected(&r);
    assert_eq!(
        zh[0],
        "发现 11 处问题，未写入任何数据；请修改表格后重新导入"
    );
    assert_eq!(
        zh[1],
        "第 3 行「房号」：系统中没有此房号（请先导入房屋清单）"
    );
    let en = Lang::En.import_rejected(&r);
    assert!(
        en[3].starts_with("row 5, column \"手机\": invalid phone number"),
        "{}",
        en[3]
    );
    // The refused ID numbers are not repeated back.
    let all = zh.join("\n") + &en.join("\n");
    assert!(!all.contains("330106198506060021"));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn gbk_bom_and_utf16_text_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let text = "房号,姓名,备注\r\n3-2-1201,王建国,老人居住\r\n10-1208,吴桂英,\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    assert!(std::str::from_utf8(&gbk).is_err());
    let utf8 = read_table(&write(dir.path(), "a.csv", text.as_bytes()), None).unwrap();
    let from_gbk = read_table(&write(dir.path(), "b.csv", &gbk), None).unwrap();
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let from_bom = read_table(&write(dir.path(), "c.CSV", &bom), None).unwrap();
    assert_eq!(utf8, from_gbk);
    assert_eq!(utf8, from_bom);
    assert_eq!(utf8.headers, vec!["房号", "姓名", "备注"]);
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-delimited.
    let tabbed = text.replace(',', "\t");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    let from_utf16 = read_table(&write(dir.path(), "d.txt", &utf16), None).unwrap();
    assert_eq!(utf8, from_utf16);
    // Bytes that are neither.
    let e = read_table(&write(dir.path(), "e.csv", b"\x81\x20\xff\xff"), None).unwrap_err();
    assert!(matches!(e, ReadError::Encoding), "{e:?}");
}

#[test]
fn csv_rows_are_numbered_as_excel_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = "房号,备注\n\n3-2-1201,\"两行\n备注\"\n,\n3-2-1202,x\n";
    let t = read_table(&write(dir.path(), "a.csv", text.as_bytes()), None).unwrap();
    let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
    // Header row 1, blank row 2, row 3 spans two lines, row 4 is empty cells.
    assert_eq!(numbers, vec![3, 5]);
    assert_eq!(t.rows[0].cells[1], "两行\n备注");
}

#[test]
fn formats_by_extension() {
    let e = read_table(Path::new("list.docx"), None).unwrap_err();
    assert!(matches!(&e, ReadError::UnknownFormat { extension } if extension == "docx"));
    assert_eq!(
        e.message(Lang::Zh),
        "不支持的文件类型「docx」：请用 .csv、.txt、.xlsx、.xlsm 或 .xls"
    );
    let e = read_table(Path::new("/nonexistent/units.csv"), None).unwrap_err();
    assert!(matches!(e, ReadError::Io { .. }));
    assert!(e
        .message(Lang::En)
        .starts_with("cannot read /nonexistent/units.csv"));
    assert_eq!(Format::of(Path::new("a.XLSM")).unwrap(), Format::Workbook);
    assert_eq!(Format::of(Path::new("a.txt")).unwrap(), Format::Delimited);
    let dir = tempfile::tempdir().unwrap();
    let e = read_table(&write(dir.path(), "empty.csv", b"\n\n"), None).unwrap_err();
    assert!(matches!(e, ReadError::Empty));
}

/// A workbook as offices have them: an empty first sheet, a hidden sheet,
/// the list starting below a title, dates as date cells and as bare serials.
fn workbook(path: &Path) {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("说明").unwrap();
    let hidden = book.add_worksheet();
    hidden.set_name("下拉选项").unwrap();
    hidden.write_string(0, 0, "业主").unwrap();
    hidden.set_hidden(true);
    let ws = book.add_worksheet();
    ws.set_name("住户").unwrap();
    let date = CellFormat::new().set_num_format("yyyy/m/d");
    ws.write_string(0, 0, "阳光花园住户名册").unwrap();
    for (c, h) in ["房号", "类型", "姓名", "电话", "入住日期", "面积"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "3-2-1201").unwrap();
    ws.write_string(3, 1, "业主").unwrap();
    ws.write_string(3, 2, "王建国").unwrap();
    ws.write_number(3, 3, 13812345678.0).unwrap();
    let d = ExcelDateTime::from_ymd(2019, 6, 15).unwrap();
    ws.write_datetime_with_format(3, 4, &d, &date).unwrap();
    ws.write_number(3, 5, 89.5).unwrap();
    ws.write_number(4, 0, 1201.0).unwrap();
    // A date typed into a General cell: Excel shows the serial number.
    ws.write_number(4, 4, 43631.0).unwrap();
    ws.write_string(6, 0, "").unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_cells_read_as_the_operator_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("住户.xlsx");
    workbook(&path);
    let t = read_table(&path, None).unwrap();
    // The title is the first row; the domain finds the headers below it.
    assert_eq!(t.header_row, 1);
    assert_eq!(t.headers, vec!["阳光花园住户名册"]);
    let rows = cells(&t);
    assert_eq!(
        rows[1],
        (
            4,
            [
                "3-2-1201",
                "业主",
                "王建国",
                "13812345678",
                "2019-06-15",
                "89.5"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    assert_eq!(rows[2].0, 5);
    assert_eq!(rows[2].1[0], "1201");
    assert_eq!(rows[2].1[4], "43631");
    assert_eq!(rows.len(), 3, "trailing empty rows are dropped: {rows:?}");
    assert_eq!(
        crate::domain::import::values::parse_date(&rows[2].1[4]),
        chrono::NaiveDate::from_ymd_opt(2019, 6, 15)
    );

    let named = read_table(&path, Some("住户")).unwrap();
    assert_eq!(named, t);
    let hidden = read_table(&path, Some("下拉选项")).unwrap();
    assert_eq!(hidden.headers, vec!["业主"]);
    let e = read_table(&path, Some("Sheet9")).unwrap_err();
    assert_eq!(
        e.message(Lang::Zh),
        "工作簿中没有名为「Sheet9」的工作表（现有：说明、下拉选项、住户）"
    );
}

#[test]
fn a_units_workbook_plans_like_its_csv() {
    let site = SiteState::default();
    let a = check_units(&read_table(&sample("units.csv"), None).unwrap(), &site).unwrap();
    let b = check_units(&read_table(&sample("units.xlsx"), None).unwrap(), &site).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.counts().new, 20);
    assert!(a.units.iter().any(|u| u.record.area_m2 == Some(132.06)));
    let zh = Lang::Zh.units_summary(&a);
    assert_eq!(
        zh,
        vec![
            "楼栋：新增 3，变更 0，不变 0",
            "房屋：新增 20，变更 0，不变 0"
        ]
    );
}
