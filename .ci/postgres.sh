#!/usr/bin/env bash
# A private PostgreSQL server for the tests and benchmarks.
#
#   .ci/postgres.sh COMMAND [ARGS...]
#
# starts a throwaway server on 127.0.0.1 (port 54329, or the next free one) from a fresh data
# folder, creates the database quiz_test, runs COMMAND with TEST_DATABASE_URL pointing at it, then
# stops the server and removes the folder, and exits with COMMAND's status. The server is installed
# with apt-get when missing (as root); initdb and postgres run as a non-root user, as they require.
# QUIZ_PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync on) instead of the faster test settings.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]   (COMMAND runs with TEST_DATABASE_URL set)" >&2
  exit 2
fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN=$(pg_bin)
if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "PostgreSQL is not installed: run 'sudo apt-get install postgresql' and try again." >&2
    exit 1
  fi
  echo "Installing PostgreSQL with apt-get..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  BIN=$(pg_bin)
fi

# initdb and postgres refuse to run as root: use the postgres account the package creates.
AS=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  AS=(runuser -u postgres --)
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${QUIZ_PG_PORT:-54329}
for _ in $(seq 20); do port_free "$PORT" && break; PORT=$((PORT + 1)); done

DATA=$(mktemp -d /tmp/quiz-pg.XXXXXX)
[[ ${#AS[@]} -gt 0 ]] && chown postgres "$DATA"
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DATA/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$DATA/data" -U quiz --auth=trust --encoding=UTF8 --no-locale >/dev/null
OPTIONS="-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c max_connections=200"
if [[ "${QUIZ_PG_DURABLE:-0}" != 1 ]]; then
  # A test server holds nothing worth keeping through a power cut: skip the disk flushes.
  OPTIONS="$OPTIONS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${AS[@]}" "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -o "$OPTIONS" start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U quiz quiz_test

export TEST_DATABASE_URL="postgresql+psycopg://quiz@127.0.0.1:$PORT/quiz_test"
export PATH="$BIN:$PATH"  # pg_dump and pg_restore of the same version as the server
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT: $TEST_DATABASE_URL" >&2
status=0
"$@" || status=$?
exit $status
