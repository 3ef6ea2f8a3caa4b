#!/usr/bin/env bash
# A throwaway Matrix homeserver (Synapse, from PyPI) on loopback, for storybot's integration tests.
#
#   scripts/synapse.sh install          only install Synapse into the cached venv (start does it too)
#   scripts/synapse.sh start [--keep]   install if needed, (re)create the data dir, start, register users
#   scripts/synapse.sh stop             stop it (TERM, then KILL after 10 s); nothing running is fine
#   scripts/synapse.sh restart          stop, then start on the same data (rooms, users, tokens kept)
#   scripts/synapse.sh status           exit 0 if it is running and answering
#   scripts/synapse.sh env              print the exports of a started server
#
# `start` wipes the data dir unless given --keep, and prints the shell exports the tests read, which it
# also writes to $STORYBOT_SYNAPSE_DIR/env:  eval "$(scripts/synapse.sh start)"  or  . /tmp/storybot-synapse/env
#
# Settings (environment):
#   STORYBOT_SYNAPSE_CACHE  where the virtualenv lives, reused across runs (default ~/.cache/storybot-synapse)
#   STORYBOT_SYNAPSE_DIR    data dir: config, SQLite db, signing key, log, pid file (default /tmp/storybot-synapse)
#   STORYBOT_SYNAPSE_PORT   client API port on 127.0.0.1 (default 8448; plain HTTP, no federation listener)
#   STORYBOT_SYNAPSE_TIMEOUT  seconds to wait for the server to answer (default 60)
#   STORYBOT_SYNAPSE_LIMITS generous (default): every rate limiter opened wide, so tests never get
#                           M_LIMIT_EXCEEDED; or synapse: Synapse's own defaults, as a real server has them
#   STORYBOT_SYNAPSE_TOKEN_LIFETIME  if set (such as 10s), access tokens without a refresh token expire
#                           after that long, and requests with them get a soft logout
#   PYTHON                  the interpreter to build the venv from (default python3; Synapse needs >= 3.10)
#
# Users (fixed passwords: the server is throwaway and only listens on 127.0.0.1):
#   @storybot:localhost  password storybot-password  (not admin; the bot)
#   @tester:localhost    password tester-password    (server admin; drives the tests)
#
# Room versions: Synapse 1.163 makes room version 12 the default for new rooms (DEFAULT_ROOM_VERSION in
# synapse/config/server.py, also reported by GET /_matrix/client/v3/capabilities). In v12 a room id is
# the hash of its create event, "!<43 chars base64>", with NO ":server" part, and the room creator has
# unlimited power without appearing in m.room.power_levels' "users". Tests must not parse room ids.
set -euo pipefail

SYNAPSE_VERSION=1.163.2

CACHE=${STORYBOT_SYNAPSE_CACHE:-$HOME/.cache/storybot-synapse}
VENV=$CACHE/venv
DATA=${STORYBOT_SYNAPSE_DIR:-/tmp/storybot-synapse}
PORT=${STORYBOT_SYNAPSE_PORT:-8448}
TIMEOUT=${STORYBOT_SYNAPSE_TIMEOUT:-60}
PY=${PYTHON:-python3}
SERVER_NAME=localhost
URL=http://127.0.0.1:$PORT

BOT_USER=storybot
BOT_PASSWORD=storybot-password
TEST_USER=tester
TEST_PASSWORD=tester-password

CONF=$DATA/homeserver.yaml
LOG=$DATA/homeserver.log
CONSOLE=$DATA/console.log
PIDFILE=$DATA/homeserver.pid

die() {
    echo "synapse.sh: $*" >&2
    exit 1
}

# The end of whatever Synapse said, for an error message.
show_logs() {
    local f
    for f in "$CONSOLE" "$LOG"; do
        if [[ -s $f ]]; then
            echo "--- last lines of $f:" >&2
            tail -n 40 "$f" >&2
        fi
    done
}

fail() {
    echo "synapse.sh: $*" >&2
    show_logs
    exit 1
}

# ---------------------------------------------------------------------------------------------------
# Install

venv_ok() {
    [[ -f $VENV/.storybot-synapse-version && $(<"$VENV/.storybot-synapse-version") == "$SYNAPSE_VERSION" ]] &&
        [[ -x $VENV/bin/python && -x $VENV/bin/register_new_matrix_user ]]
}

