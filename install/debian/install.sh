#!/usr/bin/env bash
# Installs Alpi on a Debian 12 server: the collector, the hotspot controller and the agent as systemd services,
# with Mosquitto as the broker (install/mosquitto/alpi.conf), and optionally PostgreSQL and InfluxDB.
#
#   install.sh [--published DIR] [--with-influxdb] [--with-postgresql] [--tenant T] [--broker-name NAME]
#              [--prefix DIR] [--dry-run]
#
#   --published DIR    take the already-published folders DIR/collector, DIR/hotspot and DIR/agent (each with its
#                      executable: Alpi.Collector, Alpi.HotspotController, Alpi.Agent) instead of publishing them from
#                      this repository with the .NET SDK (self-contained for this machine's architecture, so the
#                      server needs no .NET runtime; install/agent/publish.sh makes the agent's single-file and AOT builds)
#   --with-influxdb    install the Debian package influxdb (1.x) and store time series there (Collector:Storage:Kind=influxdb1)
#   --with-postgresql  install PostgreSQL, create the roles and databases alpi_collector and alpi_hotspot (random passwords)
#                      and keep the collector's and hotspot controller's state there
#   --tenant T         the tenant (member body) of this server's own agent (default: alpi)
#   --broker-name NAME the name in the broker's TLS certificate, as agents will connect to it (default: hostname -f)
#   --prefix DIR       install under DIR instead of / (for tests and packaging): no Debian packages, no users, no
#                      ownership given to service users, no database created, no systemctl
#   --dry-run          say what would be done and change nothing
#
# What it does, in order (each step only when something is missing or different, so that a second run changes
# nothing and keeps every secret):
#   1. apt-get install mosquitto mosquitto-clients openssl (+ influxdb, postgresql with the flags);
#   2. the system user and group "alpi" (the collector and the hotspot controller; alpi-agent runs as a DynamicUser);
#   3. folders: /etc/alpi (root:alpi 750), /var/lib/alpi (alpi:alpi 750, state of the collector and hotspot
#      controller), /opt/alpi/{collector,hotspot,agent} (root 755, the binaries);
#   4. the binaries, published or copied into /opt/alpi/* (a folder is replaced whole, only when its content differs);
#   5. Mosquitto: alpi.conf in /etc/mosquitto/conf.d/, a private CA and the broker's certificate in
#      /etc/mosquitto/certs/ (kept when present; the CA certificate is copied to /etc/alpi/alpi-ca.crt for clients),
#      the users alpi-collector, alpi-hotspot and <tenant>.<host> (this server's agent) with their ACL blocks;
#   6. secrets, generated once: the three broker passwords, the collector's API token (scope admin, name "install"),
#      the hotspot controller's admin token and UAM secret, the PostgreSQL passwords, written into the environment
#      files /etc/alpi/{collector,hotspot,agent}.env (root, 600); an existing environment file is never rewritten;
#   7. the systemd units into /etc/systemd/system/, daemon-reload, enable --now mosquitto, alpi-collector and
#      alpi-hotspot. This server itself is supervised by the collector's local agent (which also publishes the
#      collector's own figures), as the agent user <tenant>.<host>; alpi-agent.service and /etc/alpi/agent.env are
#      installed for the day the collector moves away (enable one or the other, not both: same MQTT identity).
#
# Exit codes: 0 done (or nothing to do), 1 a step failed, 2 bad arguments or a missing prerequisite.
# Its last line says how many things it changed: "alpi install: N changed" (0 on a second run).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix=""
published=""
dry_run=false
with_influxdb=false
with_postgresql=false
tenant="alpi"
broker_name=""
changed=0

