#!/usr/bin/env bash
# Packages the Windows build of daocha on Linux: a portable zip and an NSIS installer.
#   packaging/windows/build.sh [EXE] [OUTDIR]
# EXE defaults to target/x86_64-pc-windows-gnu/release/daocha.exe, OUTDIR to target/packages.
# Both packages hold daocha.exe, 说明.txt (the Chinese README for Windows users, UTF-8 with BOM so
# Notepad reads it), daocha.ico and licenses/ (the fonts' OFL, and the licence files of every crate
# compiled into the exe, gathered from cargo's registry). Needs python3 and cargo; zip for the
# zip and makensis (Debian's nsis) for the installer, each skipped with one line when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=${1:-target/x86_64-pc-windows-gnu/release/daocha.exe}
out=${2:-target/packages}
[ -f "$exe" ] || { echo "no $exe: cargo build --release --locked --target x86_64-pc-windows-gnu" >&2; exit 2; }
version=$(cargo metadata --no-deps --format-version 1 --locked 2>/dev/null \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="daocha"))')
stage=$out/stage/倒查
rm -rf "$out/stage" && mkdir -p "$stage/licenses/fonts" "$stage/licenses/crates"
# Symbols are of no use on an inspector's laptop: stripped, the exe is some 15 MB smaller.
if command -v x86_64-w64-mingw32-strip >/dev/null; then
  x86_64-w64-mingw32-strip -o "$stage/daocha.exe" "$exe"
else
  cp "$exe" "$stage/daocha.exe"
fi
cp assets/icon/daocha.ico "$stage/"
printf '\xef\xbb\xbf' >"$stage/说明.txt"
sed 's/$/\r/' packaging/windows/说明.txt >>"$stage/说明.txt"
cp assets/fonts/OFL.txt "$stage/licenses/fonts/OFL.txt"
cp assets/fonts/README.md "$stage/licenses/fonts/README.md"
# The crates in the Windows exe (normal dependencies only) and their licence files.
cargo metadata --format-version 1 --locked --filter-platform x86_64-pc-windows-gnu >"$out/stage/metadata.json"
python3 - "$out/stage/metadata.json" "$stage/licenses" <<'PY'
import glob, json, os, shutil, sys
meta = json.load(open(sys.argv[1])); dest = sys.argv[2]
pkgs = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = next(p["id"] for p in meta["packages"] if p["name"] == "daocha")
seen, todo = set(), [root]
while todo:
    node = nodes[todo.pop()]
    for dep in node["deps"]:
        if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
            seen.add(dep["pkg"]); todo.append(dep["pkg"])
lines = ["倒查所含开源组件（crate）及其许可证。各组件的许可证原文在 crates/名称-版本/ 中；",
         "包内没有许可证文件的组件，其许可证（多为 MIT 或 Apache-2.0）的标准文本见 通用许可证文本/。", ""]
generic = os.path.join(dest, "通用许可证文本")
os.makedirs(generic, exist_ok=True)
for pid in sorted(seen, key=lambda i: (pkgs[i]["name"], pkgs[i]["version"])):
    p = pkgs[pid]; name = f'{p["name"]}-{p["version"]}'
    src = os.path.dirname(p["manifest_path"])
    files = [f for pat in ("LICEN[CS]E*", "COPYING*", "NOTICE*", "COPYRIGHT*") for f in glob.glob(os.path.join(src, pat)) if os.path.isfile(f)]
    if files:
        os.makedirs(os.path.join(dest, "crates", name), exist_ok=True)
        for f in files:
            shutil.copy(f, os.path.join(dest, "crates", name, os.path.basename(f)))
    for f in files:
        base = os.path.basename(f).upper()
        for key, out in (("APACHE", "Apache-2.0.txt"), ("MIT", "MIT.txt")):
            if key in base and not os.path.exists(os.path.join(generic, out)):
                shutil.copy(f, os.path.join(generic, out))
    lines.append(f'{name}\t{p.get("license") or p.get("license_file") or "?"}\t{p.get("repository") or ""}' + ("" if files else "\t（包内无许可证文件）"))
with open(os.path.join(dest, "组件许可证.txt"), "w", encoding="utf-8-sig", newline="\r\n") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(seen)} crates")
PY
mkdir -p "$out"
if command -v zip >/dev/null; then
  rm -f "$out/daocha-$version-windows-x64.zip"
  (cd "$out/stage" && zip -qr -9 "../daocha-$version-windows-x64.zip" 倒查)
  ls -l "$out/daocha-$version-windows-x64.zip"
else
  echo "-- no zip: portable zip skipped (apt-get install zip)"
fi
if command -v makensis >/dev/null; then
  # CI checks that the installer builds and sets DAOCHA_NSIS_COMPRESSOR=zlib: LZMA (the release
  # default, 30 MB) takes minutes on two cores, zlib seconds.
  makensis -V2 -INPUTCHARSET UTF8 ${DAOCHA_NSIS_COMPRESSOR:+"-XSetCompressor /FINAL /SOLID $DAOCHA_NSIS_COMPRESSOR"} -DVERSION="$version" -DSTAGE="$(realpath "$stage")" \
    -DOUTFILE="$(realpath "$out")/daocha-$version-windows-x64-setup.exe" packaging/windows/daocha.nsi
  ls -l "$out/daocha-$version-windows-x64-setup.exe"
else
  echo "-- no makensis: installer skipped (apt-get install nsis)"
fi
