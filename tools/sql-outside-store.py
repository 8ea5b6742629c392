#!/usr/bin/env python3
"""Counts SQL statements in non-test Rust code outside src/store/: string literals (plain or raw)
whose text starts with an SQL verb. Test code is left out: files named tests.rs and items under
#[cfg(test)]. Usage: tools/sql-outside-store.py [ROOT] (prints each hit, then the count)."""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
VERB = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|ATTACH|DETACH|BEGIN|COMMIT|WITH|VACUUM|REPLACE)\b")
LITERAL = re.compile(r'r(#*)"(.*?)"\1|"((?:[^"\\]|\\.)*)"', re.S)

def strip_tests(text):
    # Drop every item that follows #[cfg(test)]: up to the end of its braced block or its `;`.
    out, i = [], 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        k = j + len("#[cfg(test)]")
        depth, n = 0, len(text)
        while k < n:
            c = text[k]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    k += 1
                    break
            elif c == ";" and depth == 0:
                k += 1
                break
            k += 1
        i = k

total = 0
for path in sorted((root / "src").rglob("*.rs")):
    rel = path.relative_to(root)
    if rel.parts[:2] == ("src", "store") or path.name == "tests.rs":
        continue
    text = strip_tests(path.read_text())
    for m in LITERAL.finditer(text):
        body = m.group(2) if m.group(2) is not None else m.group(3)
        if VERB.match(body):
            line = text[: m.start()].count("\n") + 1
            print(f"{rel}:{line}: {' '.join(body.split())[:90]}")
            total += 1
print(f"SQL statements outside src/store/ (non-test code): {total}")