die() {
  echo "install.sh: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix="$(realpath -m "$2")"; shift 2 ;;
    --published) [ $# -ge 2 ] || die "--published needs a folder"; published="$(realpath -m "$2")"; shift 2 ;;
    --tenant) [ $# -ge 2 ] || die "--tenant needs a name"; tenant="$2"; shift 2 ;;
    --broker-name) [ $# -ge 2 ] || die "--broker-name needs a name"; broker_name="$2"; shift 2 ;;
    --with-influxdb) with_influxdb=true; shift ;;
    --with-postgresql) with_postgresql=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option \"$1\" (see --help)" ;;
  esac
done

[[ "$tenant" =~ ^[A-Za-z0-9_-]+$ ]] || die "--tenant \"$tenant\" must be letters, digits, '-' or '_'"
host="$(hostname -s | tr '[:upper:]' '[:lower:]')"
[ -n "$broker_name" ] || broker_name="$(hostname -f 2>/dev/null || hostname)"
[ -n "$prefix" ] || [ "$(id -u)" -eq 0 ] || die "run as root (or with --prefix DIR to install into a folder)"
if [ -n "$published" ]; then
  for part in collector/Alpi.Collector hotspot/Alpi.HotspotController agent/Alpi.Agent; do
    [ -x "$published/$part" ] || die "--published: $published/$part is missing or not executable"
  done
fi

etc="$prefix/etc/alpi"
lib="$prefix/var/lib/alpi"
opt="$prefix/opt/alpi"
units="$prefix/etc/systemd/system"
mosquitto_etc="$prefix/etc/mosquitto"

say() { echo "alpi install: $*"; }

# run CMD...: runs a command that changes the system, or only shows it with --dry-run.
run() {
  if $dry_run; then
    say "would run: $*"
  else
    "$@"
  fi
}

# mark WHAT: counts one change.
mark() {
  changed=$((changed + 1))
  if $dry_run; then say "would change: $1"; else say "changed: $1"; fi
}

# ensure_dir DIR MODE [OWNER]: creates DIR, or fixes its mode and owner.
ensure_dir() {
  local dir="$1" mode="$2" owner="${3:-}"
  if [ ! -d "$dir" ]; then
    mark "created $dir"
    $dry_run || install -d -m "$mode" "$dir"
  elif [ "$(stat -c %a "$dir")" != "$mode" ]; then
    mark "mode $mode on $dir"
    $dry_run || chmod "$mode" "$dir"
  fi
  ensure_owner "$dir" "$owner"
}

# ensure_owner PATH OWNER: user:group, only outside --prefix and when that user exists.
ensure_owner() {
  local path="$1" owner="$2"
  [ -n "$owner" ] && [ -z "$prefix" ] || return 0
  getent passwd "${owner%%:*}" >/dev/null || $dry_run || die "user ${owner%%:*} does not exist"
  if [ ! -e "$path" ] || [ "$(stat -c %U:%G "$path")" != "$owner" ]; then
    mark "owner $owner of $path"
    $dry_run || chown "$owner" "$path"
  fi
}

# install_file SRC DEST MODE [OWNER]: copies SRC to DEST when the content differs; fixes mode and owner.
install_file() {
  local src="$1" dest="$2" mode="$3" owner="${4:-}"
  if [ ! -f "$dest" ] || ! cmp -s "$src" "$dest"; then
    mark "installed $dest"
    $dry_run || install -m "$mode" "$src" "$dest"
  elif [ "$(stat -c %a "$dest")" != "$mode" ]; then
    mark "mode $mode on $dest"
    $dry_run || chmod "$mode" "$dest"
  fi
  ensure_owner "$dest" "$owner"
}

# sync_dir SRC DEST: makes DEST a copy of SRC (root, files as published), replacing it whole only when it differs.
sync_dir() {
  local src="$1" dest="$2"
  if [ -d "$dest" ] && diff -rq "$src" "$dest" >/dev/null 2>&1; then
    return 0
  fi
  mark "binaries in $dest"
  $dry_run && return 0
  rm -rf "$dest.new" "$dest.old"
  cp -a "$src" "$dest.new"
  chown -R 0:0 "$dest.new" 2>/dev/null || true
  chmod 755 "$dest.new"
  [ ! -d "$dest" ] || mv "$dest" "$dest.old"
  mv "$dest.new" "$dest"
  rm -rf "$dest.old"
}

