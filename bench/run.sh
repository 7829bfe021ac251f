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
source "$bench/lib.sh"
skipped() { [[ $skip == *",$1,"* ]]; }
has() { [[ " ${tools[*]} " == *" $1 "* ]]; } # a tool in this run: a b c d
[[ $runs =~ ^[1-9][0-9]*$ ]] || fail "BENCH_RUNS must be a positive integer, not '$runs'"

tools=(a)
skipped boto3 || tools+=(b)
skipped awscli || tools+=(c)
skipped terraform || tools+=(d)

# ---------------------------------------------------------------------------------------------- prerequisites
need_sandbox_tools
if has c; then need aws "the AWS CLI v1: pip install awscli (or BENCH_SKIP=awscli)"; fi
if has d; then find_terraform_plugins; fi

# The AWS CLI's real executable, not a pyenv shim (a shim adds a bash + pyenv exec to every call).
aws_dir=()
if has c; then
    aws_bin=$(PATH="$(dirname "$(python3 -c 'import sys; print(sys.executable)')"):$PATH" command -v aws)
    if [[ $aws_bin == */shims/* ]] && command -v pyenv >/dev/null; then aws_bin=$(pyenv which aws); fi
    aws_dir=("$(dirname "$aws_bin")")
fi

# ------------------------------------------------------------------------------------------ the binary under test
assumerole_binary

# --------------------------------------------------------------------------------------------------- the sandbox
say "Start moto and bootstrap the accounts (a destination account per tool and one for --count)"
start_moto
python3 "$repo/scripts/moto_sandbox.py" --endpoint "$moto" --out "$work/accounts" --worlds 5 --enable-auth >"$work/sandbox.json"
declare -A world=([a]=1 [b]=2 [c]=3 [d]=4 [scale]=5)

start_proxy 0ms 0
skipped latency || start_proxy "${latency_ms}ms" "$latency_ms"

# ------------------------------------------------------------------------------------- every tool's environment
isolate_environment "${aws_dir[@]}"
mkdir -p "$work/runs"
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
        step "init-$config" terraform init -no-color -plugin-dir="$tf_plugin_dir"
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
    machine_lines
    assumerole_version_line
    printf 'python3\t%s\n' "$("$python_bin" --version 2>&1)"
    printf 'boto3\t%s (botocore %s)\n' "$("$python_bin" -c 'import boto3; print(boto3.__version__)')" "$("$python_bin" -c 'import botocore; print(botocore.__version__)')"
    printf 'moto\t%s\n' "$("$python_bin" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
    if has c; then printf 'aws\t%s\n' "$(aws --version 2>&1)"; fi
    if has d; then printf 'terraform\t%s\n' "$(terraform version | head -n 2 | tr '\n' ' ')"; fi
    printf 'settings\truns=%s latency=%sms skip=%s scale=%s\n' "$runs" "$latency_ms" "${BENCH_SKIP:-none}" "$scale_counts"
} >"$versions"
"$python_bin" "$bench/summarize.py" --steps "$work/steps.tsv" --operations "$work/operations.log" --versions "$versions"
