# Shared shell helpers for the scripts in this folder.

# apt_install PKG...: installs Debian packages when running as root (or with sudo).
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Installez ces paquets Debian : $*" >&2; return 1
    fi
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# start_throwaway_pg DBNAME: starts a private PostgreSQL server (its own folder and random
# port, trust on loopback only), creates DBNAME and exports DATABASE_URL. The server is
# stopped and its folder removed when the calling script exits.
start_throwaway_pg() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$PG_BIN" ]; then
    apt_install postgresql
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PGDIR=$(mktemp -d /tmp/ruche-pg.XXXXXX)
  PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PGDIR"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_throwaway_pg EXIT
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w start \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  "${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$1"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/$1"
}

stop_throwaway_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
