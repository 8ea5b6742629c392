//! Receipts, ledger entries, case files and the officer roster: the material the unit hands over.

use crate::domain::{
    CaseFile, Id, Inspection, LedgerEntry, Officer, OfficerCategory, OfficerRef, PartyKind, Procedure, Receipt,
};
use crate::inspection::{Lookups, split_names};
use crate::ui::editable::{ColumnSpec, Editable, Field, FieldKind, FormErrors, SortKey, date_text, money_text};

fn scope(inspection: Option<Id<Inspection>>, e: &mut FormErrors) -> Id<Inspection> {
    inspection.unwrap_or_else(|| {
        e.push(0, "请先选择一次检查");
        Id::from_uuid(uuid::Uuid::nil())
    })
}

impl Editable for Receipt {
    const SCOPED: bool = true;
    const NOUN: &'static str = "收据";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 6] = [
            ColumnSpec::text("收据编号", 100.0),
            ColumnSpec::date("缴款日期"),
            ColumnSpec::wide("缴款人", 200.0),
            ColumnSpec::money("金额（元）"),
            ColumnSpec::text("决定书文号", 190.0),
            ColumnSpec::text("收款单位", 140.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.receipt_no.clone(),
            1 => date_text(self.date),
            2 => self.payer.clone(),
            3 => money_text(self.amount),
            4 => self.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            _ => self.payee.clone(),
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            1 => SortKey::Date(self.date),
            3 => SortKey::Number(self.amount.0),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("收据编号", FieldKind::Text, true, "0016001"),
            Field::new("缴款日期", FieldKind::Date, false, "2017-03-05"),
            Field::new("缴款人", FieldKind::Text, false, ""),
            Field::new("金额（元）", FieldKind::Money, true, "1,500.00"),
            Field::new("决定书文号", FieldKind::DecisionNo, false, "鲅综执罚〔2017〕12号"),
            Field::new("收款单位", FieldKind::Text, false, ""),
        ]
    }

    fn values(&self, lookups: &Lookups) -> Vec<String> {
        (0..6).map(|c| self.cell(c, lookups)).collect()
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let receipt = Receipt {
            inspection_id,
            receipt_no: e.text(values, 0, true),
            date: e.date(values, 1, false),
            payer: e.text(values, 2, false),
            amount: e.money(values, 3, true),
            decision_no: e.decision(values, 4, false),
            payee: e.text(values, 5, false),
            as_written: Default::default(),
        };
        e.finish(receipt)
    }

    fn describe(&self) -> String {
        format!("收据 {}", self.receipt_no)
    }

    /// What the unit's file said (the number as written, the columns it lacked) stays with the
    /// record when it is corrected by hand.
    fn preserved_fields() -> &'static [&'static str] {
        &["as_written"]
    }
}

impl Editable for LedgerEntry {
    const SCOPED: bool = true;
    const NOUN: &'static str = "台账记录";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 9] = [
            ColumnSpec::text("决定书文号", 190.0),
            ColumnSpec::text("案件编号", 170.0),
            ColumnSpec::wide("当事人", 190.0),
            ColumnSpec::wide("违法行为", 150.0),
            ColumnSpec::date("立案日期"),
            ColumnSpec::date("决定日期"),
            ColumnSpec::money("罚款（元）"),
            ColumnSpec::money("没收（元）"),
            ColumnSpec::text("执行情况", 90.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.decision_no.to_string(),
            1 => self.case_no.clone(),
            2 => self.party.clone(),
            3 => self.violation.clone(),
            4 => date_text(self.filing_date),
            5 => date_text(self.decision_date),
            6 => money_text(self.fine),
            7 => money_text(self.confiscation),
            _ => self.execution.clone(),
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            4 => SortKey::Date(self.filing_date),
            5 => SortKey::Date(self.decision_date),
            6 => SortKey::Number(self.fine.0),
            7 => SortKey::Number(self.confiscation.0),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("决定书文号", FieldKind::DecisionNo, true, "鲅综执罚〔2017〕12号"),
            Field::new("案件编号", FieldKind::Text, false, ""),
            Field::new("当事人", FieldKind::Text, false, ""),
            Field::new("违法行为", FieldKind::Text, false, "占道经营"),
            Field::new("立案日期", FieldKind::Date, false, "2017-03-05"),
            Field::new("决定日期", FieldKind::Date, false, "2017-03-20"),
            Field::new("罚款金额（元）", FieldKind::Money, false, "1,500.00"),
            Field::new("没收金额（元）", FieldKind::Money, false, "0"),
            Field::new("执行情况", FieldKind::Text, false, "已缴清"),
            Field::new("当事人类型", FieldKind::Choice(party_kind_choices()), false, ""),
        ]
    }

    fn values(&self, lookups: &Lookups) -> Vec<String> {
        let mut values: Vec<String> = (0..9).map(|c| self.cell(c, lookups)).collect();
        values.push(self.party_kind.map(|k| k.as_str().to_string()).unwrap_or_default());
        values
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let decision_no = e.decision(values, 0, true);
        let case_no = e.text(values, 1, false);
        let party = e.text(values, 2, false);
        let violation = e.text(values, 3, false);
        let filing_date = e.date(values, 4, false);
        let decision_date = e.date(values, 5, false);
        let fine = e.money(values, 6, false);
        let confiscation = e.money(values, 7, false);
        let execution = e.text(values, 8, false);
        // Blank: told apart by the party's name (reconcile::procedure::party_kind).
        let party_kind = PartyKind::parse(&e.text(values, 9, false));
        match decision_no {
            Some(decision_no) => e.finish(LedgerEntry {
                inspection_id,
                case_no,
                decision_no,
                party,
                violation,
                filing_date,
                decision_date,
                fine,
                confiscation,
                execution,
                as_written: Default::default(),
                party_kind,
            }),
            None => Err(e.0),
        }
    }

    fn describe(&self) -> String {
        format!("台账记录 {}", self.decision_no)
    }

    /// What the unit's file said (the number as written, the columns it lacked) stays with the
    /// record when it is corrected by hand.
    fn preserved_fields() -> &'static [&'static str] {
        &["as_written"]
    }
}

