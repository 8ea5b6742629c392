#!/usr/bin/env bash
# Walks daocha's command line end to end on generated data on Linux, then the same steps with the
# Windows exe under Wine and the ARM64 binary under qemu-user, and asserts the same results:
# exit codes, `inspection list` and `check --json` output, `verify`, `merge`, the demo's dump byte
# for byte, the imported data's dump (ids and times aside: they are minted anew each run), the
# demo's signed sheet byte for byte. Under Wine it also checks that output redirected to a file
# under the Chinese code page (936) reads as GBK, and that a folder given to import is named a folder.
#
#   tools/cross-smoke.sh [--native BIN] [--windows EXE] [--arm64 BIN] [--fixtures DIR] [--out DIR]
#
# Defaults: target/debug/daocha; the release builds under target/<triple>/release if present
# (`cargo build --release --target x86_64-pc-windows-gnu`, `… aarch64-unknown-linux-gnu`).
# A platform whose binary or runner (wine, qemu-aarch64-static) is missing is skipped with one
# line. Exit status 1 if any platform differs from Linux. Needs python3.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

native=target/debug/daocha
windows=""
arm64=""
fixtures=""
out=""
[ -n "${CARGO_TARGET_DIR:-}" ] && tdir=$CARGO_TARGET_DIR || tdir=target
[ -f "$tdir/x86_64-pc-windows-gnu/release/daocha.exe" ] && windows="$tdir/x86_64-pc-windows-gnu/release/daocha.exe"
[ -f "$tdir/aarch64-unknown-linux-gnu/release/daocha" ] && arm64="$tdir/aarch64-unknown-linux-gnu/release/daocha"
while [ $# -gt 0 ]; do
  case $1 in
    --native) native=$2; shift 2 ;;
    --windows) windows=$2; shift 2 ;;
    --arm64) arm64=$2; shift 2 ;;
    --fixtures) fixtures=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