# A uv to install with: one on PATH, or one pip put into a small bootstrap venv in the cache.
find_uv() {
    if command -v uv >/dev/null 2>&1; then
        command -v uv
        return 0
    fi
    local boot=$CACHE/bootstrap
    if [[ ! -x $boot/bin/uv ]]; then
        rm -rf "$boot"
        "$PY" -m venv "$boot" >/dev/null 2>&1 || return 1
        "$boot/bin/python" -m pip install -q --disable-pip-version-check uv >/dev/null 2>&1 || return 1
    fi
    [[ -x $boot/bin/uv ]] && echo "$boot/bin/uv"
}

install_synapse() {
    venv_ok && return 0
    mkdir -p "$CACHE"
    # Two test runs starting at once must not build the same venv together.
    exec 9>"$CACHE/.install.lock"
    flock 9
    if venv_ok; then
        exec 9>&-
        return 0
    fi
    local pybin
    pybin=$(command -v "$PY") || die "no $PY on PATH (set PYTHON to a Python >= 3.10)"
    echo "synapse.sh: installing matrix-synapse==$SYNAPSE_VERSION into $VENV (once)" >&2
    local ilog=$CACHE/install.log uv
    : >"$ilog"
    rm -rf "$VENV"
    if uv=$(find_uv 2>>"$ilog") &&
        # uv reads neither pip.conf nor PIP_* variables: carry over an index and a CA bundle if set.
        UV_PYTHON_DOWNLOADS=never \
            UV_INDEX_URL=${UV_INDEX_URL:-${PIP_INDEX_URL:-}} \
            SSL_CERT_FILE=${SSL_CERT_FILE:-${PIP_CERT:-}} \
            bash -c '[[ -n $UV_INDEX_URL ]] || unset UV_INDEX_URL; [[ -n $SSL_CERT_FILE ]] || unset SSL_CERT_FILE
                "$1" venv -q --python "$2" "$3" && "$1" pip install -q --python "$3/bin/python" "matrix-synapse==$4"' \
            _ "$uv" "$pybin" "$VENV" "$SYNAPSE_VERSION" >>"$ilog" 2>&1; then
        :
    else
        echo "synapse.sh: uv failed (see $ilog), falling back to pip" >&2
        rm -rf "$VENV"
        { "$pybin" -m venv "$VENV" &&
            "$VENV/bin/python" -m pip install -q --disable-pip-version-check "matrix-synapse==$SYNAPSE_VERSION"; } \
            >>"$ilog" 2>&1 || { tail -n 30 "$ilog" >&2; die "could not install matrix-synapse==$SYNAPSE_VERSION (log: $ilog)"; }
    fi
    "$VENV/bin/python" -c 'import synapse.app.homeserver' >>"$ilog" 2>&1 ||
        { tail -n 30 "$ilog" >&2; die "matrix-synapse installed but does not import (log: $ilog)"; }
    echo "$SYNAPSE_VERSION" >"$VENV/.storybot-synapse-version"
    exec 9>&-
}

# ---------------------------------------------------------------------------------------------------
# Process

