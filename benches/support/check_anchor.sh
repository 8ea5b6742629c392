#!/bin/sh
# The SQL anchor of `daocha check` (see check_anchor.sql): sh check_anchor.sh DB INSPECTION_ID
set -eu
hex=$(printf %s "$2" | tr -d -)
sed "s/@INSPECTION_HEX@/$hex/g" "$(dirname "$0")/check_anchor.sql" | sqlite3 "$1"
