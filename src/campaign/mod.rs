//! The campaign around the inspections (专项治理), kept by the team lead in the team database with
//! no inspection: the district's units, their self-inspection reports (自查自纠) and the public's
//! complaints (监督举报) imported from the lead's spreadsheets (`import`), the self-report template
//! sent out to the units (`template`), and a deterministic demo district (`demo`).
//!
//! Reading a file is the inspection import's (`crate::import`: formats, title rows, merged headers,
//! GBK); this module adds only what the campaign's rows mean and how they are written.

pub mod demo;
pub mod import;
pub mod template;
