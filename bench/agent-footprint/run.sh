#!/usr/bin/env bash
# The agent's memory footprint, side by side, each build publishing to a real Mosquitto on loopback:
#   aot          Native AOT (install/agent/publish.sh --kind aot)
#   single-file  self-contained single file, trimmed (publish.sh --kind single-file)
#   jit          the framework-dependent build (dotnet Alpi.Agent.dll), for reference
# Each runs SECONDS seconds (default 60) collecting every second; the script counts the metrics messages Mosquitto
# delivered (mosquitto_sub), checks that they are line protocol with the agent's tags, and samples VmRSS every second
# from /proc/PID/status (RSS at the end, highest RSS, VmHWM). It fails (exit 1) when a build published nothing.
#
#   bench/agent-footprint/run.sh [--seconds N] [--artifacts DIR] [--skip-publish]
#
# --artifacts: where publish.sh put (or puts) the builds (default /tmp/alpi-agent-artifacts); --skip-publish reuses them.
# Needs mosquitto and mosquitto-clients, the .NET SDK, clang and zlib1g-dev (Native AOT).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds=60
artifacts=/tmp/alpi-agent-artifacts
publish=true
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --artifacts) artifacts="$2"; shift 2 ;;
    --skip-publish) publish=false; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if $publish; then
  "$repo/install/agent/publish.sh" --out "$artifacts" --rid linux-x64 >&2
  dotnet publish "$repo/Alpi.Agent/Alpi.Agent.csproj" -c Release -o "$artifacts/linux-x64/jit" --nologo -v quiet >&2
fi

# shellcheck source=broker.sh
. "$repo/bench/agent-footprint/broker.sh"
start_broker

printf '| build | binary size | metrics messages in %s s | RSS at the end | highest RSS sampled | VmHWM |\n|---|---:|---:|---:|---:|---:|\n' "$seconds"
status=0
for build in aot single-file jit; do
  dir="$artifacts/linux-x64/$build"
  host="bench-$build"
  if [ "$build" = jit ]; then
    command=(dotnet "$dir/Alpi.Agent.dll")
    size="$(du -sh "$dir" | cut -f1) (folder)"
  else
    command=("$dir/Alpi.Agent")
    size="$(du -h "$dir/Alpi.Agent" | cut -f1)"
  fi
  mkdir -p "$work/$build"
  timeout $((seconds + 20)) mosquitto_sub -h 127.0.0.1 -p "$port" -t "alpi/bench/$host/metrics" -q 1 >"$work/$build.messages" &
  sub=$!
  pids+=("$sub")
  sleep 0.3
  "${command[@]}" --Agent:Tenant=bench --Agent:Host="$host" --Agent:Interval=00:00:01 --Agent:Broker:Host=127.0.0.1 \
    --Agent:Broker:Port="$port" --Agent:DataDirectory="$work/$build" --Logging:LogLevel:Default=Warning >"$work/$build.log" 2>&1 &
  agent=$!
  pids+=("$agent")
  peak=0
  rss=0
  for _ in $(seq "$seconds"); do
    sleep 1
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$agent/status" 2>/dev/null || echo 0)"
    [ -n "$rss" ] || rss=0
    [ "$rss" -le "$peak" ] || peak="$rss"
  done
  hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$agent/status" 2>/dev/null || echo 0)"
  kill -TERM "$agent" 2>/dev/null || true
  wait "$agent" 2>/dev/null || true
  sleep 0.5
  kill -TERM "$sub" 2>/dev/null || true
  wait "$sub" 2>/dev/null || true
  # One message per collection round: its lines are line protocol carrying the agent's host tag.
  messages="$(grep -c "^cpu,cpu=cpu-total," "$work/$build.messages" || true)"
  if [ "$messages" -eq 0 ]; then
    echo "run.sh: the $build agent published nothing; its log:" >&2
    cat "$work/$build.log" >&2
    status=1
  fi
  printf '| %s | %s | %s | %.1f MiB | %.1f MiB | %.1f MiB |\n' "$build" "$size" "$messages" \
    "$(echo "$rss / 1024" | bc -l)" "$(echo "$peak / 1024" | bc -l)" "$(echo "$hwm / 1024" | bc -l)"
done
exit $status
