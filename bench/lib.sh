# Shared by bench/run.sh and bench/organization.sh (sourced, not run): the throwaway work directory and its
# clean-up, prerequisites, the binary under test, the Terraform plugin directory, moto and the counting proxies.
# The caller sets `repo` and `bench` first.

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/assumerole-bench.XXXXXX")
background_pids=()

cleanup() {
    local status=$?
    for pid in "${background_pids[@]}"; do
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then echo "bench: FAILED (exit $status)" >&2; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '== %s\n' "$*" >&2; }
fail() { echo "bench: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "'$1' is not on PATH: $2"; }
[ "${BASH_VERSINFO[0]}" -ge 5 ] || fail "needs bash 5 or newer (EPOCHREALTIME)"

need_sandbox_tools() {
    need moto_server "pip install 'moto[server]==5.2.1'"
    need python3 "python3 with boto3 is needed (it comes with moto)"
    need curl "apt-get install curl"
    python3 -c 'import boto3' 2>/dev/null || fail "python3 cannot import boto3: pip install 'moto[server]'"
    /usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
        fail "GNU time is needed at /usr/bin/time for peak RSS and CPU time: apt-get install time"
}

# Sets tf_plugin_dir: TF_PLUGIN_DIR, or the directory holding registry.terraform.io/ found by searching. Not
# exported, so isolate_environment's unset of TF_* variables (TF_PLUGIN_DIR among them) cannot lose it.
find_terraform_plugins() {
    need terraform "Terraform 1.11 (or BENCH_SKIP=terraform)"
    tf_plugin_dir=${TF_PLUGIN_DIR:-}
    if [ -z "$tf_plugin_dir" ]; then
        say "Find the local Terraform AWS provider 5.100.0 (the plugin dir holding registry.terraform.io)"
        local provider
        provider=$(find / \( -path /proc -o -path /sys -o -path /dev -o -path "$work" \) -prune -o \
            -name 'terraform-provider-aws_*' -path '*/registry.terraform.io/hashicorp/aws/5.100.0/*' -print 2>/dev/null |
            grep -v '/\.terraform/' | head -n 1 || true)
        [ -n "$provider" ] || fail "no terraform-provider-aws 5.100.0 was found under a registry.terraform.io/ plugin" \
            "directory. Put it in e.g. /opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/," \
            "set TF_PLUGIN_DIR=<dir holding registry.terraform.io>, or BENCH_SKIP=terraform"
        tf_plugin_dir=${provider%%/registry.terraform.io/*}
    fi
    [ -d "$tf_plugin_dir/registry.terraform.io" ] || fail "TF_PLUGIN_DIR=$tf_plugin_dir has no registry.terraform.io/ inside"
    echo "provider plugin dir: $tf_plugin_dir" >&2
}

# Sets cli: ASSUMEROLE_BIN, or the Native AOT binary published from this checkout.
assumerole_binary() {
    if [ -n "${ASSUMEROLE_BIN:-}" ]; then
        cli=$(cd "$(dirname "$ASSUMEROLE_BIN")" && pwd)/$(basename "$ASSUMEROLE_BIN")
        [ -x "$cli" ] || fail "ASSUMEROLE_BIN=$ASSUMEROLE_BIN is not an executable"
    else
        need dotnet "the .NET 10 SDK (or ASSUMEROLE_BIN=a prebuilt binary)"
        local rid
        rid=$(dotnet --info | awk '/RID:/{print $2; exit}')
        say "Publish the Native AOT binary ($rid)"
        dotnet publish "$repo/src/AssumeRoleCli" -c Release -r "$rid" -o "$work/aot" --nologo </dev/null >"$work/publish.log" 2>&1 ||
            { tail -n 30 "$work/publish.log" >&2; fail "dotnet publish failed"; }
        cli="$work/aot/assumerole"
    fi
}

# One line for the report: which binary.
assumerole_version_line() {
    if [ -n "${ASSUMEROLE_BIN:-}" ]; then
        printf 'assumerole\t%s (prebuilt, ASSUMEROLE_BIN), %s bytes\n' "$cli" "$(stat -c %s "$cli")"
    else
        printf 'assumerole\tNative AOT, published from commit %s%s, %s bytes\n' "$(git -C "$repo" rev-parse --short HEAD)" \
            "$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')" "$(stat -c %s "$cli")"
        printf 'dotnet\t%s\n' "$(dotnet --version)"
    fi
}

machine_lines() {
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'machine\t%s cores (nproc), %s, %s RAM, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)" \
        "$(free -h | awk '/^Mem:/{print $2}')" "$(uname -sr)"
    printf 'load average (1, 5, 15 min)\t%s at the start, %s at the end (the machine is shared: other work runs too)\n' \
        "$load_at_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Starts moto_server as the tests and scripts/demo.sh start it; sets moto_port, moto (its URL) and moto_pid.
start_moto() {
    moto_port=$(free_port)
    moto="http://127.0.0.1:$moto_port"
    setsid env -u MOTO_ACCOUNT_ID -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u INITIAL_NO_AUTH_ACTION_COUNT \
        AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null MOTO_IAM_LOAD_MANAGED_POLICIES=true \
        MOTO_ENABLE_AMI_VALIDATION=true MOTO_ENABLE_KEYPAIR_VALIDATION=true MOTO_AMIS_PATH="$repo/tests/AssumeRoleCli.Tests/Fixtures/moto-amis.json" \
        moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
    moto_pid=$!
    background_pids+=("$moto_pid")
    for _ in $(seq 1 300); do
        curl -fsS "$moto/moto-api/" >/dev/null 2>&1 && break
        kill -0 "$moto_pid" 2>/dev/null || { tail -n 30 "$work/moto.log" >&2; fail "moto_server exited"; }
        sleep 0.2
    done
    curl -fsS "$moto/moto-api/" >/dev/null || fail "moto did not answer on $moto"
}

# One counting proxy per latency; every tool talks to moto only through one of them.
start_proxy() { # name delay_ms
    setsid python3 "$bench/latency_proxy.py" --upstream "127.0.0.1:$moto_port" --delay-ms "$2" \
        --log "$work/requests-$1.log" --port-file "$work/proxy-$1.port" >"$work/proxy-$1.out" 2>&1 &
    background_pids+=($!)
    for _ in $(seq 1 100); do [ -s "$work/proxy-$1.port" ] && return 0; sleep 0.1; done
    fail "the proxy did not start: $(cat "$work/proxy-$1.out")"
}

# Every tool's environment: HOME and all AWS/Terraform settings inside $work, real executables first on PATH
# (not pyenv shims: a shim adds a bash + pyenv exec to every call; that is not the tool's cost). Sets python_bin.
# Pass extra directories to put first on PATH.
isolate_environment() {
    python_bin=$(python3 -c 'import sys; print(sys.executable)')
    local tool_path="$(dirname "$python_bin"):$PATH" python_user_base
    for dir in "$@"; do tool_path="$dir:$tool_path"; done
    python_user_base=$(python3 -m site --user-base)
    for name in $(compgen -e); do case $name in AWS_* | TF_* | BOTO_*) unset "$name" ;; esac; done
    mkdir -p "$work/home"
    : >"$work/terraform.rc"
    export HOME="$work/home" PATH="$tool_path" PYTHONUSERBASE="$python_user_base" \
        TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
}
