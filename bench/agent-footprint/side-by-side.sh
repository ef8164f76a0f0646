#!/usr/bin/env bash
# Several agent builds (or wrappers setting environment variables) started at the same time against one Mosquitto on
# loopback, each collecting every second (or every INTERVAL, a .NET TimeSpan such as 00:00:10) under its own host name;
# the way to compare variants on a shared, noisy machine.
#
#   [INTERVAL=00:00:10] bench/agent-footprint/side-by-side.sh SECONDS EXECUTABLE...
#
# Prints, per executable: the median VmRSS of the samples (one a second) after the first third of the run, VmHWM, the
# CPU seconds it used (utime + stime), and the metrics messages Mosquitto delivered for it. Exit 1 when one published
# nothing. Needs mosquitto and mosquitto-clients.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SECONDS EXECUTABLE..." >&2; exit 2; }
seconds=$1; shift
# shellcheck source=broker.sh
. "$(dirname "${BASH_SOURCE[0]}")/broker.sh"
start_broker
timeout $((seconds + 10)) mosquitto_sub -h 127.0.0.1 -p "$port" -t 'alpi/bench/+/metrics' -q 1 -v >"$work/messages" &
sub=$!
pids+=("$sub")

agents=()
i=0
for executable in "$@"; do
  i=$((i + 1))
  mkdir -p "$work/agent$i"
  "$executable" --Agent:Tenant=bench --Agent:Host="agent$i" --Agent:Interval="${INTERVAL:-00:00:01}" --Agent:Broker:Host=127.0.0.1 \
    --Agent:Broker:Port="$port" --Agent:DataDirectory="$work/agent$i" --Logging:LogLevel:Default=Warning \
    >"$work/agent$i.log" 2>&1 &
  agents+=($!)
  pids+=($!)
done

for _ in $(seq "$seconds"); do
  sleep 1
  i=0
  for pid in "${agents[@]}"; do
    i=$((i + 1))
    awk '/^VmRSS/ {print $2}' "/proc/$pid/status" >>"$work/rss$i" 2>/dev/null || true
  done
done

status=0
printf '| executable | RSS median (MiB) | VmHWM (MiB) | CPU s | messages |\n|---|---:|---:|---:|---:|\n'
i=0
for pid in "${agents[@]}"; do
  i=$((i + 1))
  executable="${*:$i:1}"
  hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
  cpu="$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
  median="$(tail -n +$((seconds / 3)) "$work/rss$i" | sort -n | awk '{a[NR] = $1} END {print (NR ? a[int((NR + 1) / 2)] : 0)}')"
  kill -TERM "$pid" 2>/dev/null || true
  messages="$(grep -c "^alpi/bench/agent$i/metrics " "$work/messages" || true)"
  printf '| %s | %.1f | %.1f | %s | %s |\n' "$executable" "$(echo "$median / 1024" | bc -l)" "$(echo "$hwm / 1024" | bc -l)" "$cpu" "$messages"
  if [ "$messages" -eq 0 ]; then
    echo "side-by-side.sh: $executable published nothing; its log:" >&2
    cat "$work/agent$i.log" >&2
    status=1
  fi
done
exit $status
