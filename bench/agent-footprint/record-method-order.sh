#!/usr/bin/env bash
# Records which functions of the Native AOT agent its steady-state collection rounds run, and writes their symbols to
# Alpi.Agent/method-order.txt, the order file the agent's Native AOT build gives ILC (IlcOrderFile, ILC's
# --method-layout:explicit): those methods are then laid out together at the start of the binary's managed code.
#
#   bench/agent-footprint/record-method-order.sh [--interval TIMESPAN] [--rounds N] [--out FILE]
#
# Why: a round runs about 1,100 of the binary's 33,000 methods (250 KiB of code), scattered over its 5 MiB of managed
# code by the default layout; the kernel maps file pages 64 KiB around each page fault, so the rounds kept about
# 3.5 MiB of code resident. Laid out together they fit in a few hundred KiB (bench/README.md, "Agent footprint").
#
# How: the agent (built as publish.sh builds it, symbols kept) runs under valgrind's callgrind against Mosquitto on
# loopback, collecting every --interval (default 00:00:10, the shipped interval, so that the MQTT keep-alive ping is
# seen); callgrind records nothing until the 13th metrics message (start-up, the rounds that still run code once and the
# memory releases after rounds 2 and 12 are left out: RoundGcPolicy), then records --rounds rounds (default 15); the
# functions it saw that are symbols of the binary are written, one a line, sorted (the native runtime's among them,
# which ILC does not place: harmless). Names the build no longer has are ignored by ILC, so a stale file only lays out less; re-run this
# script when the agent's round changes (Alpi.Agent.Tests' MethodOrderFileTests fails when most names are gone).
# Takes about 6 minutes (a Native AOT build, then 28 rounds under valgrind; 6 minutes measured at the 10 s interval).
# Needs: the .NET SDK, clang and zlib1g-dev (Native AOT), valgrind, binutils, mosquitto and mosquitto-clients, python3.
# Exit codes: 0 written, 1 a step failed, 2 bad arguments or a missing tool.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
interval=00:00:10
rounds=15
out="$repo/Alpi.Agent/method-order.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --interval) interval="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "record-method-order.sh: unknown option \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done
for tool in dotnet clang valgrind callgrind_control objcopy nm mosquitto mosquitto_sub python3; do
  command -v "$tool" >/dev/null || { echo "record-method-order.sh: $tool is needed (see --help)" >&2; exit 2; }
done
seconds="$(python3 -c 'import sys; h, m, s = sys.argv[1].split(":"); print(int(h) * 3600 + int(m) * 60 + float(s))' "$interval")" || {
  echo "record-method-order.sh: --interval \"$interval\" is not hh:mm:ss" >&2; exit 2; }

# shellcheck source=broker.sh
. "$(dirname "${BASH_SOURCE[0]}")/broker.sh"

# The same code as install/agent/publish.sh's Native AOT build (the layout does not change which methods exist).
build="$work/build"
echo "record-method-order.sh: building the Native AOT agent with its symbols" >&2
dotnet publish "$repo/Alpi.Agent/Alpi.Agent.csproj" -c Release -r linux-x64 -o "$build" --nologo \
  -p:GenerateDocumentationFile=false -p:PublishAot=true -p:StripSymbols=false -p:OptimizationPreference=Size >"$work/publish.log" 2>&1 || {
  cat "$work/publish.log" >&2; echo "record-method-order.sh: the build failed" >&2; exit 1; }
# valgrind 3.19 gives up on the DWARF of a Native AOT binary ("Possibly corrupted debuginfo file"); the symbol table
# is all callgrind needs to name functions.
objcopy --strip-debug "$build/Alpi.Agent"

start_broker
mkdir -p "$work/data"
valgrind --tool=callgrind --instr-atstart=no --compress-strings=no --compress-pos=no --demangle=no \
  --callgrind-out-file="$work/callgrind.out" "$build/Alpi.Agent" --Agent:Tenant=bench --Agent:Host=order \
  --Agent:Interval="$interval" --Agent:Broker:Host=127.0.0.1 --Agent:Broker:Port="$port" \
  --Agent:DataDirectory="$work/data" --Logging:LogLevel:Default=Warning >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")

# RoundGcPolicy.SettledRound is 12: its release is the last one before the steady rounds.
echo "record-method-order.sh: waiting for the 13th round (start-up under valgrind takes a while)" >&2
if ! timeout $((120 + 13 * ${seconds%.*})) mosquitto_sub -h 127.0.0.1 -p "$port" -t 'alpi/bench/order/metrics' -q 1 -C 13 >/dev/null; then
  cat "$work/agent.log" >&2; echo "record-method-order.sh: the agent published fewer than 13 rounds" >&2; exit 1
fi
callgrind_control -i on "$agent" >/dev/null 2>&1
echo "record-method-order.sh: recording $rounds rounds" >&2
if ! timeout $((60 + rounds * ${seconds%.*})) mosquitto_sub -h 127.0.0.1 -p "$port" -t 'alpi/bench/order/metrics' -q 1 -C "$rounds" >/dev/null; then
  cat "$work/agent.log" >&2; echo "record-method-order.sh: the agent stopped publishing" >&2; exit 1
fi
callgrind_control -d "$agent" >/dev/null 2>&1
for _ in $(seq 100); do [ -s "$work/callgrind.out.1" ] && break; sleep 0.2; done
[ -s "$work/callgrind.out.1" ] || { echo "record-method-order.sh: callgrind wrote no profile" >&2; exit 1; }

# Functions callgrind saw (fn= and cfn= lines; a "'N" suffix marks a recursion depth), kept when the binary defines them.
export LC_ALL=C
nm --defined-only "$build/Alpi.Agent" | awk '$2 ~ /^[tTwW]$/ { sub(/^[^ ]+ [^ ]+ /, ""); print }' | sort -u >"$work/symbols"
sed -n -E "s/^c?fn=//p" "$work/callgrind.out.1" | sed -E "s/'[0-9]+\$//" | sort -u >"$work/executed"
comm -12 "$work/symbols" "$work/executed" >"$work/order"
count="$(wc -l <"$work/order")"
[ "$count" -ge 100 ] || { echo "record-method-order.sh: only $count functions recorded; kept the old file" >&2; exit 1; }
{
  echo "# Methods the Native AOT agent's steady-state collection rounds run, laid out together by ILC (IlcOrderFile in"
  echo "# Alpi.Agent.csproj). Written by bench/agent-footprint/record-method-order.sh --interval $interval --rounds $rounds;"
  echo "# ILC ignores these comment lines and any name the build does not have."
  cat "$work/order"
} >"$out"
echo "record-method-order.sh: $count functions written to $out" >&2
