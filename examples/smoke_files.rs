//! Writes the unit's files that `tools/cross-smoke.sh` imports on every platform: a receipts list
//! as .xlsx (typed number and date cells, as Excel saves them) and a penalty ledger as a GBK CSV
//! with CRLF (as Excel on Chinese Windows saves one), both with Chinese names and a space in them.
//!
//!     cargo run --example smoke_files -- DIR

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// The xlsx's file name.
const RECEIPTS: &str = "收据 登记表.xlsx";
/// The CSV's file name.
const LEDGER: &str = "处罚台账（GBK）.csv";

const LEDGER_CSV: &str = "\
区市场监督管理局行政处罚台账（2017年）
案件编号,决定书文号,当事人,违法行为,立案日期,决定日期,罚款金额（元）,没收金额,执行情况,备注
2017-001,鲅市监罚[2017]第1号,鲅鱼圈区某某商贸有限公司,\"销售过期食品，未建立进货台账\",2017/1/3,2017年2月1日,\"5,000.00\",无,已缴纳,
2017-002,鲅市监罚（2017）2号,堃彧喆昇,无照经营,20170105,2017.02.03,伍仟元整,200,未缴纳,
2017-003,鲅市监罚〔2017〕3号,王喆,超范围经营,2017-04-10,2017-09-01,800,0,已缴纳,立案至决定超过90天

合计,,,,,,\"10,800.00\",,,
";

fn receipts(path: &std::path::Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name("收据")?;
    sheet.write_string(0, 0, "2017年罚没款收据登记表")?;
    for (c, title) in ["序号", "收据号", "开票日期", "交款人", "金额(元)", "决定书编号", "备注"].iter().enumerate()
    {
        sheet.write_string(1, u16::try_from(c).unwrap_or(0), *title)?;
    }
    // (收据号, 日期, 交款人, 金额, 决定书): the second pays a different amount than decided, the
    // third names a decision the ledger lacks.
    let rows = [
        ("0012345", (2017, 2, 6), "鲅鱼圈区某某商贸有限公司", 5000.0, "鲅市监罚〔2017〕1号"),
        ("0012346", (2017, 2, 10), "堃彧喆昇", 4800.0, "鲅市监罚(2017)2号"),
        ("0012347", (2017, 3, 5), "陈昇", 1500.5, "鲅市监罚〔2017〕12号"),
        ("0012348", (2017, 9, 8), "王喆", 800.0, "鲅市监罚〔2017〕3号"),
    ];
    for (i, (no, (y, m, d), payer, amount, decision)) in rows.into_iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(0) + 2;
        sheet.write_number(r, 0, f64::from(r - 1))?;
        sheet.write_string(r, 1, no)?;
        sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(y, m, d)?, &date_format)?;
        sheet.write_string(r, 3, payer)?;
        sheet.write_number(r, 4, amount)?;
        sheet.write_string(r, 5, decision)?;
    }
    workbook.save(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args_os().nth(1).ok_or("用法：smoke_files 目录")?);
    std::fs::create_dir_all(&dir)?;
    receipts(&dir.join(RECEIPTS))?;
    let windows = LEDGER_CSV.replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&windows);
    if unmappable {
        return Err("台账中有 GBK 没有的字".into());
    }
    std::fs::write(dir.join(LEDGER), &gbk)?;
    println!("{}\n{}", dir.join(RECEIPTS).display(), dir.join(LEDGER).display());
    Ok(())
}