/// 当事人类型: blank leaves it to the party's name.
fn party_kind_choices() -> Vec<(String, String)> {
    PartyKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect()
}

/// 适用程序: 一般程序 or 简易程序.
fn procedure_choices() -> Vec<(String, String)> {
    Procedure::ALL.iter().map(|p| (p.as_str().to_string(), p.label().to_string())).collect()
}

/// `刘海涛、周建华` and `2108…、2108…`.
fn officer_lists(officers: &[OfficerRef]) -> (String, String) {
    let names = officers.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join("、");
    let certs = officers.iter().map(|o| o.cert_no.clone()).collect::<Vec<_>>().join("、");
    (names, certs)
}

impl Editable for CaseFile {
    const SCOPED: bool = true;
    const NOUN: &'static str = "案卷";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 9] = [
            ColumnSpec::text("决定书文号", 190.0),
            ColumnSpec::date("立案日期"),
            ColumnSpec::date("告知日期"),
            ColumnSpec::text("听证", 120.0),
            ColumnSpec::date("决定日期"),
            ColumnSpec::date("送达日期"),
            ColumnSpec::date("执行日期"),
            ColumnSpec::date("结案日期"),
            ColumnSpec::wide("执法人员", 160.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.decision_no.to_string(),
            1 => date_text(self.filing_date),
            2 => date_text(self.notice_date),
            3 => self.hearing.clone(),
            4 => date_text(self.decision_date),
            5 => date_text(self.service_date),
            6 => date_text(self.execution_date),
            7 => date_text(self.closing_date),
            _ => officer_lists(&self.officers).0,
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            1 => SortKey::Date(self.filing_date),
            2 => SortKey::Date(self.notice_date),
            4 => SortKey::Date(self.decision_date),
            5 => SortKey::Date(self.service_date),
            6 => SortKey::Date(self.execution_date),
            7 => SortKey::Date(self.closing_date),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("决定书文号", FieldKind::DecisionNo, true, "鲅综执罚〔2017〕12号"),
            Field::new("立案日期", FieldKind::Date, false, ""),
            Field::new("告知日期", FieldKind::Date, false, ""),
            Field::new("听证", FieldKind::Text, false, "已告知，当事人未申请"),
            Field::new("决定日期", FieldKind::Date, false, ""),
            Field::new("送达日期", FieldKind::Date, false, ""),
            Field::new("执行日期", FieldKind::Date, false, ""),
            Field::new("结案日期", FieldKind::Date, false, ""),
            Field::new("执法人员", FieldKind::Text, false, "刘海涛、周建华"),
            Field::new("执法证号", FieldKind::Text, false, "与执法人员同序，用“、”分隔"),
            Field::new("适用程序", FieldKind::Choice(procedure_choices()), false, ""),
        ]
    }

    fn values(&self, lookups: &Lookups) -> Vec<String> {
        let (names, certs) = officer_lists(&self.officers);
        let mut values: Vec<String> = (0..8).map(|c| self.cell(c, lookups)).collect();
        values.push(names);
        values.push(certs);
        values.push(self.procedure.as_str().to_string());
        values
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let decision_no = e.decision(values, 0, true);
        let filing_date = e.date(values, 1, false);
        let notice_date = e.date(values, 2, false);
        let hearing = e.text(values, 3, false);
        let decision_date = e.date(values, 4, false);
        let service_date = e.date(values, 5, false);
        let execution_date = e.date(values, 6, false);
        let closing_date = e.date(values, 7, false);
        let names = split_names(&e.text(values, 8, false));
        let certs = crate::inspection::split_positions(&e.text(values, 9, false), names.len());
        if !certs.is_empty() && certs.len() != names.len() {
            e.push(9, format!("执法证号有 {} 个，执法人员有 {} 名，应一一对应", certs.len(), names.len()));
        }
        let officers = names
            .iter()
            .enumerate()
            .map(|(i, name)| OfficerRef { name: name.clone(), cert_no: certs.get(i).cloned().unwrap_or_default() })
            .collect();
        let procedure = Procedure::parse(&e.text(values, 10, false)).unwrap_or_default();
        match decision_no {
            Some(decision_no) => e.finish(CaseFile {
                inspection_id,
                decision_no,
                filing_date,
                notice_date,
                hearing,
                decision_date,
                service_date,
                execution_date,
                closing_date,
                officers,
                as_written: Default::default(),
                procedure,
            }),
            None => Err(e.0),
        }
    }

    fn describe(&self) -> String {
        format!("案卷 {}", self.decision_no)
    }

    /// What the unit's file said (the number as written, the columns it lacked) stays with the
    /// record when it is corrected by hand.
    fn preserved_fields() -> &'static [&'static str] {
        &["as_written"]
    }
}

