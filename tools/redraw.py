#!/usr/bin/env python3
"""Re-draw a daocha sample without daocha (Python 3 standard library only).

    python3 tools/redraw.py EXPORT.json        # re-draw the recorded sample; exit 0 same, 1 different
    python3 tools/redraw.py --vectors docs/sampling.md   # check the test vectors of the spec

EXPORT.json comes from `daocha sample --db … --inspection … --population … --export EXPORT.json`.
Every step follows docs/sampling.md and nothing else: ChaCha20 (RFC 8439 block function, 64-bit
counter from 0, nonce 0) keyed by SHA-256 of the algorithm, its version, the population's hash
and the seed; the canonical order of the population; the partial Fisher-Yates shuffle (simple
random), the systematic selection by amount (monetary unit), the strata and their sub-seeds, and
the draw of reviewers.
"""

import hashlib
import json
import struct
import sys

VERSION = 1
SRS = "daocha-srs-chacha20-fisher-yates"
MUS = "daocha-mus-chacha20-systematic"
STRATA = "daocha-strata-subseed"
REVIEWERS = "daocha-reviewers-chacha20-fisher-yates"
MASK = 0xFFFFFFFF
U64_MAX = (1 << 64) - 1


def _rotl(x, n):
    return ((x << n) & MASK) | (x >> (32 - n))


def _quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK; s[b] = _rotl(s[b] ^ s[c], 7)


class Stream:
    """The ChaCha20 keystream read as little-endian 64-bit numbers."""

    def __init__(self, key):
        self.key = list(struct.unpack("<8I", key))
        self.counter = 0
        self.words = []

    def _block(self):
        state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574] + self.key + [
            self.counter & MASK, (self.counter >> 32) & MASK, 0, 0]
        x = list(state)
        for _ in range(10):
            _quarter(x, 0, 4, 8, 12); _quarter(x, 1, 5, 9, 13)
            _quarter(x, 2, 6, 10, 14); _quarter(x, 3, 7, 11, 15)
            _quarter(x, 0, 5, 10, 15); _quarter(x, 1, 6, 11, 12)
            _quarter(x, 2, 7, 8, 13); _quarter(x, 3, 4, 9, 14)
        self.counter += 1
        self.words += [(x[i] + state[i]) & MASK for i in range(16)]

    def next_u64(self):
        if len(self.words) < 2:
            self._block()
        low, high = self.words[0], self.words[1]
        del self.words[:2]
        return (high << 32) | low

    def uniform(self, bound):
        zone = U64_MAX - (U64_MAX % bound)
        while True:
            x = self.next_u64()
            if x < zone:
                return x % bound


def rust_trim(text):
    # Rust's str::trim: Unicode White_Space at both ends.
    ws = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    return text.strip(ws)


def stream_key(algorithm, population_sha256, seed):
    h = hashlib.sha256()
    for part in (algorithm, str(VERSION), population_sha256, rust_trim(seed)):
        data = part.encode("utf-8")
        h.update(struct.pack("<Q", len(data)))
        h.update(data)
    return h.digest()


def canonical(items, year=None):
    """Items as dicts {key, amount_fen, year, officer}; filtered by year; in canonical order."""
    chosen = [i for i in items if year is None or i.get("year") == year]
    def order(i):
        y, o = i.get("year"), i.get("officer")
        return (i["key"].encode("utf-8"), i["amount_fen"],
                (0,) if y is None else (1, y),
                (0,) if o is None else (1, o.encode("utf-8")))
    return sorted(chosen, key=order)


def population_hash(items):
    h = hashlib.sha256()
    for i in items:
        y = "" if i.get("year") is None else str(i["year"])
        h.update(("%s\t%d\t%s\n" % (i["key"], i["amount_fen"], y)).encode("utf-8"))
    return h.hexdigest()


def simple_random(population, size, rng):
    n = len(population)
    take = min(size, n)
    order = list(range(n))
    for i in range(take):
        j = i + rng.uniform(n - i)
        order[i], order[j] = order[j], order[i]
    return order[:take], None


