#!/usr/bin/env bash
# Publishes the agent for terminals and member servers, for linux-x64 and linux-arm64, two ways each:
#   <out>/<rid>/single-file/Alpi.Agent   self-contained single file (the .NET runtime inside; native SQLite beside it)
#   <out>/<rid>/aot/Alpi.Agent           Native AOT: machine code, no JIT, starts in milliseconds, smallest memory
#
#   publish.sh [--out DIR] [--rid linux-x64|linux-arm64]... [--kind single-file|aot]...
#
# Defaults: --out artifacts/agent (under the repository), both RIDs, both kinds. agent.json is copied beside each binary.
# Needs the .NET 10 SDK; Native AOT also needs clang and zlib1g-dev, and for linux-arm64 from an x64 machine a cross
# toolchain: gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross, lld, and zlib1g-dev:arm64
# (dpkg --add-architecture arm64 && apt-get update first). The ILCompiler packages come from NuGet (the SDK picks them).
# Exit codes: 0 done, 1 a publish failed, 2 bad arguments or a missing tool.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$repo/artifacts/agent"
rids=()
kinds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$(realpath -m "$2")"; shift 2 ;;
    --rid) rids+=("$2"); shift 2 ;;
    --kind) kinds+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown option \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)
[ ${#kinds[@]} -gt 0 ] || kinds=(single-file aot)
command -v dotnet >/dev/null || { echo "publish.sh: the .NET SDK (dotnet) is needed" >&2; exit 2; }

host_arch="$(uname -m)"
for rid in "${rids[@]}"; do
  case "$rid" in linux-x64|linux-arm64) ;; *) echo "publish.sh: unsupported RID \"$rid\"" >&2; exit 2 ;; esac
  for kind in "${kinds[@]}"; do
    dest="$out/$rid/$kind"
    args=(publish "$repo/Alpi.Agent/Alpi.Agent.csproj" -c Release -r "$rid" -o "$dest" --nologo
      -p:GenerateDocumentationFile=false -p:DebugType=none)
    case "$kind" in
      single-file)
        args+=(--self-contained -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:PublishTrimmed=true)
        ;;
      aot)
        command -v clang >/dev/null || { echo "publish.sh: Native AOT needs clang (apt-get install clang zlib1g-dev)" >&2; exit 2; }
        # Optimised for size: 10.7 instead of 12 MB, and about 1.5 MiB less resident (bench/README.md, "Agent footprint").
        args+=(-p:PublishAot=true -p:StripSymbols=true -p:OptimizationPreference=Size)
        if [ "$rid" = linux-arm64 ] && [ "$host_arch" != aarch64 ]; then
          command -v aarch64-linux-gnu-objcopy >/dev/null && [ -d /usr/aarch64-linux-gnu/lib ] || {
            echo "publish.sh: cross-compiling for linux-arm64 needs gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross, lld, zlib1g-dev:arm64" >&2
            exit 2
          }
          # clang targets aarch64 and links with lld against the cross libc; objcopy strips the symbols for aarch64.
          args+=(-p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
        fi
        ;;
      *) echo "publish.sh: unknown kind \"$kind\" (single-file or aot)" >&2; exit 2 ;;
    esac
    echo "publish.sh: $rid $kind -> $dest" >&2
    rm -rf "$dest"
    dotnet "${args[@]}" || { echo "publish.sh: $rid $kind failed" >&2; exit 1; }
    rm -f "$dest"/*.pdb "$dest"/*.dbg
    ls -l "$dest/Alpi.Agent" >&2
  done
done
