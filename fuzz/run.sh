#!/usr/bin/env bash
# Fuzzes one decoder for a fixed time with AFL++ and SharpFuzz, then reports.
#   fuzz/run.sh <snmp|radius|lineprotocol|uam> <seconds>
# Steps: installs afl++ (Debian) and the SharpFuzz.CommandLine tool (NuGet, fuzz/.config/dotnet-tools.json) when
# missing; publishes fuzz/Alpi.Fuzz to fuzz/out/bin; instruments Alpi.Protocols.dll (and Alpi.HotspotController.dll for
# uam) with sharpfuzz; runs afl-fuzz from fuzz/corpus/<target> into fuzz/out/findings/<target> for <seconds>; prints
# executions, speed, paths, crashes and hangs, and replays every crash to show its exception.
# Exit code: 0 when no crash or hang was found, 1 otherwise, 2 on a usage or setup error.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:-}
seconds=${2:-}
case "$target" in snmp|radius|lineprotocol|uam) ;; *) echo "usage: $0 <snmp|radius|lineprotocol|uam> <seconds>" >&2; exit 2 ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 $target <seconds>" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian package afl++"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends afl++
fi
dotnet tool restore >/dev/null

out=out/bin
if [ ! -f "$out/.instrumented" ] || [ -n "$(find ../Alpi.Protocols ../Alpi.HotspotController Alpi.Fuzz -name '*.cs' -newer "$out/.instrumented" -print -quit)" ]; then
  rm -rf "$out"
  dotnet publish Alpi.Fuzz -c Release -o "$out" -p:UseAppHost=false >/dev/null
  for assembly in Alpi.Protocols.dll Alpi.HotspotController.dll; do
    dotnet tool run sharpfuzz "$out/$assembly" >/dev/null
  done
  touch "$out/.instrumented"
fi

findings=out/findings/$target
rm -rf "$findings"
mkdir -p "$findings"
# A .NET process is not an instrumented ELF (AFL_SKIP_BIN_CHECK); the coverage map is SharpFuzz's 64 KiB one.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_MAP_SIZE=65536
export DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=1
echo "afl-fuzz: target $target for ${seconds}s from corpus/$target ($(ls "corpus/$target" | wc -l) seeds)"
status=0
afl-fuzz -i "corpus/$target" -o "$findings" -t 5000 -m none -V "$seconds" -- dotnet "$out/Alpi.Fuzz.dll" "$target" > "$findings/afl.log" 2>&1 || status=$?
stats="$findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $status); its log:" >&2
  tail -40 "$findings/afl.log" >&2
  exit 2
fi

value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(value saved_crashes); crashes=${crashes:-$(value unique_crashes)}
hangs=$(value saved_hangs); hangs=${hangs:-$(value unique_hangs)}
printf '%s: %s s, %s execs (%s/s), corpus %s, edges %s, crashes %s, hangs %s\n' \
  "$target" "$(value run_time)" "$(value execs_done)" "$(value execs_per_sec)" "$(value corpus_count)" "$(value bitmap_cvg)" "$crashes" "$hangs"
shopt -s nullglob
found=("$findings"/default/crashes/id:* "$findings"/default/hangs/id:*)
if [ ${#found[@]} -gt 0 ]; then
  echo "replaying ${#found[@]} finding(s):"
  for file in "${found[@]}"; do
    echo "== $file ($(stat -c %s "$file") octets): $(head -c 128 "$file" | od -An -tx1 | tr -d ' \n')"
    timeout 60 dotnet "$out/Alpi.Fuzz.dll" "$target" < "$file" 2>&1 | head -15 || true
  done
  exit 1
fi
