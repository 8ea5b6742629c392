//! Receipts, ledger entries, case files and the officer roster: the material the unit hands over.

use crate::domain::{
    CaseFile, DecisionNo, Fen, Id, Inspection, LedgerEntry, Officer, OfficerCategory, OfficerRef, PartyKind, Procedure,
    Receipt,
};
use crate::inspection::{split_names, split_positions};
use crate::ui::editable::{
    ColumnSpec, Editable, FieldKind, FieldSpec, FormField, SortKey, TableColumn, Typed, amount, amount_or_zero,
    date_text, decision_text, money_text, opt_date, opt_decision_no, put, set, set_given,
};

impl Editable for Receipt {
    const SCOPED: bool = true;
    const NOUN: &'static str = "收据";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("收据编号", 100.0), |r, _| r.receipt_no.clone()),
        TableColumn::sorted(ColumnSpec::date("缴款日期"), |r, _| date_text(r.date), |r, _| SortKey::Date(r.date)),
        TableColumn::new(ColumnSpec::wide("缴款人", 200.0), |r, _| r.payer.clone()),
        TableColumn::sorted(
            ColumnSpec::money("金额（元）"),
            |r, _| money_text(r.amount),
            |r, _| SortKey::Number(r.amount.0),
        ),
        TableColumn::new(ColumnSpec::text("决定书文号", 190.0), |r, _| decision_text(r.decision_no.as_ref())),
        TableColumn::new(ColumnSpec::text("收款单位", 140.0), |r, _| r.payee.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::text("收据编号").required().hint("0016001"),
            |r, _| r.receipt_no.clone(),
            |r, t, _| put(&mut r.receipt_no, t),
        ),
        FormField::new(
            FieldSpec::date("缴款日期").hint("2017-03-05"),
            |r, _| date_text(r.date),
            |r, t, _| set(&mut r.date, opt_date(t)),
        ),
        FormField::new(FieldSpec::text("缴款人"), |r, _| r.payer.clone(), |r, t, _| put(&mut r.payer, t)),
        FormField::new(
            FieldSpec::money("金额（元）").required().hint("1,500.00"),
            |r, _| money_text(r.amount),
            |r, t, _| set(&mut r.amount, amount(t)),
        ),
        FormField::new(
            FieldSpec::decision_no("决定书文号").hint("鲅综执罚〔2017〕12号"),
            |r, _| decision_text(r.decision_no.as_ref()),
            |r, t, _| set(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(FieldSpec::text("收款单位"), |r, _| r.payee.clone(), |r, t, _| put(&mut r.payee, t)),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        Receipt {
            inspection_id,
            receipt_no: String::new(),
            date: None,
            payer: String::new(),
            amount: Fen::ZERO,
            decision_no: None,
            payee: String::new(),
            as_written: Default::default(),
        }
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

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("决定书文号", 190.0), |r, _| r.decision_no.to_string()),
        TableColumn::new(ColumnSpec::text("案件编号", 170.0), |r, _| r.case_no.clone()),
        TableColumn::new(ColumnSpec::wide("当事人", 190.0), |r, _| r.party.clone()),
        TableColumn::new(ColumnSpec::wide("违法行为", 150.0), |r, _| r.violation.clone()),
        TableColumn::sorted(
            ColumnSpec::date("立案日期"),
            |r, _| date_text(r.filing_date),
            |r, _| SortKey::Date(r.filing_date),
        ),
        TableColumn::sorted(
            ColumnSpec::date("决定日期"),
            |r, _| date_text(r.decision_date),
            |r, _| SortKey::Date(r.decision_date),
        ),
        TableColumn::sorted(
            ColumnSpec::money("罚款（元）"),
            |r, _| money_text(r.fine),
            |r, _| SortKey::Number(r.fine.0),
        ),
        TableColumn::sorted(
            ColumnSpec::money("没收（元）"),
            |r, _| money_text(r.confiscation),
            |r, _| SortKey::Number(r.confiscation.0),
        ),
        TableColumn::new(ColumnSpec::text("执行情况", 90.0), |r, _| r.execution.clone()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::decision_no("决定书文号").required().hint("鲅综执罚〔2017〕12号"),
            |r, _| r.decision_no.to_string(),
            |r, t, _| set_given(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(FieldSpec::text("案件编号"), |r, _| r.case_no.clone(), |r, t, _| put(&mut r.case_no, t)),
        FormField::new(FieldSpec::text("当事人"), |r, _| r.party.clone(), |r, t, _| put(&mut r.party, t)),
        FormField::new(
            FieldSpec::text("违法行为").hint("占道经营"),
            |r, _| r.violation.clone(),
            |r, t, _| put(&mut r.violation, t),
        ),
        FormField::new(
            FieldSpec::date("立案日期").hint("2017-03-05"),
            |r, _| date_text(r.filing_date),
            |r, t, _| set(&mut r.filing_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("决定日期").hint("2017-03-20"),
            |r, _| date_text(r.decision_date),
            |r, t, _| set(&mut r.decision_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::money("罚款金额（元）").hint("1,500.00"),
            |r, _| money_text(r.fine),
            |r, t, _| set(&mut r.fine, amount_or_zero(t)),
        ),
        FormField::new(
            FieldSpec::money("没收金额（元）").hint("0"),
            |r, _| money_text(r.confiscation),
            |r, t, _| set(&mut r.confiscation, amount_or_zero(t)),
        ),
        FormField::new(
            FieldSpec::text("执行情况").hint("已缴清"),
            |r, _| r.execution.clone(),
            |r, t, _| put(&mut r.execution, t),
        ),
        // Blank: told apart by the party's name (reconcile::procedure::party_kind).
        FormField::new(
            FieldSpec::new("当事人类型", |_| FieldKind::Choice(party_kind_choices())),
            |r, _| r.party_kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
            |r, t, _| set(&mut r.party_kind, Ok(PartyKind::parse(t.trim()))),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        LedgerEntry {
            inspection_id,
            case_no: String::new(),
            decision_no: DecisionNo::default(),
            party: String::new(),
            violation: String::new(),
            filing_date: None,
            decision_date: None,
            fine: Fen::ZERO,
            confiscation: Fen::ZERO,
            execution: String::new(),
            as_written: Default::default(),
            party_kind: None,
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

/// `刘海涛、周建华`.
fn officer_names(officers: &[OfficerRef]) -> String {
    officers.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join("、")
}

/// `2108…、2108…`, in the order of the names.
fn officer_certs(officers: &[OfficerRef]) -> String {
    officers.iter().map(|o| o.cert_no.clone()).collect::<Vec<_>>().join("、")
}

/// The label of the case file's certificate numbers, which `finish` pairs with the names.
const CERTS: &str = "执法证号";

impl Editable for CaseFile {
    const SCOPED: bool = true;
    const NOUN: &'static str = "案卷";

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("决定书文号", 190.0), |r, _| r.decision_no.to_string()),
        TableColumn::sorted(
            ColumnSpec::date("立案日期"),
            |r, _| date_text(r.filing_date),
            |r, _| SortKey::Date(r.filing_date),
        ),
        TableColumn::sorted(
            ColumnSpec::date("告知日期"),
            |r, _| date_text(r.notice_date),
            |r, _| SortKey::Date(r.notice_date),
        ),
        TableColumn::new(ColumnSpec::text("听证", 120.0), |r, _| r.hearing.clone()),
        TableColumn::sorted(
            ColumnSpec::date("决定日期"),
            |r, _| date_text(r.decision_date),
            |r, _| SortKey::Date(r.decision_date),
        ),
        TableColumn::sorted(
            ColumnSpec::date("送达日期"),
            |r, _| date_text(r.service_date),
            |r, _| SortKey::Date(r.service_date),
        ),
        TableColumn::sorted(
            ColumnSpec::date("执行日期"),
            |r, _| date_text(r.execution_date),
            |r, _| SortKey::Date(r.execution_date),
        ),
        TableColumn::sorted(
            ColumnSpec::date("结案日期"),
            |r, _| date_text(r.closing_date),
            |r, _| SortKey::Date(r.closing_date),
        ),
        TableColumn::new(ColumnSpec::wide("执法人员", 160.0), |r, _| officer_names(&r.officers)),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(
            FieldSpec::decision_no("决定书文号").required().hint("鲅综执罚〔2017〕12号"),
            |r, _| r.decision_no.to_string(),
            |r, t, _| set_given(&mut r.decision_no, opt_decision_no(t)),
        ),
        FormField::new(
            FieldSpec::date("立案日期"),
            |r, _| date_text(r.filing_date),
            |r, t, _| set(&mut r.filing_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("告知日期"),
            |r, _| date_text(r.notice_date),
            |r, t, _| set(&mut r.notice_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::text("听证").hint("已告知，当事人未申请"),
            |r, _| r.hearing.clone(),
            |r, t, _| put(&mut r.hearing, t),
        ),
        FormField::new(
            FieldSpec::date("决定日期"),
            |r, _| date_text(r.decision_date),
            |r, t, _| set(&mut r.decision_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("送达日期"),
            |r, _| date_text(r.service_date),
            |r, t, _| set(&mut r.service_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("执行日期"),
            |r, _| date_text(r.execution_date),
            |r, t, _| set(&mut r.execution_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::date("结案日期"),
            |r, _| date_text(r.closing_date),
            |r, t, _| set(&mut r.closing_date, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::text("执法人员").hint("刘海涛、周建华"),
            |r, _| officer_names(&r.officers),
            |r, t, _| {
                r.officers =
                    split_names(t.trim()).into_iter().map(|name| OfficerRef { name, cert_no: String::new() }).collect();
                Ok(())
            },
        ),
        // Paired with the names in `finish`.
        FormField::new(
            FieldSpec::text(CERTS).hint("与执法人员同序，用“、”分隔"),
            |r, _| officer_certs(&r.officers),
            |_, _, _| Ok(()),
        ),
        FormField::new(
            FieldSpec::new("适用程序", |_| FieldKind::Choice(procedure_choices())),
            |r, _| r.procedure.as_str().to_string(),
            |r, t, _| set(&mut r.procedure, Ok(Procedure::parse(t.trim()).unwrap_or_default())),
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        CaseFile {
            inspection_id,
            decision_no: DecisionNo::default(),
            filing_date: None,
            notice_date: None,
            hearing: String::new(),
            decision_date: None,
            service_date: None,
            execution_date: None,
            closing_date: None,
            officers: Default::default(),
            as_written: Default::default(),
            procedure: Procedure::default(),
        }
    }

    /// The certificate numbers go to the officers named, in order.
    fn finish(&mut self, typed: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        let certs = split_positions(typed.text(CERTS).trim(), self.officers.len());
        let mut errors = Vec::new();
        if !certs.is_empty() && certs.len() != self.officers.len() {
            errors.push((
                CERTS,
                format!("执法证号有 {} 个，执法人员有 {} 名，应一一对应", certs.len(), self.officers.len()),
            ));
        }
        for (officer, cert_no) in self.officers.iter_mut().zip(certs) {
            officer.cert_no = cert_no;
        }
        errors
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

    const COLUMNS: &'static [TableColumn<Self>] = &[
        TableColumn::new(ColumnSpec::text("姓名", 100.0), |r, _| r.name.clone()),
        TableColumn::new(ColumnSpec::text("执法证号", 140.0), |r, _| r.cert_no.clone()),
        TableColumn::sorted(
            ColumnSpec::date("有效期至"),
            |r, _| date_text(r.valid_until),
            |r, _| SortKey::Date(r.valid_until),
        ),
        TableColumn::new(ColumnSpec::text("人员类别", 100.0), |r, _| r.category.label().to_string()),
    ];

    const FIELDS: &'static [FormField<Self>] = &[
        FormField::new(FieldSpec::text("姓名").required(), |r, _| r.name.clone(), |r, t, _| put(&mut r.name, t)),
        FormField::new(FieldSpec::text("执法证号"), |r, _| r.cert_no.clone(), |r, t, _| put(&mut r.cert_no, t)),
        FormField::new(
            FieldSpec::date("有效期至").hint("2019-12-31"),
            |r, _| date_text(r.valid_until),
            |r, t, _| set(&mut r.valid_until, opt_date(t)),
        ),
        FormField::new(
            FieldSpec::new("人员类别", |_| FieldKind::Choice(category_choices()))
                .required()
                .blank(|_| format!("{:?}", OfficerCategory::Officer)),
            |r, _| format!("{:?}", r.category),
            |r, t, _| {
                r.category = if t.trim() == format!("{:?}", OfficerCategory::Auxiliary) {
                    OfficerCategory::Auxiliary
                } else {
                    OfficerCategory::Officer
                };
                Ok(())
            },
        ),
    ];

    fn empty(inspection_id: Id<Inspection>) -> Self {
        Officer {
            inspection_id,
            name: String::new(),
            cert_no: String::new(),
            valid_until: None,
            category: OfficerCategory::Officer,
            as_written: Default::default(),
        }
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
