# Helpers and local secrets shared by scripts/infra.sh's native and docker modes. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2034 # the paths are used by the infra-* libraries that source this one

INFRA_DIR="$FCFS_ROOT/.infra"
LOG_DIR="$INFRA_DIR/logs"
LOCAL_ENV="$INFRA_DIR/local.env"
KEYS_DIR="$INFRA_DIR/keys"
SUBGRAPHS=(users catalog orders payments)

say() { printf 'infra: %s\n' "$*"; }
die() {
  printf 'infra: error: %s\n' "$*" >&2
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found ($2)"; }

# wait_until SECONDS COMMAND...: true as soon as COMMAND succeeds, false once SECONDS have passed.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid listening on a local TCP port, if ss can see it.
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

command_line() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline"; }

# The pid in a pid file, but only while that process still runs PATTERN: pids get reused after a reboot.
live_pid() {
  local file=$1 pattern=$2 pid
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  command_line "$pid" | grep -q -- "$pattern" || return 1
  echo "$pid"
}

# Detached from this shell's session and process group, so the service outlives the terminal, the CI
# step or a test runner that kills its own group on exit; `down` stops it through the pid file. Only stdio is
# passed on: any other descriptor of the starter (a lock file a test runner holds, say) would stay open, and
# its lock held, for the service's whole life.
start_detached() {
  local pid_file=$1 log_file=$2
  shift 2
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; if ((fd > 2)); then eval "exec $fd>&-"; fi; done; exec "$@"' \
    fcfs-service "$@" </dev/null >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
}

stop_pid() {
  local pid=$1 name=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_until 30 bash -c "! kill -0 $pid"; then
    say "$name (pid $pid) ignored SIGTERM for 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

log_tail() {
  if [[ -f $1 ]]; then tail -n "${2:-15}" "$1" | sed 's/^/    /' >&2; fi
}

# --- local secrets and .infra/local.env ---------------------------------------------------------------

env_get() { sed -n "s/^$2=//p" "$1" 2>/dev/null | tail -n 1; }

# Appends KEY=<output of COMMAND> unless the file already has KEY, so values are made once and kept.
ensure_key() {
  local file=$1 key=$2 value
  shift 2
  grep -q "^$key=" "$file" 2>/dev/null && return 0
  value=$("$@")
  printf '%s=%s\n' "$key" "$value" >>"$file"
}

rand_b64() { openssl rand -base64 "$1"; }
rand_hex() { openssl rand -hex "$1"; }
rand_password() {
  local raw
  raw=$(openssl rand -base64 33 | tr -d '+/=\n')
  echo "${raw:0:24}"
}
new_pii_key() { echo "k1:$(rand_b64 32)"; }

SECRET_KEYS=(USERS_DB_PASSWORD CATALOG_DB_PASSWORD ORDERS_DB_PASSWORD PAYMENTS_DB_PASSWORD
  PII_KEYS PII_INDEX_KEY GATEWAY_SIGNING_SECRET ADMIN_EMAIL ADMIN_PASSWORD)

# The local MariaDB, and the rows it holds, belong to the machine, not to one checkout: every clone on this
# machine shares the same database passwords and data keys (kept outside git), or one clone's `up` would lock
# the others out of their databases and leave rows no other clone can decrypt.
MACHINE_SECRETS="${XDG_CONFIG_HOME:-$HOME/.config}/fcfs/machine-secrets.env"
machine_secret() {
  local key=$1
  shift
  install -d -m 700 "$(dirname "$MACHINE_SECRETS")"
  if ! grep -q "^$key=" "$MACHINE_SECRETS" 2>/dev/null; then
    (umask 077 && printf '%s=%s\n' "$key" "$("$@")" >>"$MACHINE_SECRETS")
  fi
  env_get "$MACHINE_SECRETS" "$key"
}

# DB passwords are hex because they also go into mysql:// URLs unescaped.
ensure_secrets() {
  local file=$1 subgraph key
  for subgraph in "${SUBGRAPHS[@]}"; do
    key="${subgraph^^}_DB_PASSWORD"
    ensure_key "$file" "$key" machine_secret "$key" rand_hex 16
  done
  ensure_key "$file" PII_KEYS machine_secret PII_KEYS new_pii_key
  ensure_key "$file" PII_INDEX_KEY machine_secret PII_INDEX_KEY rand_b64 32
  ensure_key "$file" GATEWAY_SIGNING_SECRET machine_secret GATEWAY_SIGNING_SECRET rand_b64 32
  ensure_key "$file" ADMIN_EMAIL echo admin@fcfs.local
  ensure_key "$file" ADMIN_PASSWORD machine_secret ADMIN_PASSWORD rand_password
}

database_url() {
  local subgraph=$1 password=$2
  echo "mysql://fcfs_$subgraph:$password@127.0.0.1:3306/fcfs_$subgraph"
}

# Host-side addresses of everything; the same in both modes because compose publishes the same ports.
ensure_derived_keys() {
  local file=$1 subgraph
  for subgraph in "${SUBGRAPHS[@]}"; do
    ensure_key "$file" "${subgraph^^}_DATABASE_URL" \
      database_url "$subgraph" "$(env_get "$file" "${subgraph^^}_DB_PASSWORD")"
  done
  ensure_key "$file" REDIS_URL echo redis://127.0.0.1:6379
  ensure_key "$file" KAFKA_BROKERS echo 127.0.0.1:9092
  ensure_key "$file" SMTP_URL echo smtp://127.0.0.1:1025
  ensure_key "$file" MAILCATCHER_URL echo http://127.0.0.1:1080
  ensure_key "$file" JWT_PRIVATE_KEY_FILE echo "$KEYS_DIR/jwt-private.pem"
  ensure_key "$file" JWT_PUBLIC_KEY_FILE echo "$KEYS_DIR/jwt-public.pem"
  ensure_key "$file" JWT_ISSUER echo fcfs-users
  ensure_key "$file" JWT_AUDIENCE echo fcfs
}

new_env_file() {
  local file=$1
  shift
  (umask 077 && printf '# %s\n' "$@" >"$file")
}

local_env_native() {
  [[ $FCFS_ROOT != *[[:space:]]* ]] || die "the repository path contains whitespace; .infra/local.env cannot hold it unquoted"
  if [[ ! -f $LOCAL_ENV ]]; then
    new_env_file "$LOCAL_ENV" "Local secrets and addresses, made once by scripts/infra.sh up and kept; never commit." \
      "Load with: set -a; source .infra/local.env; set +a"
    say "generated $LOCAL_ENV"
  fi
  ensure_secrets "$LOCAL_ENV"
  ensure_derived_keys "$LOCAL_ENV"
}

# In docker mode .env is the truth (compose reads it); local.env is rewritten from it on every up.
local_env_from_dotenv() {
  local dotenv=$1 key tmp="$LOCAL_ENV.tmp"
  new_env_file "$tmp" "Rewritten by scripts/infra.sh up from .env (docker mode); edit .env, not this file." \
    "Load with: set -a; source .infra/local.env; set +a"
  for key in "${SECRET_KEYS[@]}"; do
    printf '%s=%s\n' "$key" "$(env_get "$dotenv" "$key")" >>"$tmp"
  done
  ensure_derived_keys "$tmp"
  mv "$tmp" "$LOCAL_ENV"
}

# ES256 (P-256): users signs access tokens with the private key, the gateway verifies with the public one.
# The files are world-readable inside a 0700 folder: the folder keeps other host users out, and the
# containers (user node) can read them when compose bind-mounts the files as secrets.
ensure_jwt_keys() {
  local private="$KEYS_DIR/jwt-private.pem" public="$KEYS_DIR/jwt-public.pem"
  [[ -s $private && -s $public ]] && return 0
  need openssl "apt-get install openssl"
  install -d -m 700 "$KEYS_DIR"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$private" 2>/dev/null
  openssl pkey -in "$private" -pubout -out "$public" 2>/dev/null
  chmod 644 "$private" "$public"
  say "generated the ES256 JWT key pair in $KEYS_DIR"
}
