#!/usr/bin/env bash
# Release artifacts, into artifacts/release/:
#   assumerole-<version>-<rid>.tar.gz   the Native AOT binary + LICENSE, README.md, THIRD-PARTY-NOTICES.md and the .NET
#                                       runtime's own notices (the binary contains the runtime), per runtime built
#   AssumeRoleCli.<version>.nupkg       the .NET tool (command `assumerole`): points `dotnet tool install` at ...
#   AssumeRoleCli.<rid>.<version>.nupkg ... the Native AOT package for the installing machine's runtime
#   SHA256SUMS                          sha256sum -c format, over all of the above
# The version comes from git (the project's AssumeRoleVersion target: tag vX.Y.Z -> X.Y.Z, else a pre-release naming
# the commit). Runtimes: linux-x64 always; linux-arm64 when a cross C toolchain for it is on PATH (Native AOT links
# with the platform's C toolchain: aarch64-linux-gnu-gcc here, see README "Build"), skipped with a note otherwise.
# Usage: bash scripts/package.sh [--rid RID]...   (--rid replaces the default list; an unbuildable one fails)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$repo/src/AssumeRoleCli"
out="$repo/artifacts/release"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "package: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*" >&2; }

rids=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rid) [ $# -ge 2 ] || fail "--rid needs a runtime identifier (linux-x64, linux-arm64)"; rids+=("$2"); shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) fail "unknown argument '$1' (usage: bash scripts/package.sh [--rid RID]...)" ;;
    esac
done

# What each runtime needs beyond the .NET SDK: the C compiler/linker and objcopy Native AOT calls for that target.
# x64 on an x64 host uses the SDK's defaults (clang, else gcc); arm64 from x64 uses the GNU cross toolchain.
host_arch=$(uname -m)
toolchain_args() {
    case "$1/$host_arch" in
        linux-x64/x86_64 | linux-arm64/aarch64) ;;
        linux-arm64/x86_64)
            command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && command -v aarch64-linux-gnu-objcopy >/dev/null 2>&1 || return 1
            echo "-p:CppCompilerAndLinker=$cross_gcc -p:ObjCopyName=aarch64-linux-gnu-objcopy" ;;
        *) return 1 ;;
    esac
}

# Native AOT's link step passes clang's --target=aarch64-linux-gnu when cross-compiling; GNU's cross gcc is that target
# already and refuses the flag, so it is called through a wrapper that drops it (no clang needed).
work=$(mktemp -d "${TMPDIR:-/tmp}/assumerole-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
cross_gcc="$work/toolchain/aarch64-linux-gnu-gcc"
mkdir -p "$work/toolchain"
cat >"$cross_gcc" <<'WRAPPER'
#!/usr/bin/env bash
args=()
for arg in "$@"; do [ "$arg" = "--target=aarch64-linux-gnu" ] || args+=("$arg"); done
exec aarch64-linux-gnu-gcc "${args[@]}"
WRAPPER
chmod +x "$cross_gcc"

if [ ${#rids[@]} -eq 0 ]; then
    rids=(linux-x64)
    if toolchain_args linux-arm64 >/dev/null; then
        rids+=(linux-arm64)
    else
        echo "package: linux-arm64 skipped: no aarch64-linux-gnu-gcc/objcopy on PATH (Debian: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)" >&2
    fi
fi
for rid in "${rids[@]}"; do
    toolchain_args "$rid" >/dev/null || fail "cannot build $rid on this $host_arch machine (no C toolchain for it on PATH; see README \"Build\")"
done

# The one rule for the version lives in the project (AssumeRoleVersion); ask it, then pass it to every step so the
# binary, the archives and the packages agree.
version=$(dotnet msbuild "$project" -nologo -t:AssumeRoleVersion -getProperty:Version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?$ ]] || fail "could not read the version from git (got '$version')"
echo "version $version; runtimes: ${rids[*]}" >&2

rm -rf "$out"
mkdir -p "$out"

# The entry package names exactly the runtime packages built here (read by the project from the environment: a list
# given as -p:...=a%3Bb would stay one word).
ASSUMEROLE_TOOL_RIDS=$(IFS=';'; echo "${rids[*]}")
export ASSUMEROLE_TOOL_RIDS
packages_root=$(dotnet msbuild "$project" -nologo -getProperty:NuGetPackageRoot)
runtime_version=$(dotnet msbuild "$project" -nologo -getProperty:BundledNETCoreAppPackageVersion)

for rid in "${rids[@]}"; do
    # shellcheck disable=SC2046 # the toolchain arguments are words
    set -- $(toolchain_args "$rid")
    # The stripped debug symbols (assumerole.dbg, larger than the binary) stay out of what ships.
    set -- "$@" -p:CopyOutputSymbolsToPublishDirectory=false
    say "$rid: Native AOT publish (no trim/AOT warning may appear)"
    log="$work/publish-$rid.log"
    dotnet publish "$project" -c Release -r "$rid" -p:Version="$version" "$@" -o "$work/$rid" --nologo </dev/null 2>&1 | tee "$log"
    if grep -qE 'warning (IL[0-9]+|SYSLIB)' "$log"; then fail "the $rid Native AOT publish has trim/AOT warnings (above)"; fi

    # The binary contains the .NET runtime: its notices come from the very ILCompiler package that built it.
    runtime_notices="${packages_root}runtime.$rid.microsoft.dotnet.ilcompiler/$runtime_version/THIRD-PARTY-NOTICES.TXT"
    [ -f "$runtime_notices" ] || fail "the .NET runtime's notices are not at $runtime_notices"

    say "$rid: archive"
    name="assumerole-$version-$rid"
    mkdir -p "$work/$name"
    cp "$work/$rid/assumerole" "$work/$name/"
    cp "$repo/LICENSE" "$repo/README.md" "$repo/THIRD-PARTY-NOTICES.md" "$work/$name/"
    install -m 0644 "$runtime_notices" "$work/$name/THIRD-PARTY-NOTICES-dotnet-runtime.txt"
    # Reproducible listing: fixed order, owner and times (the commit's time), so a rebuild archives the same way.
    commit_time=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)
    tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$commit_time" -czf "$out/$name.tar.gz" "$name"
    tar -tzvf "$out/$name.tar.gz" >&2

    say "$rid: .NET tool package (Native AOT)"
    # Same inputs as the publish above, so its compile and native link are reused, not redone.
    dotnet pack "$project" -c Release -r "$rid" -p:Version="$version" \
        -p:AssumeRoleRuntimeNotices="$runtime_notices" "$@" \
        -o "$out" --nologo </dev/null
done

say "the tool's entry package (AssumeRoleCli, which names the runtime packages)"
dotnet pack "$project" -c Release -p:Version="$version" -o "$out" --nologo </dev/null

say "checksums"
(cd "$out" && sha256sum -- *.tar.gz *.nupkg >SHA256SUMS && cat SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "package: artifacts/release/ holds version $version for ${rids[*]}" >&2