fn category_choices() -> Vec<(String, String)> {
    [OfficerCategory::Officer, OfficerCategory::Auxiliary]
        .iter()
        .map(|c| (format!("{c:?}"), c.label().to_string()))
        .collect()
}

impl Editable for Officer {
    const SCOPED: bool = true;
    const NOUN: &'static str = "执法人员";

    fn columns() -> &'static [ColumnSpec] {
        const COLUMNS: [ColumnSpec; 4] = [
            ColumnSpec::text("姓名", 100.0),
            ColumnSpec::text("执法证号", 140.0),
            ColumnSpec::date("有效期至"),
            ColumnSpec::text("人员类别", 100.0),
        ];
        &COLUMNS
    }

    fn cell(&self, column: usize, _: &Lookups) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.cert_no.clone(),
            2 => date_text(self.valid_until),
            _ => self.category.label().to_string(),
        }
    }

    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match column {
            2 => SortKey::Date(self.valid_until),
            _ => SortKey::Text(self.cell(column, lookups)),
        }
    }

    fn fields(_: &Lookups) -> Vec<Field> {
        vec![
            Field::new("姓名", FieldKind::Text, true, ""),
            Field::new("执法证号", FieldKind::Text, false, ""),
            Field::new("有效期至", FieldKind::Date, false, "2019-12-31"),
            Field::new("人员类别", FieldKind::Choice(category_choices()), true, ""),
        ]
    }

    fn values(&self, lookups: &Lookups) -> Vec<String> {
        vec![self.name.clone(), self.cert_no.clone(), self.cell(2, lookups), format!("{:?}", self.category)]
    }

    fn blank(_: &Lookups) -> Vec<String> {
        vec![String::new(), String::new(), String::new(), format!("{:?}", OfficerCategory::Officer)]
    }

    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        _: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut e = FormErrors::default();
        let inspection_id = scope(inspection, &mut e);
        let category_text = e.text(values, 3, true);
        let officer = Officer {
            inspection_id,
            name: e.text(values, 0, true),
            cert_no: e.text(values, 1, false),
            valid_until: e.date(values, 2, false),
            category: if category_text == format!("{:?}", OfficerCategory::Auxiliary) {
                OfficerCategory::Auxiliary
            } else {
                OfficerCategory::Officer
            },
            as_written: Default::default(),
        };
        e.finish(officer)
    }

    fn describe(&self) -> String {
        format!("执法人员“{}”", self.name)
    }

    /// What the unit's file said (the number as written, the columns it lacked) stays with the
    /// record when it is corrected by hand.
    fn preserved_fields() -> &'static [&'static str] {
        &["as_written"]
    }
}
