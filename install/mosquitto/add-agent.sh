#!/usr/bin/env bash
# Adds (or updates) the Mosquitto credentials of one Alpi agent and its ACL block, then prints the agent's settings.
#   add-agent.sh <tenant> <host> [password]
# The MQTT user name is <tenant>.<host>; it may write alpi/<tenant>/<host>/# only and read nothing. Without a password
# a random one is made. Running it again for the same tenant and host replaces the password and the block (never a
# second block). Files: /etc/mosquitto/alpi/passwd and /etc/mosquitto/alpi/acl unless ALPI_MOSQUITTO_DIR (or
# ALPI_MOSQUITTO_PASSWD / ALPI_MOSQUITTO_ACL) say otherwise; the broker is reloaded when systemd runs it.
# The printed settings use ALPI_BROKER_HOST (default: this machine's full name) and ALPI_BROKER_PORT (default 8883).
# Exit codes: 0 done, 2 bad arguments or a file that cannot be written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/acl-block.sh"

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $(basename "$0") <tenant> <host> [password]" >&2
  exit 2
fi
tenant="$1"
host="$2"
password="${3:-}"

# The tenant has no dot, so that <tenant>.<host> names one agent only; both are single MQTT topic levels.
[[ "$tenant" =~ ^[A-Za-z0-9_-]+$ ]] || alpi_die "tenant \"$tenant\" must be letters, digits, '-' or '_' (no '.', '/', '+', '#', space)"
[[ "$host" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]] || alpi_die "host \"$host\" must be letters, digits, '.', '-' or '_' (no '/', '+', '#', space)"
if [ -z "$password" ]; then
  password="$(alpi_new_password)"
fi
[[ "$password" != *$'\n'* ]] || alpi_die "the password must be one line"

user="$tenant.$host"
alpi_lock
alpi_set_password "$user" "$password"
alpi_replace_block "agent $user" "user $user
topic write alpi/$tenant/$host/#"
echo "Agent $user: password in $alpi_passwd, ACL block in $alpi_acl" >&2
alpi_reload

cat <<EOF
# Settings of agent $tenant/$host (/etc/alpi/agent.env, chmod 600). The agent checks the broker's certificate against
# the system trust store: install the Alpi CA there (cp alpi-ca.crt /usr/local/share/ca-certificates/ &&
# update-ca-certificates) or use a certificate from a public CA.
ALPI_Agent__Tenant=$tenant
ALPI_Agent__Host=$host
ALPI_Agent__Broker__Host=${ALPI_BROKER_HOST:-$(hostname -f 2>/dev/null || hostname)}
ALPI_Agent__Broker__Port=${ALPI_BROKER_PORT:-8883}
ALPI_Agent__Broker__UseTls=true
ALPI_Agent__Broker__Username=$user
ALPI_Agent__Broker__Password=$password
EOF