abs() { case $1 in /*) echo "$1" ;; *) echo "$root/$1" ;; esac; }
[ -x "$native" ] || { echo "no Linux binary at $native: cargo build first" >&2; exit 2; }
native=$(abs "$native")
[ -n "$out" ] || out=$(mktemp -d /tmp/daocha-smoke.XXXXXX)
out=$(abs "$out")
mkdir -p "$out"
if [ -z "$fixtures" ]; then
  fixtures=$out/files
  if [ -x "$tdir/debug/examples/smoke_files" ]; then
    "$tdir/debug/examples/smoke_files" "$fixtures" >/dev/null || exit 2
  else
    cargo run --quiet --locked --example smoke_files -- "$fixtures" >/dev/null || exit 2
  fi
fi
fixtures=$(abs "$fixtures")

# Every platform reads and prints UTF-8 here (Wine takes its code page from the locale: without
# one, Chinese arguments would not reach the exe).
export LC_ALL=C.UTF-8 LANG=C.UTF-8 DAOCHA_OUTPUT_ENCODING=utf-8 DAOCHA_PIN=246810
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

# run PLATFORM NAME EXPECTED_EXIT ARGS...: one step in $out/PLATFORM, stdout to NAME.out.
run() {
  local platform=$1 name=$2 expected=$3; shift 3
  local dir=$out/$platform code
  (cd "$dir" && "${runner[@]}" "$@" >"$name.out" 2>"$name.err" </dev/null)
  code=$?
  echo "$code" >"$dir/$name.code"
  if [ "$code" != "$expected" ]; then
    echo "  $platform: $name exited $code, expected $expected: $(head -c 600 "$dir/$name.err")"
    failed=1
  fi
}

# walk PLATFORM: the same steps on every platform, relative paths with Chinese names and spaces.
walk() {
  local p=$1 id demo key who
  rm -rf "${out:?}/$p" && mkdir -p "$out/$p" && cp "$fixtures"/* "$out/$p/"
  run "$p" demo 0 demo --finished --db "演示 数据.db"
  run "$p" list 0 inspection list --db "演示 数据.db" --json
  demo=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inspections"][0]["id"])' "$out/$p/list.out" 2>/dev/null)
  run "$p" sheet 0 sheet --db "演示 数据.db" --inspection "$demo" --out "反馈 意见书.pdf"
  run "$p" verify 0 verify "反馈 意见书.pdf" --team "演示 数据.db"
  run "$p" create 0 inspection create --db "检查 赵彧.db" --unit 区市场监督管理局 --domain 市场监管 \
    --date 2017-09-12 --inspector 赵彧 --inspector 李堃
  id=$(tail -n 1 "$out/$p/create.out")
  run "$p" import-xlsx 0 import --db "检查 赵彧.db" --inspection "$id" receipts "收据 登记表.xlsx"
  run "$p" import-gbk 0 import --db "检查 赵彧.db" --inspection "$id" ledger "处罚台账（GBK）.csv"
  run "$p" import-folder 2 import --db "检查 赵彧.db" --inspection "$id" ledger .
  run "$p" check 1 check --db "检查 赵彧.db" --inspection "$id" --json
  run "$p" draft 0 sheet --draft --db "检查 赵彧.db" --inspection "$id" --out "草稿 意见书.pdf"
  run "$p" verify-draft 1 verify "草稿 意见书.pdf"
  run "$p" key 0 key create --db "检查 赵彧.db" --inspector 赵彧
  run "$p" export 0 export --db "检查 赵彧.db" --out "导出-赵彧 2017.daocha"
  # The key ceremony: the lead's team database registers the inspector's public key first.
  run "$p" team-init 0 team init --db "团队 汇总.db" --lead 李堃
  run "$p" key-show 0 key show --db "检查 赵彧.db" --json
  key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["public_key"])' "$out/$p/key-show.out" 2>/dev/null)
  who=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inspector_id"])' "$out/$p/key-show.out" 2>/dev/null)
  run "$p" team-add 0 team add --db "团队 汇总.db" --inspector 赵彧 --inspector-id "$who" --public-key "$key"
  run "$p" merge 0 merge --db "团队 汇总.db" "导出-赵彧 2017.daocha"
  run "$p" dump-demo 0 dump --db "演示 数据.db" --json
  run "$p" dump-team 0 dump --db "团队 汇总.db" --json
  run "$p" audit 0 audit verify --db "团队 汇总.db"
}

# same PLATFORM: compares PLATFORM's results with Linux's.
same() {
  python3 - "$out/linux" "$out/$1" <<'PY' || { echo "  $1: results differ from Linux (above)"; failed=1; }
import json, os, re, sys
a, b = sys.argv[1], sys.argv[2]
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
HEX = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{128}\b")
def norm(text):
    return HEX.sub("<hex>", TIME.sub("<time>", ID.sub("<id>", text)))
def read(d, name, mode="r"):
    with open(os.path.join(d, name), mode) as f:
        return f.read()
bad = []
for name in sorted(os.listdir(a)):
    if name.endswith(".code") and read(a, name) != read(b, name):
        bad.append(f"exit code of {name[:-5]}: Linux {read(a, name).strip()}, here {read(b, name).strip()}")
for name in ["list.out", "dump-demo.out", "verify.out"]:
    if read(a, name) != read(b, name):
        bad.append(f"{name} is not byte-identical")
if read(a, "反馈 意见书.pdf", "rb") != read(b, "反馈 意见书.pdf", "rb"):
    bad.append("the demo's signed sheet (PDF) is not byte-identical")
for name in ["check.out", "verify-draft.out", "import-xlsx.out", "import-gbk.out", "audit.out"]:
    if norm(read(a, name)) != norm(read(b, name)):
        bad.append(f"{name} differs (ids, times and hashes aside)")
def team(d):
    dump = json.loads(read(d, "dump-team.out"))
    return sorted(norm(json.dumps(r, sort_keys=True, ensure_ascii=False)) for r in dump["records"]), len(dump["versions"])
if team(a) != team(b):
    bad.append("the team database's dump differs (ids and times aside)")
ma, mb = json.loads(read(a, "merge.out")), json.loads(read(b, "merge.out"))
pick = lambda m: [(f["status"], f["new_versions"], f["conflicts"]) for f in m["files"]]
if pick(ma) != pick(mb):
    bad.append(f"merge report differs: {pick(ma)} vs {pick(mb)}")
if "文件夹" not in read(b, "import-folder.err"):
    bad.append("import of a folder does not say it is a folder: " + read(b, "import-folder.err").strip())
for line in bad:
    print("  " + line)
sys.exit(1 if bad else 0)
PY
}

failed=0
summary=()
timed_walk() {
  local p=$1 start=$SECONDS
  walk "$p"
  summary+=("$p: $((SECONDS - start)) s")
  echo "$p: walked in $((SECONDS - start)) s"
}

runner=("$native")
timed_walk linux

if [ -z "$windows" ]; then
  echo "Windows: skipped (no daocha.exe; build it with cargo build --release --target x86_64-pc-windows-gnu)"
elif ! command -v wine >/dev/null; then
  echo "Windows: skipped (no wine; apt-get install wine wine64)"
else
  export WINEPREFIX=${WINEPREFIX:-$root/target/wine-prefix}
  tools/wine-prefix.sh >/dev/null || { echo "Windows: could not prepare the Wine prefix $WINEPREFIX"; failed=1; }
  runner=(wine "$(abs "$windows")")
  timed_walk windows && same windows
  # Redirected output under the Chinese code page: GBK in the file, as cmd's `type` and
  # PowerShell 5.1 read it; with DAOCHA_OUTPUT_ENCODING=utf-8, UTF-8.
  if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
    (cd "$out/windows" && LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 DAOCHA_OUTPUT_ENCODING= \
      wine "$(abs "$windows")" inspection list --db "演示 数据.db" --json >list-936.out 2>/dev/null)
    python3 - "$out/windows/list-936.out" "$out/linux/list.out" <<'PY' || { echo "  windows: output redirected under code page 936 is not GBK"; failed=1; }
import sys
raw, utf8 = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
sys.exit(0 if raw == utf8.decode("utf-8").encode("gb18030") and raw != utf8 else 1)
PY
  else
    echo "  windows: code page 936 not checked (no zh_CN.UTF-8 locale: apt-get install locales, then locale-gen)"
  fi
fi

if [ -z "$arm64" ]; then
  echo "ARM64: skipped (no binary; build it with cargo build --release --target aarch64-unknown-linux-gnu)"
elif ! command -v qemu-aarch64-static >/dev/null; then
  echo "ARM64: skipped (no qemu-aarch64-static; apt-get install qemu-user-static)"
else
  runner=(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$(abs "$arm64")")
  timed_walk arm64 && same arm64
fi

echo "smoke: ${summary[*]}; files in $out"
[ "$failed" = 0 ] && echo "smoke: same results on every platform walked" || echo "smoke: FAILED"
exit "$failed"
