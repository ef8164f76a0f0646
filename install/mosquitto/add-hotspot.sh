#!/usr/bin/env bash
# Adds (or updates) the Mosquitto credentials of an Alpi hotspot controller and its ACL block, then prints its settings.
#   add-hotspot.sh <name> [password]
# A hotspot controller publishes its own metrics and, for each terminal (NAS) it serves, the terminal's metrics and
# retained status under the terminal's tenant: alpi/<tenant>/<terminal>/metrics|status|events for any tenant. So its
# user (the name given, without '.') may write those three kinds for every tenant and host, and reads nothing. It is a
# central server, trusted as such; agents stay confined to their own host (add-agent.sh). Running it again replaces
# the password and the block. Files and reload: as add-agent.sh; printed settings use ALPI_BROKER_HOST and
# ALPI_BROKER_PORT (default 8883).
# Exit codes: 0 done, 2 bad arguments or a file that cannot be written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/acl-block.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $(basename "$0") <name> [password]" >&2
  exit 2
fi
user="$1"
password="${2:-}"
[[ "$user" =~ ^[A-Za-z0-9_-]+$ ]] || alpi_die "name \"$user\" must be letters, digits, '-' or '_' (no '.': agents' names have one)"
if [ -z "$password" ]; then
  password="$(alpi_new_password)"
fi
[[ "$password" != *$'\n'* ]] || alpi_die "the password must be one line"

alpi_lock
alpi_set_password "$user" "$password"
alpi_replace_block "hotspot $user" "user $user
topic write alpi/+/+/metrics
topic write alpi/+/+/status
topic write alpi/+/+/events"
echo "Hotspot controller $user: password in $alpi_passwd, ACL block in $alpi_acl" >&2
alpi_reload

cat <<EOT
# Settings of hotspot controller $user (environment file of alpi-hotspot, chmod 600). It checks the broker's
# certificate against the system trust store (see add-agent.sh).
ALPI_Hotspot__Telemetry__Broker__Host=${ALPI_BROKER_HOST:-$(hostname -f 2>/dev/null || hostname)}
ALPI_Hotspot__Telemetry__Broker__Port=${ALPI_BROKER_PORT:-8883}
ALPI_Hotspot__Telemetry__Broker__UseTls=true
ALPI_Hotspot__Telemetry__Broker__Username=$user
ALPI_Hotspot__Telemetry__Broker__Password=$password
EOT
