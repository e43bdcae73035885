//! Writes `examples/import/*.xlsx` from the CSV samples beside them, typed
//! as an office's sheet would be: numbers as numbers (rooms, areas, often
//! phones), move-in dates as Excel dates, ID numbers as text.
//!
//! cargo run --example import_samples

use frontdesk::domain::import::values::parse_date;
use frontdesk::import::read_table;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

fn numeric(header: &str) -> bool {
    ["楼栋", "单元", "房号", "楼层", "建筑面积(㎡)", "手机"].contains(&header)
}

fn write(csv: &Path, xlsx: &Path, sheet: &str) -> Result<(), Box<dyn std::error::Error>> {
    let table = read_table(csv, None)?;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let text = Format::new().set_num_format("@");
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
        ws.set_column_width(c as u16, 14)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, cell) in row.cells.iter().enumerate() {
            let col = c as u16;
            let header = table.headers[c].as_str();
            if cell.is_empty() {
                continue;
            }
            match (header, cell.parse::<f64>(), parse_date(cell)) {
                ("入住日期", _, Some(d)) => {
                    let dt = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
                    ws.write_datetime_with_format(r, col, &dt, &date)?;
                }
                (h, Ok(n), _) if numeric(h) => {
                    ws.write_number(r, col, n)?;
                }
                _ => {
                    ws.write_string_with_format(r, col, cell, &text)?;
                }
            }
        }
    }
    // An empty sheet after the list, as new workbooks have.
    book.add_worksheet().set_name("Sheet2")?;
    book.save(xlsx)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/import");
    write(&dir.join("units.csv"), &dir.join("units.xlsx"), "房屋清单")?;
    write(
        &dir.join("households.csv"),
        &dir.join("households.xlsx"),
        "住户清单",
    )?;
    println!("wrote units.xlsx and households.xlsx in {}", dir.display());
    Ok(())
}
