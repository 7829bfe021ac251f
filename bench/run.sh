#!/usr/bin/env bash
# The benchmark: HashiCorp's AssumeRole tutorial, end to end, done four ways against the same two-account moto
# sandbox: (a) assumerole (Native AOT), (b) one boto3 script, (c) AWS CLI commands, (d) the tutorial's own
# Terraform. Wall time, peak RSS and the AWS requests each made, with no added latency and with a fixed delay
# on every AWS call; plus assumerole's cold start and how launch-instance scales with --count.
#   bash bench/run.sh > bench/results-$(date +%F).md      (the report on stdout, progress on stderr)
# Settings (environment): BENCH_RUNS=5 (workflows per tool and latency), BENCH_SKIP=terraform,awscli,boto3,
# latency,scale,coldstart (any of them, comma-separated), BENCH_LATENCY_MS=100, BENCH_SCALE_COUNTS="1 10 100",
# ASSUMEROLE_BIN=path (a prebuilt binary instead of publishing one), TF_PLUGIN_DIR=dir (skip the search).
# Never reads or writes your ~/.aws: every tool runs with HOME and all AWS settings in a throwaway directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$repo/bench"
runs=${BENCH_RUNS:-5}
skip=",${BENCH_SKIP:-},"
latency_ms=${BENCH_LATENCY_MS:-100}
scale_counts=${BENCH_SCALE_COUNTS:-1 10 100}
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
skipped() { [[ $skip == *",$1,"* ]]; }
has() { [[ " ${tools[*]} " == *" $1 "* ]]; } # a tool in this run: a b c d
[[ $runs =~ ^[1-9][0-9]*$ ]] || fail "BENCH_RUNS must be a positive integer, not '$runs'"
[ "${BASH_VERSINFO[0]}" -ge 5 ] || fail "needs bash 5 or newer (EPOCHREALTIME)"

tools=(a)
skipped boto3 || tools+=(b)
skipped awscli || tools+=(c)
skipped terraform || tools+=(d)

# ---------------------------------------------------------------------------------------------- prerequisites
need() { command -v "$1" >/dev/null 2>&1 || fail "'$1' is not on PATH: $2"; }
need moto_server "pip install 'moto[server]==5.2.1'"
need python3 "python3 with boto3 is needed (it comes with moto)"
need curl "apt-get install curl"
python3 -c 'import boto3' 2>/dev/null || fail "python3 cannot import boto3: pip install 'moto[server]'"
/usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
    fail "GNU time is needed at /usr/bin/time for peak RSS and CPU time: apt-get install time"
