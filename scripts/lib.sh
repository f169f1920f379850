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

# pg_server_bin: the bin folder of the newest PostgreSQL server installed (the one holding
# initdb; postgresql-client alone creates the folder with psql and pg_dump only), or nothing.
pg_server_bin() {
  local initdb
  initdb=$(ls -d "${PG_ROOT:-/usr/lib/postgresql}"/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] && dirname "$initdb"
  return 0
}

# pango_installed: true when the Pango library WeasyPrint needs is there. ldconfig lives in
# /sbin, outside a normal user's PATH: try it there, then look for the library file itself.
pango_installed() {
  local ldconfig
  for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$ldconfig" >/dev/null 2>&1 && "$ldconfig" -p 2>/dev/null | grep -q 'libpango-1\.0\.so'; then
      return 0
    fi
  done
  compgen -G "${LIB_ROOT:-/usr/lib}/*/libpango-1.0.so*" >/dev/null \
    || compgen -G "${LIB_ROOT:-/usr/lib}/libpango-1.0.so*" >/dev/null
}

# start_throwaway_pg: starts a private PostgreSQL cluster (its own folder under /tmp, its own
# port, trust on loopback only, durability off for speed) and removes it when the script
# exits. Sets PG_BIN, PGDIR, PGPORT. Then `createdb_pg NAME` creates a database in it.
start_throwaway_pg() {
  PG_BIN=$(pg_server_bin)
  if [ -z "$PG_BIN" ]; then
    apt_install postgresql
    PG_BIN=$(pg_server_bin)
  fi
  PGDIR=$(mktemp -d /tmp/ruche-pg.XXXXXX)
  PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PGDIR"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_pg EXIT
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w start \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
}

stop_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
  if [ -n "${REDIS_DIR:-}" ]; then
    [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
    rm -rf "$REDIS_DIR"
  fi
}

# start_throwaway_redis: a private Redis server (Debian's redis-server) on a Unix socket of
# its own, nothing written to disk, stopped with the PostgreSQL server (stop_pg) when the
# script exits. Sets REDIS_DIR and REDIS_SOCKET. Call it after start_throwaway_pg.
start_throwaway_redis() {
  REDIS_DIR=$(mktemp -d /tmp/ruche-redis.XXXXXX)
  REDIS_SOCKET="$REDIS_DIR/redis.sock"
  redis-server --port 0 --unixsocket "$REDIS_SOCKET" --unixsocketperm 700 --save "" \
    --appendonly no --dir "$REDIS_DIR" --daemonize yes --pidfile "$REDIS_DIR/redis.pid" \
    --logfile "$REDIS_DIR/log" >/dev/null
  for _ in $(seq 50); do [ -S "$REDIS_SOCKET" ] && return 0; sleep 0.1; done
  echo "redis-server ne démarre pas : $(cat "$REDIS_DIR/log")" >&2
  return 1
}

createdb_pg() {
  "${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$1"
}

# use_throwaway_env DBNAME: points the app at that database of the throwaway cluster, with
# settings fit for tests and benchmarks (no DEBUG, tasks run at once, mail to the console).
# Static files keep the production storage: see collect_static.
use_throwaway_env() {
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/$1"
  export SECRET_KEY="throwaway-only-secret-key-not-used-anywhere-else-0123456789"
  export DEBUG=false
  export SITE_URL=http://127.0.0.1:8000
  export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
  export EMAIL_URL=consolemail://
}

# collect_static: points STATIC_ROOT at a folder of .venv named after the static sources and
# the installed packages, and runs collectstatic there once (WhiteNoise's compression takes
# about a minute); later runs with the same sources reuse it.
collect_static() {
  local key
  key=$( (find static -type f -print0 | sort -z | xargs -0 sha1sum; .venv/bin/pip freeze) | sha1sum | cut -c1-12)
  export STATIC_ROOT="$PWD/.venv/static-collecte/$key"
  if [ ! -f "$STATIC_ROOT/staticfiles.json" ]; then
    # Collected aside then moved into place, and only other keys' folders unused for an hour
    # removed: checkouts sharing one .venv (worktrees) must not delete each other's folder
    # while it is being collected or read.
    mkdir -p .venv/static-collecte
    find .venv/static-collecte -mindepth 1 -maxdepth 1 -mmin +60 ! -name "$key" \
      -exec rm -rf {} + 2>/dev/null || true
    local aside="$STATIC_ROOT.$$"
    STATIC_ROOT="$aside" .venv/bin/python manage.py collectstatic --noinput -v0
    mv -T "$aside" "$STATIC_ROOT" 2>/dev/null || rm -rf "$aside"
  else
    touch "$STATIC_ROOT"  # in use: not removed by another key's collect within the hour
  fi
}
