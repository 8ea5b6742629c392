-- The SQL anchor of `daocha check`: the automatic checks run by the sqlite3 command-line shell
-- over the same database, counting the problems of each kind (no messages are written).
-- `check_anchor.sh DB INSPECTION` runs it; @INSPECTION_HEX@ is replaced by the inspection's id as
-- hex without hyphens (ids are stored as their 16 bytes since schema 6; kinds as codes, named in
-- `kinds`, since schema 7).
-- Covered: every check `daocha check` runs by default except simple_procedure_over_limit (its
-- party-kind guess and the limits by date are not SQL), with the procedure filter (a simple-
-- procedure case is not held to filing, notice, two officers or the time limit).
PRAGMA temp_store = MEMORY;

CREATE TEMP TABLE r AS
SELECT json_extract(v.content, '$.receipt_no') AS no, json_extract(v.content, '$.date') AS date,
       json_extract(v.content, '$.amount') AS amount, json_extract(v.content, '$.decision_no') AS decision_no,
       coalesce(json_extract(v.content, '$.as_written.absent_columns'), '[]') AS absent
FROM current c JOIN versions v ON v.version_id = c.version_id
WHERE c.kind = (SELECT code FROM kinds WHERE name = 'receipt') AND c.scope_id = X'@INSPECTION_HEX@' AND c.deleted = 0;

CREATE TEMP TABLE l AS
SELECT json_extract(v.content, '$.decision_no') AS no, trim(json_extract(v.content, '$.party')) AS party,
       trim(json_extract(v.content, '$.violation')) AS violation,
       json_extract(v.content, '$.filing_date') AS filed, json_extract(v.content, '$.decision_date') AS decided,
       json_extract(v.content, '$.fine') AS fine, coalesce(json_extract(v.content, '$.confiscation'), 0) AS confiscation,
       coalesce(json_extract(v.content, '$.as_written.absent_columns'), '[]') AS absent
FROM current c JOIN versions v ON v.version_id = c.version_id
WHERE c.kind = (SELECT code FROM kinds WHERE name = 'ledger_entry') AND c.scope_id = X'@INSPECTION_HEX@' AND c.deleted = 0;
CREATE INDEX l_no ON l (no);

CREATE TEMP TABLE k AS
SELECT json_extract(v.content, '$.decision_no') AS no, json_extract(v.content, '$.notice_date') AS notice,
       json_extract(v.content, '$.decision_date') AS decided, json_extract(v.content, '$.service_date') AS served,
       coalesce(json_extract(v.content, '$.officers'), '[]') AS officers,
       coalesce(json_extract(v.content, '$.procedure'), 'general') AS procedure,
       coalesce(json_extract(v.content, '$.as_written.absent_columns'), '[]') AS absent
FROM current c JOIN versions v ON v.version_id = c.version_id
WHERE c.kind = (SELECT code FROM kinds WHERE name = 'case_file') AND c.scope_id = X'@INSPECTION_HEX@' AND c.deleted = 0;
CREATE INDEX k_no ON k (no);

CREATE TEMP TABLE o AS
SELECT trim(json_extract(v.content, '$.name')) AS name, trim(json_extract(v.content, '$.cert_no')) AS cert,
       json_extract(v.content, '$.valid_until') AS valid_until, json_extract(v.content, '$.category') AS category
FROM current c JOIN versions v ON v.version_id = c.version_id
WHERE c.kind = (SELECT code FROM kinds WHERE name = 'officer') AND c.scope_id = X'@INSPECTION_HEX@' AND c.deleted = 0;
CREATE INDEX o_name ON o (name);

CREATE TEMP TABLE paid AS
SELECT decision_no AS no, sum(amount) AS total, min(date) AS first_date FROM r
WHERE decision_no IS NOT NULL GROUP BY decision_no;
CREATE INDEX paid_no ON paid (no);

-- Ledger entries with what the checks join to them.
CREATE TEMP TABLE lj AS
SELECT l.*, instr(l.absent, '"fine"') = 0 AS has_fine, p.total, p.first_date,
       (SELECT procedure FROM k WHERE k.no = l.no LIMIT 1) AS procedure,
       EXISTS (SELECT 1 FROM k WHERE k.no = l.no) AS has_case
FROM l LEFT JOIN paid p ON p.no = l.no;

-- Each named officer of each case, with the decision date the roster checks use.
CREATE TEMP TABLE ko AS
SELECT k.no, coalesce(k.decided, (SELECT decided FROM l WHERE l.no = k.no LIMIT 1)) AS decided,
       trim(json_extract(e.value, '$.name')) AS name, trim(coalesce(json_extract(e.value, '$.cert_no'), '')) AS cert