# new_secret: 32 random octets as 64 hexadecimal digits.
new_secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# env_value FILE KEY: the value of KEY=... in an environment file, empty when absent.
env_value() {
  [ -f "$1" ] || return 0
  sed -n "s/^$2=//p" "$1" | tail -n 1
}

# secret FILE KEY: the secret already in FILE, or a new one.
secret() {
  local value
  value="$(env_value "$1" "$2")"
  [ -n "$value" ] || value="$(new_secret)"
  printf '%s' "$value"
}

# write_env FILE: writes standard input into FILE (root, 600) when FILE does not exist yet; an existing file is kept
# as it is (an administrator may have edited it): delete it to have it made again.
write_env() {
  local file="$1" content
  content="$(cat)"
  if [ -f "$file" ]; then
    if [ "$(stat -c %a "$file")" != "600" ]; then
      mark "mode 600 on $file"
      $dry_run || chmod 600 "$file"
    fi
    return 0
  fi
  mark "created $file (secrets inside: root only)"
  $dry_run && return 0
  (umask 077 && printf '%s\n' "$content" >"$file.tmp")
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

# --- 1. Debian packages ---
packages=(mosquitto mosquitto-clients openssl)
$with_influxdb && packages+=(influxdb)
$with_postgresql && packages+=(postgresql)
if [ -z "$prefix" ]; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    mark "Debian packages ${missing[*]}"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  for tool in mosquitto_passwd openssl; do
    command -v "$tool" >/dev/null || die "$tool is needed even with --prefix (Debian packages mosquitto, openssl)"
  done
fi

# --- 2. the service user ---
if [ -z "$prefix" ] && ! getent passwd alpi >/dev/null; then
  mark "system user alpi"
  run useradd --system --user-group --home-dir /var/lib/alpi --no-create-home --shell /usr/sbin/nologin alpi
fi

# --- 3. folders ---
ensure_dir "$prefix/etc" 755
ensure_dir "$etc" 750 root:alpi
ensure_dir "$prefix/var/lib" 755
ensure_dir "$lib" 750 alpi:alpi
ensure_dir "$prefix/opt" 755
ensure_dir "$opt" 755 root:root
ensure_dir "$units" 755
ensure_dir "$mosquitto_etc" 755
ensure_dir "$mosquitto_etc/conf.d" 755
ensure_dir "$mosquitto_etc/certs" 755
ensure_dir "$mosquitto_etc/alpi" 750 root:mosquitto

# --- 4. binaries ---
if [ -z "$published" ]; then
  command -v dotnet >/dev/null || die "the .NET SDK is needed to publish (or give --published DIR with folders published elsewhere)"
  case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
    amd64|x86_64) rid=linux-x64 ;;
    arm64|aarch64) rid=linux-arm64 ;;
    *) die "no .NET runtime identifier for this architecture: $(uname -m)" ;;
  esac
  published="$(mktemp -d)"
  trap 'rm -rf "$published"' EXIT
  for project in Alpi.Collector:collector Alpi.HotspotController:hotspot Alpi.Agent:agent; do
    say "publishing ${project%%:*} (self-contained, $rid)"
    run dotnet publish "$repo/${project%%:*}/${project%%:*}.csproj" -c Release -r "$rid" --self-contained \
      -p:DebugType=none -p:GenerateDocumentationFile=false -o "$published/${project##*:}" --nologo -v quiet
  done
fi
for part in collector hotspot agent; do
  if $dry_run && [ ! -d "$published/$part" ]; then
    mark "binaries in $opt/$part"
  else
    sync_dir "$published/$part" "$opt/$part"
  fi