# The pid of our running Synapse, if any: from the pid file, and only if that process is really a
# Synapse on this data dir (a stale pid file may name a recycled pid).
running_pid() {
    [[ -f $PIDFILE ]] || return 1
    local pid
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
    echo "$pid"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

answering() {
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/_matrix/client/versions" 2>/dev/null) == 200 ]]
}

cmd_stop() {
    local pid i
    if pid=$(running_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "synapse.sh: Synapse (pid $pid) ignored TERM for 10 s, killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            for ((i = 0; i < 50; i++)); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        kill -0 "$pid" 2>/dev/null && die "could not stop Synapse (pid $pid)"
    fi
    rm -f "$PIDFILE"
}

# ---------------------------------------------------------------------------------------------------
# Config

secret() {
    "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))'
}

# Generous limits for every rate limiter Synapse has, so tests never get M_LIMIT_EXCEEDED.
rc() {
    printf '%s:\n  per_second: 10000\n  burst_count: 10000\n' "$1"
}

# Every limiter opened wide (see rc above).
generous_limits() {
    rc rc_message
    rc rc_registration
    rc rc_registration_token_validity
    echo "rc_login:"
    rc address | sed 's/^/  /'
    rc account | sed 's/^/  /'
    rc failed_attempts | sed 's/^/  /'
    echo "rc_joins:"
    rc local | sed 's/^/  /'
    rc remote | sed 's/^/  /'
    rc rc_joins_per_room
    echo "rc_invites:"
    rc per_room | sed 's/^/  /'
    rc per_user | sed 's/^/  /'
    rc per_issuer | sed 's/^/  /'
    rc rc_3pid_validation
    rc rc_admin_redaction
    rc rc_third_party_invite
    rc rc_media_create
    rc rc_room_creation
    rc rc_reports
    rc rc_delayed_event_mgmt
    rc rc_user_directory
    rc rc_profile
    rc rc_key_requests
    echo "rc_presence:"
    rc per_user | sed 's/^/  /'
}

write_config() {
    # Secrets survive --keep, so restarts keep access tokens and the shared secret valid.
    if [[ ! -s $DATA/secrets ]]; then
        {
            echo "REGISTRATION_SECRET=$(secret)"
            echo "MACAROON_SECRET=$(secret)"
            echo "FORM_SECRET=$(secret)"
        } >"$DATA/secrets"
        chmod 600 "$DATA/secrets"
    fi
    # shellcheck disable=SC1091
    . "$DATA/secrets"

    cat >"$DATA/log.config" <<EOF
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: $LOG
    encoding: utf8
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
EOF

    {
        cat <<EOF
# Written by scripts/synapse.sh: a throwaway test homeserver. Do not use for anything else.
server_name: "$SERVER_NAME"
public_baseurl: "$URL/"
pid_file: "$PIDFILE"
report_stats: false
listeners:
  - port: $PORT
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "$DATA/homeserver.db"
log_config: "$DATA/log.config"
media_store_path: "$DATA/media_store"
signing_key_path: "$DATA/$SERVER_NAME.signing.key"
registration_shared_secret: "$REGISTRATION_SECRET"
macaroon_secret_key: "$MACAROON_SECRET"
form_secret: "$FORM_SECRET"
enable_registration: false
bcrypt_rounds: 4
suppress_key_server_warning: true
trusted_key_servers: []
federation_domain_whitelist: []
allow_public_rooms_over_federation: false
presence:
  enabled: false
url_preview_enabled: false
enable_metrics: false
enable_media_repo: true
user_directory:
  enabled: true
  search_all_users: true
EOF
        if [[ ${STORYBOT_SYNAPSE_LIMITS:-generous} == synapse ]]; then
            echo "# Rate limits: Synapse's defaults."
        else
            generous_limits
        fi
        if [[ -n ${STORYBOT_SYNAPSE_TOKEN_LIFETIME:-} ]]; then
            # Access tokens without a refresh token expire: clients see a soft logout.
            echo "nonrefreshable_access_token_lifetime: $STORYBOT_SYNAPSE_TOKEN_LIFETIME"
        fi
    } >"$CONF"


    # The signing key, written the way `--generate-keys` writes it, but without that command's ~5 s of
    # importing all of Synapse; --generate-keys remains the fallback.
    local key=$DATA/$SERVER_NAME.signing.key
    if [[ ! -s $key ]]; then
        "$VENV/bin/python" - "$key" >"$CONSOLE" 2>&1 <<'PYEOF' ||
import os, secrets, sys
from signedjson.key import generate_signing_key, write_signing_keys
with open(sys.argv[1], "w", opener=lambda p, f: os.open(p, f, 0o640)) as fh:
    write_signing_keys(fh, (generate_signing_key("a_" + secrets.token_hex(2)),))
PYEOF
            { rm -f "$key"; "$VENV/bin/python" -m synapse.app.homeserver --config-path "$CONF" --generate-keys >"$CONSOLE" 2>&1; } ||
            fail "could not generate the signing key"
    fi
}

# ---------------------------------------------------------------------------------------------------
# Users and env

register() { # user password --admin|--no-admin
    local out
    # --exists-ok: start --keep finds the users already there.
    out=$("$VENV/bin/register_new_matrix_user" -c "$CONF" -u "$1" -p "$2" "$3" --exists-ok "$URL" </dev/null 2>&1) ||
        { echo "$out" >&2; fail "could not register @$1:$SERVER_NAME"; }
}

write_env() {
    local k v
    : >"$DATA/env.tmp"
    for k in STORYBOT_TEST_HOMESERVER STORYBOT_TEST_BOT_USER STORYBOT_TEST_BOT_PASSWORD \
        STORYBOT_TEST_USER STORYBOT_TEST_PASSWORD STORYBOT_TEST_SYNAPSE_DIR; do
        case $k in
            STORYBOT_TEST_HOMESERVER) v=$URL ;;
            STORYBOT_TEST_BOT_USER) v="@$BOT_USER:$SERVER_NAME" ;;
            STORYBOT_TEST_BOT_PASSWORD) v=$BOT_PASSWORD ;;
            STORYBOT_TEST_USER) v="@$TEST_USER:$SERVER_NAME" ;;
            STORYBOT_TEST_PASSWORD) v=$TEST_PASSWORD ;;
            STORYBOT_TEST_SYNAPSE_DIR) v=$DATA ;;
        esac
        printf 'export %s=%q\n' "$k" "$v" >>"$DATA/env.tmp"
    done
    mv "$DATA/env.tmp" "$DATA/env"
}

