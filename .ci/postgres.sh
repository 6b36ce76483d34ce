#!/usr/bin/env bash
# The PostgreSQL server binaries the test suite starts its server from
# (tests/postgres_server.py): Debian's postgresql package, installed only when
# no pg_ctl is found. The package's own cluster service is not needed.
set -euo pipefail
if command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL server binaries missing: run 'sudo apt-get install -y postgresql'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends postgresql