done

# --- 5. Mosquitto ---
install_file "$repo/install/mosquitto/alpi.conf" "$mosquitto_etc/conf.d/alpi.conf" 644
certs="$mosquitto_etc/certs"
if [ ! -f "$certs/alpi-broker.crt" ] || [ ! -f "$certs/alpi-broker.key" ] || [ ! -f "$certs/alpi-ca.crt" ]; then
  mark "private CA and broker certificate for $broker_name in $certs"
  if ! $dry_run; then
    if [ ! -f "$certs/alpi-ca.key" ] || [ ! -f "$certs/alpi-ca.crt" ]; then
      (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=Alpi CA" \
        -keyout "$certs/alpi-ca.key" -out "$certs/alpi-ca.crt" 2>/dev/null)
      chmod 644 "$certs/alpi-ca.crt"
    fi
    (umask 077 && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$broker_name" \
      -keyout "$certs/alpi-broker.key" -out "$certs/alpi-broker.csr" 2>/dev/null)
    openssl x509 -req -in "$certs/alpi-broker.csr" -CA "$certs/alpi-ca.crt" -CAkey "$certs/alpi-ca.key" -CAcreateserial \
      -days 825 -out "$certs/alpi-broker.crt" \
      -extfile <(printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$broker_name") 2>/dev/null
    rm -f "$certs/alpi-broker.csr"
    chmod 644 "$certs/alpi-broker.crt"
    chmod 640 "$certs/alpi-broker.key"
    if [ -z "$prefix" ] && getent group mosquitto >/dev/null; then chown root:mosquitto "$certs/alpi-broker.key"; fi
  fi
fi
if [ -f "$certs/alpi-ca.crt" ]; then
  install_file "$certs/alpi-ca.crt" "$etc/alpi-ca.crt" 644
fi

# --- 6. secrets and environment files ---
collector_env="$etc/collector.env"
hotspot_env="$etc/hotspot.env"
agent_env="$etc/agent.env"
collector_password="$(secret "$collector_env" ALPI_Collector__Broker__Password)"
hotspot_password="$(secret "$hotspot_env" ALPI_Hotspot__Telemetry__Broker__Password)"
agent_password="$(secret "$agent_env" ALPI_Agent__Broker__Password)"
agent_user="$tenant.$host"
[ ! -f "$agent_env" ] || agent_user="$(env_value "$agent_env" ALPI_Agent__Broker__Username)"
# The agent's password is the same in agent.env and collector.env (the collector's local agent uses it).
[ -f "$agent_env" ] || [ ! -f "$collector_env" ] || agent_password="$(secret "$collector_env" ALPI_Agent__Broker__Password)"

# pg_password FILE KEY: the password in the connection string KEY of FILE, or a new one.
pg_password() {
  local value
  value="$(env_value "$1" "$2" | sed -n 's/.*Password=\([^;]*\).*/\1/p')"
  [ -n "$value" ] || value="$(new_secret)"
  printf '%s' "$value"
}
collector_pg_password="$(pg_password "$collector_env" ALPI_Collector__State__ConnectionString)"
hotspot_pg_password="$(pg_password "$hotspot_env" ALPI_Hotspot__Storage__ConnectionString)"

{
  cat <<EOF
# /etc/alpi/collector.env — made by install/debian/install.sh (kept as it is by later runs). Secrets: root only (600).
# Settings override collector.json; see the README ("Production install") and install/config/collector.env.sample.
ALPI_Collector__DataDirectory=/var/lib/alpi/data
ALPI_Collector__Http__Url=http://0.0.0.0:8080
# Mosquitto on this machine, its loopback listener (install/mosquitto/alpi.conf).
ALPI_Collector__Broker__Embedded=false
ALPI_Collector__Broker__Host=127.0.0.1
ALPI_Collector__Broker__Port=1883
ALPI_Collector__Broker__ClientId=alpi-collector-$host
ALPI_Collector__Broker__Username=alpi-collector
ALPI_Collector__Broker__Password=$collector_password
# API token for scripts (Authorization: Bearer ...), administrator scope.
ALPI_Collector__Security__Tokens__install__Token=$(secret "$collector_env" ALPI_Collector__Security__Tokens__install__Token)
ALPI_Collector__Security__Tokens__install__Scope=admin
# This server's metrics and the collector's own figures: the collector's local agent, as this server's agent user.
ALPI_Agent__Tenant=$tenant
ALPI_Agent__Host=$host
ALPI_Agent__Broker__Host=127.0.0.1
ALPI_Agent__Broker__Port=1883
ALPI_Agent__Broker__Username=$agent_user
ALPI_Agent__Broker__Password=$agent_password
# The hotspot controller runs as its own service, alpi-hotspot.
ALPI_Hotspot__Enabled=false
EOF
  if $with_influxdb; then
    cat <<EOF
# Time series in InfluxDB 1.x on this machine (Debian package influxdb).
ALPI_Collector__Storage__Kind=influxdb1
ALPI_Collector__Storage__InfluxDb1__Url=http://127.0.0.1:8086
ALPI_Collector__Storage__InfluxDb1__Database=alpi
EOF
  fi
  if $with_postgresql; then
    cat <<EOF
# State in PostgreSQL on this machine (role and database alpi_collector).
ALPI_Collector__State__Provider=postgresql
ALPI_Collector__State__ConnectionString=Host=127.0.0.1;Database=alpi_collector;Username=alpi_collector;Password=$collector_pg_password
EOF
  fi
} | write_env "$collector_env"

{
  cat <<EOF
# /etc/alpi/hotspot.env — made by install/debian/install.sh (kept as it is by later runs). Secrets: root only (600).
ALPI_Hotspot__DataDirectory=/var/lib/alpi/hotspot
# RADIUS for the terminals on every interface; the portal and admin API on 8082.
ALPI_Hotspot__Radius__BindAddress=0.0.0.0
ALPI_Hotspot__Portal__Url=http://0.0.0.0:8082
# The UAM secret shared with the CoovaChilli terminals (install/terminal/coovachilli/config: uamsecret).
ALPI_Hotspot__Portal__UamSecret=$(secret "$hotspot_env" ALPI_Hotspot__Portal__UamSecret)
# The operator named by the portal's terms of use and RGPD art. 13 notice: REQUIRED, the controller does not start
# until they are filled in (its error names each one). Legal name, postal address, the DPO's e-mail or postal address.
ALPI_Hotspot__Portal__Privacy__ControllerName=
ALPI_Hotspot__Portal__Privacy__ControllerAddress=
ALPI_Hotspot__Portal__Privacy__DpoContact=
ALPI_Hotspot__Admin__Tokens__0__Name=install
ALPI_Hotspot__Admin__Tokens__0__Token=$(secret "$hotspot_env" ALPI_Hotspot__Admin__Tokens__0__Token)
ALPI_Hotspot__Admin__Tokens__0__Role=admin
ALPI_Hotspot__Telemetry__Broker__Host=127.0.0.1
ALPI_Hotspot__Telemetry__Broker__Port=1883
ALPI_Hotspot__Telemetry__Broker__Username=alpi-hotspot
ALPI_Hotspot__Telemetry__Broker__Password=$hotspot_password
EOF
  if $with_postgresql; then
    cat <<EOF
ALPI_Hotspot__Storage__Provider=postgresql
ALPI_Hotspot__Storage__ConnectionString=Host=127.0.0.1;Database=alpi_hotspot;Username=alpi_hotspot;Password=$hotspot_pg_password
EOF
  fi
} | write_env "$hotspot_env"

write_env "$agent_env" <<EOF
# /etc/alpi/agent.env — made by install/debian/install.sh (kept as it is by later runs), for alpi-agent.service, which
# is installed but not enabled here: the collector's local agent already supervises this server with these credentials.
# Run one or the other (systemctl enable --now alpi-agent after ALPI_Agent__Enabled=false in collector.env), not both.
ALPI_Agent__Tenant=$tenant
ALPI_Agent__Host=$host
ALPI_Agent__Broker__Host=127.0.0.1
ALPI_Agent__Broker__Port=1883
ALPI_Agent__Broker__Username=$agent_user
ALPI_Agent__Broker__Password=$agent_password
EOF

# Broker users, each added once with the password of its environment file (a second run adds nothing).
passwd_file="$mosquitto_etc/alpi/passwd"
acl_file="$mosquitto_etc/alpi/acl"
add_broker_user() {
  local user="$1" block="$2" script="$3"
  shift 3
  if [ -f "$passwd_file" ] && grep -q "^$user:" "$passwd_file" && [ -f "$acl_file" ] && grep -qxF "# BEGIN alpi $block" "$acl_file"; then
    return 0
  fi
  mark "broker user $user and its ACL block"
  $dry_run && return 0
  ALPI_MOSQUITTO_DIR="$mosquitto_etc/alpi" ALPI_MOSQUITTO_RELOAD=no "$repo/install/mosquitto/$script" "$@" >/dev/null 2>&1 \
    || { echo "install.sh: $script $user failed" >&2; exit 1; }
  rm -f "$acl_file.lock"
}
add_broker_user alpi-collector "collector alpi-collector" add-collector.sh alpi-collector "$(env_value "$collector_env" ALPI_Collector__Broker__Password || true)"
add_broker_user alpi-hotspot "hotspot alpi-hotspot" add-hotspot.sh alpi-hotspot "$(env_value "$hotspot_env" ALPI_Hotspot__Telemetry__Broker__Password || true)"
add_broker_user "$agent_user" "agent $agent_user" add-agent.sh "${agent_user%%.*}" "${agent_user#*.}" "$(env_value "$agent_env" ALPI_Agent__Broker__Password || true)"

# PostgreSQL roles and databases (not with --prefix: no cluster to talk to).
if $with_postgresql && [ -z "$prefix" ]; then
  for role in alpi_collector alpi_hotspot; do
    password="$collector_pg_password"
    [ "$role" = alpi_collector ] || password="$hotspot_pg_password"
    if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" 2>/dev/null | grep -q 1; then
      mark "PostgreSQL role and database $role"
      if ! $dry_run; then
        # From standard input, where psql substitutes :'password' (quoted), which it does not do in -c.
        echo "CREATE ROLE $role LOGIN PASSWORD :'password';" \
          | runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -v password="$password" >/dev/null
        runuser -u postgres -- createdb --owner "$role" "$role"
      fi
    fi
  done
fi

# --- 7. systemd ---
for unit in alpi-collector alpi-hotspot alpi-agent; do
  install_file "$repo/install/systemd/$unit.service" "$units/$unit.service" 644
done
if [ -z "$prefix" ]; then
  if [ -d /run/systemd/system ]; then
    if [ "$changed" -gt 0 ]; then
      run systemctl daemon-reload
      run systemctl enable --now mosquitto alpi-collector alpi-hotspot
      run systemctl restart mosquitto
    fi
  else
    say "systemd is not running here: start mosquitto and the alpi-* services by hand"
  fi
fi

if grep -q '^ALPI_Hotspot__Portal__Privacy__ControllerName=$' "$hotspot_env" 2>/dev/null; then
  say "alpi-hotspot will not start until the operator is named in $hotspot_env (ALPI_Hotspot__Portal__Privacy__*: the RGPD notice requires it); then: systemctl restart alpi-hotspot"
fi

if $dry_run; then
  say "$changed to change (dry run: nothing changed)"
else
  say "$changed changed"
fi
