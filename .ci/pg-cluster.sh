#!/usr/bin/env bash
# pg-cluster.sh COMMAND...: run COMMAND with a private PostgreSQL cluster of its own.
#
# Installs PostgreSQL from the distribution's packages when it is missing, makes a
# cluster in a temporary folder (initdb, trust authentication on 127.0.0.1 only), starts
# it on a free port (pg_ctl), runs COMMAND with PRIVACYDESK_TEST_PG set to the cluster's
# connection URL, then stops the cluster and removes the folder, whatever COMMAND did.
# PostgreSQL refuses to run as root: as root the cluster runs as an unprivileged user
# (PG_USER, by default nobody) that owns the folder. With openssl the server also speaks
# TLS with a certificate for 127.0.0.1 from a certificate authority made for the run,
# whose certificate PRIVACYDESK_TEST_PG_CA names. A role that must give a password has
# an empty database of its own: PRIVACYDESK_TEST_PG_PASSWORD_URL (without the password)
# and PRIVACYDESK_TEST_PG_PASSWORD. Exits with COMMAND's status.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND..." >&2; exit 2; }

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  echo "pg-cluster: installing PostgreSQL"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN=$(bindir)

# As root, every PostgreSQL command runs as the unprivileged user.
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u "${PG_USER:-nobody}" --); fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/privacydesk-pg.XXXXXX")
chmod 0700 "$DIR"
[ ${#as_pg[@]} -eq 0 ] || chown "${PG_USER:-nobody}" "$DIR"
PORT=""
cleanup() {
  "${as_pg[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  # The local files Privacy Desk kept for this cluster's databases (named by host and port).
  [ -z "$PORT" ] || rm -rf "${XDG_CONFIG_HOME:-$HOME/.config}/PrivacyDesk/postgres/127.0.0.1-$PORT-"*
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
  local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done
}

"${as_pg[@]}" "$BIN/initdb" -D "$DIR/data" -U privacydesk -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
# One role must give a password (SCRAM), so the tests see a password asked for and
# refused: its line comes before initdb's trust lines.
printf 'host all pd_password 127.0.0.1/32 scram-sha-256\n' | cat - "$DIR/data/pg_hba.conf" > "$DIR/pg_hba.conf"
"${as_pg[@]}" cp "$DIR/pg_hba.conf" "$DIR/data/pg_hba.conf"
# TLS, so the tests can connect with sslmode=verify-full: a certificate authority of the
# run's own and a server certificate for 127.0.0.1 signed by it (PRIVACYDESK_TEST_PG_CA).
tls=()
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Privacy Desk test CA" \
    -keyout "$DIR/ca.key" -out "$DIR/ca.crt" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$DIR/server.key" -out "$DIR/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1\n' > "$DIR/san.ext"
  openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 2 \
    -extfile "$DIR/san.ext" -out "$DIR/server.crt" >/dev/null 2>&1
  chmod 0600 "$DIR/server.key"
  [ ${#as_pg[@]} -eq 0 ] || chown "${PG_USER:-nobody}" "$DIR/server.key" "$DIR/server.crt"
  chmod 0644 "$DIR/ca.crt"
  tls=(-c ssl=on -c "ssl_cert_file=$DIR/server.crt" -c "ssl_key_file=$DIR/server.key")
  export PRIVACYDESK_TEST_PG_CA="$DIR/ca.crt"
fi
started=""
for _ in 1 2 3; do
  PORT=$(free_port)
  # fsync off: a test cluster that is thrown away need not survive a power cut.
  if "${as_pg[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${tls[*]}" \
      start >/dev/null; then started=1; break; fi
done
[ -n "$started" ] || { echo "pg-cluster: PostgreSQL did not start:" >&2; cat "$DIR/server.log" >&2; exit 1; }

export PRIVACYDESK_TEST_PG="postgres://privacydesk@127.0.0.1:$PORT/postgres?sslmode=disable"
# The role with a password and its own empty database (PRIVACYDESK_TEST_PG_PASSWORD_URL,
# the URL without the password, which is PRIVACYDESK_TEST_PG_PASSWORD).
PW_PASSWORD="pd-test-$RANDOM$RANDOM"
"${as_pg[@]}" "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U privacydesk -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE pd_password LOGIN PASSWORD '$PW_PASSWORD' NOSUPERUSER NOCREATEDB NOCREATEROLE" \
  -c "CREATE DATABASE pd_password OWNER pd_password" >/dev/null
export PRIVACYDESK_TEST_PG_PASSWORD_URL="postgres://pd_password@127.0.0.1:$PORT/pd_password?sslmode=disable"
export PRIVACYDESK_TEST_PG_PASSWORD="$PW_PASSWORD"
echo "pg-cluster: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') at $PRIVACYDESK_TEST_PG"
set +e
"$@"
rc=$?
exit $rc
