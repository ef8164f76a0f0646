#!/usr/bin/env bash
# Adds (or updates) the Mosquitto credentials of the Alpi collectors and their ACL block, then prints their settings.
#   add-collector.sh [user] [password]        (user default alpi-collector)
# Several collectors may share one user: each has its own client id (Collector:Broker:ClientId). The user reads
# alpi/# (plain or shared subscriptions) and writes alpi/+/+/events (SNMP trap events) and alpi/+/+/alerts (alert
# notifications). Without a password a random one is made. Running it again replaces the password and the block.
# Files and reload: as add-agent.sh (ALPI_MOSQUITTO_DIR, ALPI_MOSQUITTO_PASSWD, ALPI_MOSQUITTO_ACL,
# ALPI_MOSQUITTO_RELOAD); printed settings use ALPI_BROKER_HOST and ALPI_BROKER_PORT (default 8883).
# Exit codes: 0 done, 2 bad arguments or a file that cannot be written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/acl-block.sh"

if [ $# -gt 2 ]; then
  echo "usage: $(basename "$0") [user] [password]" >&2
  exit 2
fi
user="${1:-alpi-collector}"
password="${2:-}"
[[ "$user" =~ ^[A-Za-z0-9_-]+$ ]] || alpi_die "user \"$user\" must be letters, digits, '-' or '_' (no '.': agents' names have one)"
if [ -z "$password" ]; then
  password="$(alpi_new_password)"
fi
[[ "$password" != *$'\n'* ]] || alpi_die "the password must be one line"

alpi_lock
alpi_set_password "$user" "$password"
# Mosquitto 2.0 checks read access against each delivered message's topic, so "alpi/#" covers the shared
# subscription too; the $share line is for brokers that check the subscription filter itself.
alpi_replace_block "collector $user" "user $user
topic read alpi/#
topic read \$share/+/alpi/#
topic write alpi/+/+/events
topic write alpi/+/+/alerts"
echo "Collector user $user: password in $alpi_passwd, ACL block in $alpi_acl" >&2
alpi_reload

cat <<EOF
# Settings of a collector using this broker (/etc/alpi/collector.env, chmod 600). On the broker's own machine use
# Port=1883 and UseTls=false (the loopback listener). With several collectors, give each its own ClientId and the
# same SharedSubscriptionGroup (README, "MQTT in production").
ALPI_Collector__Broker__Embedded=false
ALPI_Collector__Broker__Host=${ALPI_BROKER_HOST:-$(hostname -f 2>/dev/null || hostname)}
ALPI_Collector__Broker__Port=${ALPI_BROKER_PORT:-8883}
ALPI_Collector__Broker__UseTls=true
ALPI_Collector__Broker__CaFile=/etc/alpi/alpi-ca.crt
ALPI_Collector__Broker__Username=$user
ALPI_Collector__Broker__Password=$password
# ALPI_Collector__Broker__ClientId=alpi-collector-1
# ALPI_Collector__Broker__SharedSubscriptionGroup=alpi-collectors
EOF