# ---------------------------------------------------------------------------------------------------
# Start

cmd_start() {
    local keep=0
    while (($#)); do
        case $1 in
            --keep) keep=1 ;;
            *) die "start: unknown argument '$1' (usage: start [--keep])" ;;
        esac
        shift
    done
    [[ $PORT =~ ^[0-9]+$ ]] || die "STORYBOT_SYNAPSE_PORT must be a number, not '$PORT'"
    command -v curl >/dev/null || die "curl is needed"
    [[ -n $DATA && $DATA != / ]] || die "refusing data dir '$DATA'"

    install_synapse

    # Starting again is fine: our previous server (on this data dir) goes first.
    cmd_stop
    if port_in_use; then
        die "port $PORT on 127.0.0.1 is already in use by another process (set STORYBOT_SYNAPSE_PORT)"
    fi

    # Wipe only what this script made: a mistyped STORYBOT_SYNAPSE_DIR must not cost anyone a folder.
    if [[ -d $DATA && ! -f $DATA/.storybot-synapse && -n $(ls -A "$DATA") ]] &&
        ! grep -qs '^# Written by scripts/synapse.sh' "$CONF"; then
        die "$DATA is not empty and was not made by this script; refusing to use it (set STORYBOT_SYNAPSE_DIR)"
    fi
    if ((keep == 0)); then
        rm -rf "$DATA"
    fi
    mkdir -p "$DATA"
    : >"$DATA/.storybot-synapse"
    write_config
    : >"$CONSOLE"

    local deadline=$((SECONDS + TIMEOUT)) pid=""
    # Synapse daemonizes itself (double fork, setsid, pid file held under flock); it only returns
    # non-zero here for errors found before that, e.g. a bad config.
    (cd "$DATA" && "$VENV/bin/python" -m synapse.app.homeserver --config-path "$CONF" --daemonize) \
        </dev/null >>"$CONSOLE" 2>&1 || fail "Synapse did not start"

    while :; do
        if [[ -z $pid ]]; then
            pid=$(running_pid) || pid=""
        elif ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            fail "Synapse exited while starting"
        fi
        if [[ -n $pid ]] && answering; then
            break
        fi
        if ((SECONDS >= deadline)); then
            cmd_stop
            fail "Synapse did not answer $URL/_matrix/client/versions within $TIMEOUT s"
        fi
        sleep 0.2
    done

    # register_new_matrix_user spends ~1.5 s importing: register both users at once, and only once per
    # data dir (a restart finds them there).
    if [[ ! -f $DATA/users-registered ]]; then
        local bot_reg test_reg
        register "$BOT_USER" "$BOT_PASSWORD" --no-admin &
        bot_reg=$!
        register "$TEST_USER" "$TEST_PASSWORD" --admin &
        test_reg=$!
        wait "$bot_reg" || exit 1
        wait "$test_reg" || exit 1
        : >"$DATA/users-registered"
    fi

    write_env
    cat "$DATA/env"
}

cmd_status() {
    running_pid >/dev/null && answering
}

cmd_env() {
    [[ -f $DATA/env ]] || die "no $DATA/env: run 'scripts/synapse.sh start' first"
    cat "$DATA/env"
}

usage() {
    echo "usage: $0 install | start [--keep] | stop | restart | status | env" >&2
    exit 2
}

(($#)) || usage
cmd=$1
shift
case $cmd in
    install) (($# == 0)) || usage; install_synapse ;;
    start) cmd_start "$@" ;;
    stop) (($# == 0)) || usage; cmd_stop ;;
    restart) (($# == 0)) || usage; cmd_stop; cmd_start --keep ;;
    status) (($# == 0)) || usage; cmd_status ;;
    env) (($# == 0)) || usage; cmd_env ;;
    -h | --help | help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" ;;
    *) usage ;;
esac