FROM k, json_each(k.officers) e
WHERE trim(json_extract(e.value, '$.name')) <> '';

CREATE TEMP TABLE found (kind TEXT, n INTEGER);
INSERT INTO found SELECT 'receipt_without_ledger', count(*) FROM r
WHERE instr(absent, '"decision_no"') = 0 AND (decision_no IS NULL OR NOT EXISTS (SELECT 1 FROM l WHERE l.no = r.decision_no));
INSERT INTO found SELECT 'unpaid', count(*) FROM lj WHERE has_fine AND fine > 0 AND total IS NULL;
INSERT INTO found SELECT 'amount_mismatch', count(*) FROM lj
WHERE has_fine AND total IS NOT NULL AND NOT (fine > 0 AND total IS NULL) AND total <> fine + confiscation AND total <> fine;
INSERT INTO found SELECT 'ledger_without_case', count(*) FROM lj WHERE NOT has_case;
INSERT INTO found SELECT 'case_without_ledger', count(*) FROM k WHERE NOT EXISTS (SELECT 1 FROM l WHERE l.no = k.no);
INSERT INTO found SELECT 'receipt_before_decision', count(*) FROM lj WHERE decided IS NOT NULL AND first_date < decided;
INSERT INTO found SELECT 'decision_before_filing', count(*) FROM lj
WHERE coalesce(procedure, 'general') = 'general' AND decided < filed;
INSERT INTO found SELECT 'duplicate_receipt_no', count(*) FROM (SELECT no FROM r GROUP BY no HAVING count(*) > 1);
INSERT INTO found SELECT 'receipt_no_gap', count(*) FROM (
    SELECT n - lag(n) OVER (PARTITION BY prefix, width ORDER BY n) AS step FROM (
        SELECT DISTINCT no, rtrim(no, '0123456789') AS prefix, length(no) - length(rtrim(no, '0123456789')) AS width,
               CAST(substr(no, length(rtrim(no, '0123456789')) + 1) AS INTEGER) AS n
        FROM r WHERE length(no) > length(rtrim(no, '0123456789'))))
WHERE step > 1;
INSERT INTO found SELECT 'overdue_case', count(*) FROM lj
WHERE coalesce(procedure, 'general') = 'general' AND decided >= filed AND julianday(decided) - julianday(filed) > 90;
INSERT INTO found SELECT 'repeated_party', count(DISTINCT party) FROM (
    SELECT party, decided, lead(decided, 2) OVER (PARTITION BY party ORDER BY decided, no) AS third FROM l
    WHERE decided IS NOT NULL AND party <> '')
WHERE third IS NOT NULL AND julianday(third) - julianday(decided) <= 365;
INSERT INTO found SELECT 'unequal_penalty', count(*) FROM (
    SELECT violation FROM l WHERE fine > 0 AND violation <> '' GROUP BY violation HAVING max(fine) > min(fine) * 3);
INSERT INTO found SELECT 'single_officer', count(*) FROM k
WHERE procedure = 'general' AND instr(absent, '"officers"') = 0
  AND (SELECT count(*) FROM json_each(k.officers) e WHERE trim(json_extract(e.value, '$.name')) <> '') < 2;
INSERT INTO found SELECT 'officer_not_on_roster', count(DISTINCT no) FROM ko
WHERE EXISTS (SELECT 1 FROM o) AND NOT EXISTS (SELECT 1 FROM o WHERE o.name = ko.name AND (ko.cert = '' OR o.cert = ko.cert));
INSERT INTO found SELECT 'certificate_expired', count(DISTINCT ko.no) FROM ko JOIN o ON o.name = ko.name AND (ko.cert = '' OR o.cert = ko.cert)
WHERE o.category <> 'auxiliary' AND o.valid_until < ko.decided;
INSERT INTO found SELECT 'auxiliary_as_officer', count(DISTINCT ko.no) FROM ko JOIN o ON o.name = ko.name AND (ko.cert = '' OR o.cert = ko.cert)
WHERE o.category = 'auxiliary';
INSERT INTO found SELECT 'late_service', count(*) FROM k WHERE julianday(served) - julianday(decided) > 7;
INSERT INTO found SELECT 'no_prior_notice', count(*) FROM k
WHERE procedure = 'general' AND ((notice IS NULL AND instr(absent, '"notice_date"') = 0) OR notice > decided);

SELECT kind, n FROM found WHERE n > 0;
