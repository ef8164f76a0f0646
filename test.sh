#!/usr/bin/env bash
# Runs the whole test suite on a Debian 12 machine with the .NET 10 SDK, installing first what the tests
# need when it is missing: Debian packages for the real peers (Mosquitto, Chromium, net-snmp's snmpd and tools, FreeRADIUS's radclient,
# Postfix's smtp-sink — postfix itself is never started — InfluxDB 1.x and PostgreSQL, started by the tests on loopback) and npm for the
# dashboard's front-end packages; NuGet and npm packages are restored by the build.
#   ./test.sh                      everything
#   ./test.sh --filter Category!=Integration   unit tests only (any `dotnet test` option passes through)
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
[ -x /usr/bin/snmptrap ] || missing+=(snmp)
[ -x /usr/sbin/snmpd ] || missing+=(snmpd)
[ -x /usr/bin/radclient ] || missing+=(freeradius-utils)
[ -x /usr/sbin/smtp-sink ] || missing+=(postfix)
[ -x /usr/bin/influxd ] || missing+=(influxdb)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /bin/busybox ] || missing+=(busybox)
[ -x /usr/sbin/iw ] || missing+=(iw)
# The backup test runs sqlite3's online backup; the install script's test makes certificates and checks the units.
[ -x /usr/bin/sqlite3 ] || missing+=(sqlite3)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/systemd-analyze ] || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Alpi.slnx -c Release "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)!  *- *Failed: /{
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { gsub(",", "", f); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