def monetary_unit(population, size, rng):
    total = sum(max(i["amount_fen"], 0) for i in population)
    if total <= 0:
        raise ValueError("no money")
    size = min(size, total)
    interval = -(-total // size)
    point = rng.uniform(interval)
    chosen, cumulative = [], 0
    for index, item in enumerate(population):
        end = cumulative + max(item["amount_fen"], 0)
        hit = False
        while point < end:
            hit = True
            point += interval
        if hit:
            chosen.append(index)
        cumulative = end
    return chosen, interval


def draw_plain(population, method, size, seed):
    """Draws from an already canonical, filtered population."""
    digest = population_hash(population)
    algorithm = SRS if method == "srs" else MUS
    rng = Stream(stream_key(algorithm, digest, seed))
    picked, interval = (simple_random if method == "srs" else monetary_unit)(population, size, rng)
    return {"population_sha256": digest, "interval_fen": interval,
            "selected": [population[i]["key"] for i in picked], "selected_indices": picked}


def _grouped(fen):
    yuan, cents = divmod(abs(fen), 100)
    return "%s%s.%02d" % ("-" if fen < 0 else "", "{:,}".format(yuan), cents)


def stratum_of(item, by, bands, take_all_above):
    """(order, id) of an item's stratum (docs/sampling.md, Strata)."""
    if take_all_above is not None and item["amount_fen"] > take_all_above:
        return ((0,), "key")
    if by is None:
        return ((1,), "rest")
    if by == "year":
        y = item.get("year")
        return ((2, 1, 0), "year=") if y is None else ((2, 0, y), "year=%d" % y)
    if by == "amount":
        i = sum(1 for b in bands if item["amount_fen"] >= b)
        low = 0 if i == 0 else bands[i - 1]
        ident = "amount=[%d,%s)" % (low, "" if i == len(bands) else str(bands[i]))
        return ((3, i), ident)
    name = (item.get("officer") or "").strip()
    return ((4, 1, b""), "officer=") if not name else ((4, 0, name.encode("utf-8")), "officer=" + name)


def allocate(n, weights, caps):
    m = len(weights)
    given = [0] * m
    eligible = [h for h in range(m) if caps[h] > 0 and weights[h] > 0]
    if n >= len(eligible):
        for h in eligible:
            given[h] = 1
    while True:
        remaining = max(n - sum(given), 0)
        open_ = [h for h in eligible if given[h] < caps[h]]
        if remaining == 0 or not open_:
            return given
        total = sum(weights[h] for h in open_)
        shares = [[h, remaining * weights[h] // total, remaining * weights[h] % total] for h in open_]
        left = remaining - sum(s[1] for s in shares)
        for s in sorted(shares, key=lambda s: (-s[2], s[0])):
            if left == 0:
                break
            s[1] += 1
            left -= 1
        for h, share, _ in shares:
            given[h] = min(caps[h], given[h] + share)


def draw_strata(population, method, size, seed, by, bands, take_all_above):
    groups = {}
    for item in population:
        order, ident = stratum_of(item, by, bands, take_all_above)
        groups.setdefault((order, ident), []).append(item)
    keys = sorted(groups)
    sampled = [k for k in keys if k[1] != "key"]
    weights = [len(groups[k]) if method == "srs" else sum(max(i["amount_fen"], 0) for i in groups[k]) for k in sampled]
    caps = [len(groups[k]) if method == "srs" else sum(1 for i in groups[k] if i["amount_fen"] > 0) for k in sampled]
    sizes = dict(zip(sampled, allocate(size, weights, caps)))
    strata, selected = [], []
    for k in keys:
        items = groups[k]
        ident = k[1]
        sub_seed = rust_trim(seed) + "/" + ident
        entry = {"id": ident, "sub_seed": sub_seed, "population_size": len(items),
                 "population_sha256": population_hash(items), "interval_fen": None}
        if ident == "key":
            entry["size"] = len(items)
            entry["selected"] = [i["key"] for i in items]
        else:
            entry["size"] = sizes[k]
            entry["selected"] = []
            if sizes[k] > 0:
                d = draw_plain(items, method, sizes[k], sub_seed)
                entry["selected"], entry["interval_fen"] = d["selected"], d["interval_fen"]
        selected += entry["selected"]
        strata.append(entry)
    return strata, selected


def draw(items, method, size, seed, year=None, strata=None):
    population = canonical(items, year)
    digest = population_hash(population)
    if strata and (strata.get("by") is not None or strata.get("take_all_above_fen") is not None):
        parts, selected = draw_strata(population, method, size, seed, strata.get("by"),
                                      strata.get("bands_fen") or [], strata.get("take_all_above_fen"))
        return {"population_sha256": digest, "population_size": len(population), "interval_fen": None,
                "selected": selected, "strata": parts}
    d = draw_plain(population, method, size, seed)
    d["population_size"] = len(population)
    return d


def draw_reviewers(candidates, cases, conflicts, seed):
    """candidates [{id, name}], cases [str], conflicts [{candidate, case or None}]."""
    cands = []
    for c in sorted(candidates, key=lambda c: (c["id"].encode("utf-8"), c["name"].encode("utf-8"))):
        if not cands or cands[-1]["id"] != c["id"]:
            cands.append(c)
    cases = sorted(set(cases), key=lambda c: c.encode("utf-8"))
    lines = ["candidate\t%s\t%s\n" % (c["id"], c["name"]) for c in cands]
    lines += ["case\t%s\n" % c for c in cases]
    confl = sorted({(c["candidate"], c.get("case")) for c in conflicts},
                   key=lambda c: (c[0].encode(), (0,) if c[1] is None else (1, c[1].encode())))
    lines += ["conflict\t%s\t%s\n" % (c, "*" if k is None else k) for c, k in confl]
    digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    rng = Stream(stream_key(REVIEWERS, digest, seed))
    out = []
    for case in cases:
        eligible = [c for c in cands if not any(x == c["id"] and (k is None or k == case) for x, k in confl)]
        if len(eligible) < 2:
            raise ValueError("too few reviewers for " + case)
        n = len(eligible)
        for i in range(2):
            j = i + rng.uniform(n - i)
            eligible[i], eligible[j] = eligible[j], eligible[i]
        out.append({"case": case, "reviewers": [c["id"] for c in eligible[:2]]})
    return {"input_sha256": digest, "assignments": out}


def check_export(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("format") != "daocha-population" or data.get("format_version") != 1:
        print("不是 daocha 导出的总体文件（format daocha-population 第 1 版）：%s" % path)
        return 2
    s = data["sample"]
    if s.get("algorithm_version") != VERSION:
        print("算法第 %s 版，本脚本只实现第 %d 版。" % (s.get("algorithm_version"), VERSION))
        return 2
    got = draw(data["items"], s["method"], s["size"], s["seed"], s.get("year"), s.get("strata"))
    same = got["population_sha256"] == s["population_sha256"] and got["selected"] == s["selected"]
    if s.get("interval_fen") is not None:
        same = same and got.get("interval_fen") == s["interval_fen"]
    print("总体 %d 项，SHA-256 %s（记录：%s）" % (got["population_size"], got["population_sha256"], s["population_sha256"]))
    print("重新抽取：%s" % "、".join(got["selected"]))
    print("记录的抽样：%s" % "、".join(s["selected"]))
    print("核验一致。" if same else "核验不一致。")
    return 0 if same else 1


def vectors_from(path):
    """The JSON block after the line `<!-- test-vectors -->` of docs/sampling.md."""
    text = open(path, encoding="utf-8").read()
    after = text.split("<!-- test-vectors -->", 1)[1]
    body = after.split("```json", 1)[1].split("```", 1)[0]
    return json.loads(body)


def check_vectors(path):
    failures = 0
    data = vectors_from(path)
    for v in data["stream"]:
        rng = Stream(bytes.fromhex(v["key"]))
        got = ["%016x" % rng.next_u64() for _ in range(len(v["first_u64"]))]
        if got != v["first_u64"]:
            failures += 1
            print("stream %s: %s" % (v["name"], got))
    for v in data["samples"]:
        items = [{"key": k, "amount_fen": a, "year": y, "officer": o} for k, a, y, o in v["items"]]
        got = draw(items, v["method"], v["size"], v["seed"], v.get("year"), v.get("strata"))
        want = {k: v[k] for k in ("population_sha256", "selected") if k in v}
        have = {k: got[k] for k in want}
        if "selected_indices" in v:
            want["selected_indices"], have["selected_indices"] = v["selected_indices"], got.get("selected_indices")
        if "interval_fen" in v:
            want["interval_fen"], have["interval_fen"] = v["interval_fen"], got.get("interval_fen")
        if "sub_seeds" in v:
            want["sub_seeds"], have["sub_seeds"] = v["sub_seeds"], [s["sub_seed"] for s in got["strata"]]
        if have != want:
            failures += 1
            print("sample %s: %s" % (v["name"], json.dumps(have, ensure_ascii=False)))
    for v in data["reviewers"]:
        got = draw_reviewers(v["candidates"], v["cases"], v["conflicts"], v["seed"])
        if got != {"input_sha256": v["input_sha256"], "assignments": v["assignments"]}:
            failures += 1
            print("reviewers %s: %s" % (v["name"], json.dumps(got, ensure_ascii=False)))
    for v in data["allocations"]:
        got = allocate(v["n"], v["weights"], v["caps"])
        if got != v["sizes"]:
            failures += 1
            print("allocation %s: %s" % (v, got))
    total = len(data["stream"]) + len(data["samples"]) + len(data["reviewers"]) + len(data["allocations"])
    print("%d/%d test vectors agree." % (total - failures, total))
    return 0 if failures == 0 else 1


def main(argv):
    if len(argv) == 3 and argv[1] == "--vectors":
        return check_vectors(argv[2])
    if len(argv) == 2 and not argv[1].startswith("-"):
        return check_export(argv[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