if has c; then need aws "the AWS CLI v1: pip install awscli (or BENCH_SKIP=awscli)"; fi
if has d; then
    need terraform "Terraform 1.11 (or BENCH_SKIP=terraform)"
    if [ -z "${TF_PLUGIN_DIR:-}" ]; then
        say "Find the local Terraform AWS provider 5.100.0 (the plugin dir holding registry.terraform.io)"
        provider=$(find / \( -path /proc -o -path /sys -o -path /dev -o -path "$work" \) -prune -o \
            -name 'terraform-provider-aws_*' -path '*/registry.terraform.io/hashicorp/aws/5.100.0/*' -print 2>/dev/null |
            grep -v '/\.terraform/' | head -n 1 || true)
        [ -n "$provider" ] || fail "no terraform-provider-aws 5.100.0 was found under a registry.terraform.io/ plugin" \
            "directory. Put it in e.g. /opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/," \
            "set TF_PLUGIN_DIR=<dir holding registry.terraform.io>, or BENCH_SKIP=terraform"
        TF_PLUGIN_DIR=${provider%%/registry.terraform.io/*}
    fi
    [ -d "$TF_PLUGIN_DIR/registry.terraform.io" ] || fail "TF_PLUGIN_DIR=$TF_PLUGIN_DIR has no registry.terraform.io/ inside"
    echo "provider plugin dir: $TF_PLUGIN_DIR" >&2
fi

# Real executables, not pyenv shims (a shim adds a bash + pyenv exec to every call; that is not the tool's cost).
python_bin=$(python3 -c 'import sys; print(sys.executable)')
tool_path="$(dirname "$python_bin"):$PATH"
if has c; then
    aws_bin=$(PATH=$tool_path command -v aws)
    if [[ $aws_bin == */shims/* ]] && command -v pyenv >/dev/null; then aws_bin=$(pyenv which aws); fi
    tool_path="$(dirname "$aws_bin"):$tool_path"
fi
python_user_base=$(python3 -m site --user-base)

# ------------------------------------------------------------------------------------------ the binary under test
if [ -n "${ASSUMEROLE_BIN:-}" ]; then
    cli=$(cd "$(dirname "$ASSUMEROLE_BIN")" && pwd)/$(basename "$ASSUMEROLE_BIN")
    [ -x "$cli" ] || fail "ASSUMEROLE_BIN=$ASSUMEROLE_BIN is not an executable"
else
    need dotnet "the .NET 10 SDK (or ASSUMEROLE_BIN=a prebuilt binary)"
    rid=$(dotnet --info | awk '/RID:/{print $2; exit}')
    say "Publish the Native AOT binary ($rid)"
    dotnet publish "$repo/src/AssumeRoleCli" -c Release -r "$rid" -o "$work/aot" --nologo </dev/null >"$work/publish.log" 2>&1 ||
        { tail -n 30 "$work/publish.log" >&2; fail "dotnet publish failed"; }
    cli="$work/aot/assumerole"
fi

# --------------------------------------------------------------------------------------------------- the sandbox
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
say "Start moto and bootstrap the accounts (a destination account per tool and one for --count)"
moto_port=$(free_port)
moto="http://127.0.0.1:$moto_port"
setsid env -u MOTO_ACCOUNT_ID -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u INITIAL_NO_AUTH_ACTION_COUNT \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null MOTO_IAM_LOAD_MANAGED_POLICIES=true \
    MOTO_ENABLE_AMI_VALIDATION=true MOTO_ENABLE_KEYPAIR_VALIDATION=true MOTO_AMIS_PATH="$repo/tests/AssumeRoleCli.Tests/Fixtures/moto-amis.json" \
    moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
background_pids+=($!)
for _ in $(seq 1 300); do
    curl -fsS "$moto/moto-api/" >/dev/null 2>&1 && break
    kill -0 "${background_pids[0]}" 2>/dev/null || { tail -n 30 "$work/moto.log" >&2; fail "moto_server exited"; }
    sleep 0.2
done
curl -fsS "$moto/moto-api/" >/dev/null || fail "moto did not answer on $moto"
python3 "$repo/scripts/moto_sandbox.py" --endpoint "$moto" --out "$work/accounts" --worlds 5 --enable-auth >"$work/sandbox.json"
declare -A world=([a]=1 [b]=2 [c]=3 [d]=4 [scale]=5)

# One counting proxy per latency; every tool talks to moto only through one of them.
start_proxy() { # name delay_ms
    setsid python3 "$bench/latency_proxy.py" --upstream "127.0.0.1:$moto_port" --delay-ms "$2" \
        --log "$work/requests-$1.log" --port-file "$work/proxy-$1.port" >"$work/proxy-$1.out" 2>&1 &
    background_pids+=($!)
    for _ in $(seq 1 100); do [ -s "$work/proxy-$1.port" ] && return 0; sleep 0.1; done
    fail "the proxy did not start: $(cat "$work/proxy-$1.out")"
}
start_proxy 0ms 0
skipped latency || start_proxy "${latency_ms}ms" "$latency_ms"

# ------------------------------------------------------------------------------------- every tool's environment
for name in $(compgen -e); do case $name in AWS_* | TF_* | BOTO_*) unset "$name" ;; esac; done
mkdir -p "$work/home" "$work/runs"
: >"$work/terraform.rc"
export HOME="$work/home" PATH="$tool_path" PYTHONUSERBASE="$python_user_base" \
    TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
use_world() { # world latency: the world's profiles, reached through that latency's proxy
    local dir="$work/accounts/world-${world[$1]}"
    local port
    port=$(cat "$work/proxy-$2.port")
    export AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" AWS_CONFIG_FILE="$dir/config" AWS_ENDPOINT_URL="http://127.0.0.1:$port"
    requests_log="$work/requests-$2.log"
}
region=us-east-1
: >"$work/requests-none.log"

# step LABEL COMMAND...: runs it under GNU time, counting the requests the proxy saw meanwhile. One row per step
# in steps.tsv (phase tool run step start end peak_rss_kb cpu_seconds requests), its requests in operations.log.
step() {
    local label=$1 before after start end
    shift
    before=$(wc -l <"$requests_log")
    start=$EPOCHREALTIME
    if ! /usr/bin/time -f '%M %U %S' -o "$work/usage" "$@" >"$work/runs/$phase.$tool.$run.$label.out" 2>&1; then
        tail -n 30 "$work/runs/$phase.$tool.$run.$label.out" >&2
        fail "$phase $tool run $run: '$label' failed (the lines above are its output)"
    fi
    end=$EPOCHREALTIME
    after=$(wc -l <"$requests_log")
    local rss user sys
    read -r rss user sys < <(tail -n 1 "$work/usage")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$tool" "$run" "$label" "$start" "$end" \
        "$rss" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$((after - before))" >>"$work/steps.tsv"
    sed -n "$((before + 1)),${after}p" "$requests_log" | sed "s/^/$phase $tool $run $label /" >>"$work/operations.log"
}

workflow() { # tool run: the whole tutorial, in a fresh role name
    tool=$1 run=$2
    local role="bench-$1-$phase-$2" role_arn
    case $tool in
    a)
        mkdir -p "$work/runs/$phase.$tool.$run.d" && cd "$work/runs/$phase.$tool.$run.d"
        step create-role "$cli" create-role --auto-approve --role-name "$role"
        step launch-instance "$cli" launch-instance --auto-approve
        step teardown "$cli" teardown --auto-approve
        ;;
    b) step workflow "$python_bin" "$bench/tutorial_boto3.py" --role-name "$role" ;;
    c) step workflow bash "$bench/tutorial_awscli.sh" "$role" "$region" ;;
    d)
        cd "$work/terraform/role"
        step role-apply terraform apply -auto-approve -no-color -var "role_name=$role" -var "region=$region"
        role_arn=$(sed -nE 's/^role_arn = "(.*)"$/\1/p' "$work/runs/$phase.$tool.$run.role-apply.out")
        [ -n "$role_arn" ] || fail "$phase $tool run $run: terraform printed no role_arn"
        cd "$work/terraform/instance"
        step instance-apply terraform apply -auto-approve -no-color -var "role_arn=$role_arn" -var "region=$region"
        step instance-destroy terraform destroy -auto-approve -no-color -var "role_arn=$role_arn" -var "region=$region"
        cd "$work/terraform/role"
        step role-destroy terraform destroy -auto-approve -no-color -var "role_name=$role" -var "region=$region"
        ;;
    esac
    cd "$work"
}

if has d; then
    say "terraform init (timed once, apart from the workflow)"
    phase=init tool=d run=1
    use_world d 0ms
    for config in role instance; do
        mkdir -p "$work/terraform" && cp -r "$bench/terraform/$config" "$work/terraform/$config"
        cd "$work/terraform/$config"
        step "init-$config" terraform init -no-color -plugin-dir="$TF_PLUGIN_DIR"
    done
    cd "$work"
fi

# --------------------------------------------------------------------------------------------------- measurements
say "Warm up: one untimed workflow per tool (moto builds each account's EC2 world on first use)"
phase=warm
for t in "${tools[@]}"; do use_world "$t" 0ms; workflow "$t" 1; done
if ! skipped scale; then use_world scale 0ms; workflow a scale; fi

phases=(0ms)
skipped latency || phases+=("${latency_ms}ms")
for phase in "${phases[@]}"; do
    for run in $(seq 1 "$runs"); do
        for t in "${tools[@]}"; do
            say "added latency $phase: run $run/$runs of $t"
            use_world "$t" "$phase"
            workflow "$t" "$run"
        done
    done
done

if ! skipped coldstart; then
    say "Cold start: 11 runs of each tool's cheapest command (no AWS request)"
    phase=coldstart requests_log="$work/requests-none.log"
    cold() { for run in $(seq 1 11); do step "$@"; done; }
    tool=a cold help "$cli" --help
    if has b; then
        tool=b cold import-boto3 "$python_bin" -c 'import boto3; boto3.Session().client("sts", region_name="us-east-1")'
    fi
    if has c; then tool=c cold version aws --version; fi
    if has d; then tool=d cold version terraform version; fi
fi

if ! skipped scale; then
    use_world scale 0ms
    phase=scale tool=a
    for run in $scale_counts; do
        say "launch-instance --count $run, then teardown"
        mkdir -p "$work/runs/scale.$run.d" && cd "$work/runs/scale.$run.d"
        step create-role "$cli" create-role --auto-approve --role-name "bench-scale-$run"
        step launch-instance "$cli" launch-instance --auto-approve --count "$run"
        step teardown "$cli" teardown --auto-approve
        cd "$work"
    done
fi

# ------------------------------------------------------------------------------------------------------ the report
say "Report"
versions="$work/versions.tsv"
{
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'machine\t%s cores (nproc), %s, %s RAM, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)" \
        "$(free -h | awk '/^Mem:/{print $2}')" "$(uname -sr)"
    printf 'load average (1, 5, 15 min)\t%s at the start, %s at the end (the machine is shared: other work runs too)\n' \
        "$load_at_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ -n "${ASSUMEROLE_BIN:-}" ]; then
        printf 'assumerole\t%s (prebuilt, ASSUMEROLE_BIN), %s bytes\n' "$cli" "$(stat -c %s "$cli")"
    else
        printf 'assumerole\tNative AOT, published from commit %s%s, %s bytes\n' "$(git -C "$repo" rev-parse --short HEAD)" \
            "$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')" "$(stat -c %s "$cli")"
    fi
    if [ -z "${ASSUMEROLE_BIN:-}" ]; then printf 'dotnet\t%s\n' "$(dotnet --version)"; fi
    printf 'python3\t%s\n' "$("$python_bin" --version 2>&1)"
    printf 'boto3\t%s (botocore %s)\n' "$("$python_bin" -c 'import boto3; print(boto3.__version__)')" "$("$python_bin" -c 'import botocore; print(botocore.__version__)')"
    printf 'moto\t%s\n' "$("$python_bin" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
    if has c; then printf 'aws\t%s\n' "$(aws --version 2>&1)"; fi
    if has d; then printf 'terraform\t%s\n' "$(terraform version | head -n 2 | tr '\n' ' ')"; fi
    printf 'settings\truns=%s latency=%sms skip=%s scale=%s\n' "$runs" "$latency_ms" "${BENCH_SKIP:-none}" "$scale_counts"
} >"$versions"
"$python_bin" "$bench/summarize.py" --steps "$work/steps.tsv" --operations "$work/operations.log" --versions "$versions"
