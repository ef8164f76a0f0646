#!/usr/bin/env bash
# Runs every side-by-side harness and prints each one's table (Markdown, as bench/README.md records them).
#   bench/run-all.sh           quick defaults: a few minutes in all, enough to spot a regression of 2x
#   bench/run-all.sh --full    the figures of bench/README.md (about 40 minutes: 10-minute footprint and scale runs)
#   bench/run-all.sh --only ingest,footprint   a subset (ingest footprint series latency scale snmp radius alert rollup charts micro)
# Peers: influxdb, mosquitto, prometheus-node-exporter, snmpd/snmp, freeradius/freeradius-utils, postfix (smtp-sink):
# a harness whose peer is missing says so and the others go on. Every table states the load average it was taken under.
set -uo pipefail
cd "$(dirname "$0")/.."
full=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=true ;;
    --only) only="$2"; shift ;;
    *) echo "usage: $0 [--full] [--only name,name]" >&2; exit 2 ;;
  esac
  shift
done

wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }
failed=()
run() { # name project args...
  local name="$1" project="$2"; shift 2
  wanted "$name" || return 0
  echo
  echo "=== $name: dotnet run -c Release --project bench/$project -- $* ($(uptime | sed 's/.*load/load/'))"
  if ! dotnet run -c Release --no-build --project "bench/$project" -- "$@"; then
    failed+=("$name")
  fi
}

echo "building (Release)…"
dotnet build Alpi.slnx -c Release -v q -nologo 2>&1 | grep -E "error|Warn|warn" | grep -v NU1603 || true

if $full; then
  run ingest Alpi.IngestBench 4 250 500 5
  run footprint Alpi.FootprintBench --minutes 10
  run series Alpi.SeriesMemoryBench 10000,100000,1000000 3
  run latency Alpi.LatencyBench 50
  run scale Alpi.ScaleBench --agents 1000 --minutes 10
  run snmp Alpi.SnmpBench 15 10
  run radius Alpi.RadiusBench 7 10000 256
  run alert Alpi.AlertBench 1000 2000 8 11 5
  run rollup Alpi.RollupBench 1000 24
  run charts Alpi.ChartReadBench 50 24 15
  if wanted micro; then
    dotnet run -c Release --no-build --project bench/Alpi.Benchmarks -- --filter '*' --job short || failed+=(micro)
  fi
else
  run ingest Alpi.IngestBench 4 100 500 3
  run footprint Alpi.FootprintBench --minutes 2
  run series Alpi.SeriesMemoryBench 10000,100000 3
  run latency Alpi.LatencyBench 20
  run scale Alpi.ScaleBench --agents 1000 --minutes 2
  run snmp Alpi.SnmpBench 5 10
  run radius Alpi.RadiusBench 3 5000 256
  run alert Alpi.AlertBench 200 400 3 5 5
  run rollup Alpi.RollupBench 200 6
  run charts Alpi.ChartReadBench 10 6 5
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "harnesses that failed: ${failed[*]}"
  exit 1
fi
echo "all harnesses ran"
