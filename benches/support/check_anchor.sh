#!/bin/sh
# The SQL anchor of `daocha check` (see check_anchor.sql): sh check_anchor.sh DB INSPECTION_ID
set -eu
sed "s/@INSPECTION@/$2/g" "$(dirname "$0")/check_anchor.sql" | sqlite3 "$1"
