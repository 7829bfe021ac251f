#!/usr/bin/env bash
# Acceptance run of the whole tutorial, on real AWS, for people with two accounts (README: "Acceptance on real AWS").
#
#   bash scripts/acceptance.sh --source-profile A --destination-profile B [--region R] --confirm
#
# Creates REAL, BILLABLE resources (an IAM role, two t2.micro instances for a few minutes) with names unique to this
# run, and always destroys them again: at the end, on any failure, and on Ctrl-C/SIGTERM (a trap runs `teardown`
# for this run's role name and tag). Without --confirm it says what it would do and exits 2, creating nothing.
# Steps: preflight (both identities), create-role, launch-instance through the role (source profile only), status,
# exec and credentials with the AWS CLI, create-role --scope managed-instances + a launch through that scoped policy,
# teardown, then a check that nothing is left. Prints a pass/fail table with each step's time and the AWS requests
# the tool made (its --verbose call trace), and exits 0 only when every step passed.
#
# Other options:
#   --bin PATH     the assumerole binary to test (default: $ASSUMEROLE_BIN, else `assumerole` on PATH)
#   --sandbox      run against a local moto server with two simulated accounts instead of AWS (what CI does): starts
#                  moto, writes throwaway profiles, points every call at it (AWS_ENDPOINT_URL); the profile options
#                  are then not needed. Needs moto_server, python3 with boto3, curl.
#   --keep-logs DIR  keep each step's stdout/stderr in DIR (default: removed at the end)
# Needs: the AWS CLI (`aws`), python3.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage="usage: bash scripts/acceptance.sh --source-profile A --destination-profile B [--region R] [--bin PATH] [--sandbox] [--keep-logs DIR] --confirm"
die() { echo "acceptance: $*" >&2; exit 2; }

source_profile="" destination_profile="" region="" confirm=false sandbox=false keep_logs="" cli="${ASSUMEROLE_BIN:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --source-profile|--destination-profile|--region|--bin|--keep-logs)
            [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value ($usage)"
            case "$1" in
                --source-profile) source_profile=$2 ;; --destination-profile) destination_profile=$2 ;;
                --region) region=$2 ;; --bin) cli=$2 ;; --keep-logs) keep_logs=$2 ;;
            esac
            shift 2 ;;
        --confirm) confirm=true; shift ;;
        --sandbox) sandbox=true; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' ($usage)" ;;
    esac
done

if ! $sandbox; then
    [ -n "$source_profile" ] && [ -n "$destination_profile" ] || die "--source-profile and --destination-profile are required ($usage)"
    [ "$source_profile" != "$destination_profile" ] || die "the source and destination profiles must differ (two accounts)"
fi
for tool in aws python3; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH"; done
if [ -z "$cli" ]; then cli=$(command -v assumerole 2>/dev/null) || die "no assumerole on PATH: pass --bin PATH or set ASSUMEROLE_BIN"; fi
[ -x "$cli" ] || die "$cli is not an executable"
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")

run_id="acc-$(date -u +%Y%m%d%H%M%S)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
role_name="assumerole-$run_id"

if ! $confirm; then
    target=$($sandbox && echo "a local moto sandbox" || echo "REAL AWS: source profile '$source_profile', destination profile '$destination_profile'${region:+, region $region}")
    cat >&2 <<EOF
acceptance: refusing to run without --confirm. It would, on $target:
  create IAM role $role_name (AmazonEC2FullAccess, then a scoped inline policy) in the destination account,
  launch two t2.micro instances through it (billable while they run, a few minutes), and tear all of it down.
EOF
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/assumerole-acceptance.XXXXXX")
chmod 700 "$work"
state="$work/assumerole.state.json"
logs="$work/logs"
mkdir -p "$logs"
moto_pid=""
torn_down=false
started=false
results=()

if [ -t 1 ]; then green=$'\033[32m' red=$'\033[31m' plain=$'\033[0m'; else green="" red="" plain=""; fi
now() { date +%s.%N; }

# --- the sandbox: moto with two simulated accounts, as scripts/demo.sh sets it up --------------------------------------
if $sandbox; then
    for tool in moto_server curl; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH (--sandbox needs moto: pip install 'moto[server]')"; done
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    endpoint="http://127.0.0.1:$port"
    setsid env -u MOTO_ACCOUNT_ID -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u INITIAL_NO_AUTH_ACTION_COUNT \
        AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null MOTO_IAM_LOAD_MANAGED_POLICIES=true \
        MOTO_ENABLE_AMI_VALIDATION=true MOTO_ENABLE_KEYPAIR_VALIDATION=true \
        MOTO_AMIS_PATH="$repo/tests/AssumeRoleCli.Tests/Fixtures/moto-amis.json" \
        PYTHONPATH="$repo/scripts/moto-speedup${PYTHONPATH:+:$PYTHONPATH}" \
        moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
    moto_pid=$!
fi

stop_moto() {
    if [ -n "$moto_pid" ]; then kill -- "-$moto_pid" 2>/dev/null || kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
}

common=()
[ -n "$region" ] && common+=(--region "$region")
aws_region=()
[ -n "$region" ] && aws_region=(--region "$region")

# --- the teardown that always runs ----------------------------------------------------------------------------------
# Everything this run made carries its role name (and the instances the role's tags), so teardown by role name finds
# it even when the state file never learnt of it (a crash, Ctrl-C mid-call).
# If the role itself may no longer terminate (a failed step left it scoped, or half-changed), it is given
# AmazonEC2FullAccess back and teardown tried again.
final_teardown() {
    local teardown=("$cli" teardown --auto-approve --no-color --state "$state" --role-name "$role_name"
        --source-profile "$source_profile" --destination-profile "$destination_profile" "${common[@]}" --verbose)
    "${teardown[@]}" </dev/null >"$logs/final-teardown.out" 2>"$logs/final-teardown.err" && return 0
    echo "acceptance: teardown failed; giving the role AmazonEC2FullAccess back and trying again" >&2
    "$cli" create-role --auto-approve --no-color --state "$state" --role-name "$role_name" --scope ec2-full-access \
        --source-profile "$source_profile" --destination-profile "$destination_profile" "${common[@]}" --verbose \
        </dev/null >>"$logs/final-teardown.out" 2>>"$logs/final-teardown.err" || true
    "${teardown[@]}" </dev/null >>"$logs/final-teardown.out" 2>>"$logs/final-teardown.err"
}

on_exit() {
    local status=$?
    trap '' INT TERM # a second Ctrl-C must not stop the cleanup half-way
    if $started && ! $torn_down; then
        echo "acceptance: tearing down what this run made (role $role_name) ..." >&2
        if final_teardown; then
            echo "acceptance: teardown done: $(tail -n 1 "$logs/final-teardown.out")" >&2
        else
            echo "acceptance: ${red}TEARDOWN FAILED${plain}: role $role_name and instances tagged AssumeRoleCli:Role=...:role/$role_name may be left; rerun: $cli teardown --role-name $role_name --source-profile $source_profile --destination-profile $destination_profile ${common[*]}" >&2
            sed 's/^/  /' "$logs/final-teardown.err" >&2
            [ "$status" -ne 0 ] || status=1
        fi
    fi
    stop_moto
    if [ -n "$keep_logs" ]; then mkdir -p "$keep_logs" && cp -r "$logs/." "$keep_logs/" && echo "acceptance: logs in $keep_logs" >&2; fi
    rm -rf "$work"
    exit "$status"
}
trap on_exit EXIT
trap 'echo "acceptance: interrupted" >&2; exit 130' INT TERM

if $sandbox; then
    for _ in $(seq 1 150); do
        curl -fsS "$endpoint/moto-api/" >/dev/null 2>&1 && break
        kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; exit 1; }
        sleep 0.2
    done
    python3 "$repo/scripts/moto_sandbox.py" --endpoint "$endpoint" --out "$work/accounts" --worlds 1 --enable-auth >"$work/sandbox.json"
    world="$work/accounts/world-1"
    unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION
    export HOME="$work" AWS_SHARED_CREDENTIALS_FILE="$world/credentials" AWS_CONFIG_FILE="$world/config" AWS_ENDPOINT_URL="$endpoint"
    source_profile=source destination_profile=destination
    echo "acceptance: sandbox: moto at $endpoint, profiles source/destination in $world" >&2
fi
cd "$work"

# --- steps ------------------------------------------------------------------------------------------------------------
# step NAME COMMAND...: runs it with stdout/stderr to logs, times it, counts the tool's traced AWS requests, records a
# row. The command is a shell function below that returns non-zero on failure (and says why on stderr).
step() {
    local name=$1; shift
    local out="$logs/$name.out" err="$logs/$name.err" start end status
    printf 'acceptance: %-24s ... ' "$name" >&2
    start=$(now)
    set +e
    (set -e; "$@") >"$out" 2>"$err" </dev/null
    status=$?
    set -e
    end=$(now)
    local seconds requests calls
    seconds=$(python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$start" "$end")
    requests=$(grep -c '^\[debug\] aws ' "$err" || true)
    # "sts:AssumeRole x2, ec2:RunInstances" from lines "[debug] aws sts:AssumeRole status=200 ..."
    calls=$(sed -n 's/^\[debug\] aws \([^ ]*\) .*/\1/p' "$err" | awk '{n[$1]++; if (!($1 in seen)) {seen[$1]=1; order[++k]=$1}} END {for (i=1;i<=k;i++) printf "%s%s%s", (i>1?", ":""), order[i], (n[order[i]]>1?" x" n[order[i]]:"")}')
    if [ "$status" -eq 0 ]; then
        echo "${green}pass${plain} (${seconds}s)" >&2
        results+=("$name|pass|$seconds|$requests|$calls")
    else
        echo "${red}FAIL${plain} (exit $status, ${seconds}s)" >&2
        sed 's/^/    /' "$err" | grep -v '^    \[debug\]' | tail -n 15 >&2 || true
        results+=("$name|FAIL|$seconds|$requests|$calls")
        failed=true
    fi
    return 0
}

skip() {
    printf 'acceptance: %-24s ... skip (%s)\n' "$1" "$2" >&2
    results+=("$1|skip|-|-|$2")
}

failed=false
# The tool with this run's state file, the call trace and the region; the command's own arguments last (exec's "--").
ar() { local command=$1; shift; "$cli" "$command" --no-color --verbose --state "$state" "${common[@]}" "$@"; }
# json FILE EXPR: a value out of a JSON file (EXPR is Python over d).
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }
# same WHAT ACTUAL EXPECTED / like WHAT ACTUAL GLOB: a check that says what it expected.
same() { [ "$2" = "$3" ] || { echo "expected $1: '$3', got '$2'" >&2; return 1; }; }
like() { [[ "$2" == $3 ]] || { echo "expected $1 like '$3', got '$2'" >&2; return 1; }; }

preflight() {
    aws sts get-caller-identity --profile "$source_profile" "${aws_region[@]}" --output json >"$work/source-identity.json"
    aws sts get-caller-identity --profile "$destination_profile" "${aws_region[@]}" --output json >"$work/destination-identity.json"
    local source_account destination_account
    source_account=$(json "$work/source-identity.json" 'd["Account"]')
    destination_account=$(json "$work/destination-identity.json" 'd["Account"]')
    echo "source account $source_account, destination account $destination_account"
    [ "$source_account" != "$destination_account" ] || { echo "both profiles are account $source_account: the tutorial needs two accounts" >&2; return 1; }
}

destination_account() { json "$work/destination-identity.json" 'd["Account"]'; }
role_arn() { json "$work/role.json" 'd["role_arn"]'; }

create_role() {
    ar create-role --auto-approve --output json --role-name "$role_name" \
        --source-profile "$source_profile" --destination-profile "$destination_profile" | tee "$work/role.json"
    like "role ARN" "$(role_arn)" "arn:*:iam::$(destination_account):role/$role_name"
}

launch_instance() {
    # Only the source profile: the role does the rest (the tutorial's point).
    ar launch-instance --auto-approve --output json --role-arn "$(role_arn)" \
        --source-profile "$source_profile" --tag "AcceptanceRun=$run_id" | tee "$work/launch.json"
    like "instance id" "$(json "$work/launch.json" 'd["instance_id"]')" "i-*"
    same "instance's account" "$(json "$work/launch.json" 'd["account"]')" "$(destination_account)"
}

status_step() {
    ar status --source-profile "$source_profile" --destination-profile "$destination_profile" | tee "$work/status.txt"
    grep -q ":role/$role_name" "$work/status.txt" || { echo "status does not list role $role_name" >&2; return 1; }
    local id; id=$(json "$work/launch.json" 'd["instance_id"]')
    grep -q "$id" "$work/status.txt" || { echo "status does not list instance $id" >&2; return 1; }
}

exec_step() {
    # The AWS CLI, run with nothing but the role's temporary credentials.
    ar exec --source-profile "$source_profile" -- aws sts get-caller-identity --output json | tee "$work/exec-identity.json"
    like "exec's identity" "$(json "$work/exec-identity.json" 'd["Arn"]')" "*:assumed-role/$role_name/*"
    ar exec --source-profile "$source_profile" -- aws ec2 describe-instances --output json \
        --instance-ids "$(json "$work/launch.json" 'd["instance_id"]')" >"$work/exec-instances.json"
    same "instance state seen through exec" "$(json "$work/exec-instances.json" 'd["Reservations"][0]["Instances"][0]["State"]["Name"]')" running
}

credentials_step() {
    # credential_process as README documents it, in a throwaway copy of the AWS config (yours is never written).
    local config="$work/credentials-config"
    cat "${AWS_CONFIG_FILE:-$HOME/.aws/config}" >"$config" 2>/dev/null || true
    local profile_region=${region:-$(aws configure get region --profile "$source_profile" 2>/dev/null || true)}
    printf '\n[profile acceptance-role]\nregion = %s\ncredential_process = %s credentials --source-profile %s --role-arn %s --state %s %s\n' \
        "${profile_region:-us-east-1}" "$cli" "$source_profile" "$(role_arn)" "$state" "${common[*]}" >>"$config"
    AWS_CONFIG_FILE="$config" aws sts get-caller-identity --profile acceptance-role "${aws_region[@]}" --output json | tee "$work/process-identity.json"
    like "credential_process identity" "$(json "$work/process-identity.json" 'd["Arn"]')" "*:assumed-role/$role_name/*"
    # --format env, for eval; the secrets stay in this subshell (only the identity is kept).
    (eval "$(ar credentials --source-profile "$source_profile" --format env)" && aws sts get-caller-identity --output json) >"$work/env-identity.json"
    like "--format env identity" "$(json "$work/env-identity.json" 'd["Arn"]')" "*:assumed-role/$role_name/*"
}

scoped_role() {
    ar create-role --auto-approve --output json --role-name "$role_name" --scope managed-instances \
        --source-profile "$source_profile" --destination-profile "$destination_profile" | tee "$work/scoped.json"
    same "create-role --scope managed-instances changed the role" "$(json "$work/scoped.json" 'd["changed"]')" True
}

scoped_launch() {
    # One more instance through the scoped policy: RunInstances with our tags, the wait, the owner check.
    ar launch-instance --auto-approve --output json --count 2 --role-arn "$(role_arn)" \
        --source-profile "$source_profile" --tag "AcceptanceRun=$run_id" | tee "$work/launch2.json"
    same "instances wanted" "$(json "$work/launch2.json" 'len(d["instance_ids"])')" 2
    same "instances launched by this run" "$(json "$work/launch2.json" 'len(d["launched"])')" 1
}

teardown_step() {
    ar teardown --auto-approve --output json --role-name "$role_name" \
        --source-profile "$source_profile" --destination-profile "$destination_profile" | tee "$work/teardown.json"
    touch "$work/torn-down"
    same "role deleted" "$(json "$work/teardown.json" 'd["role_deleted"]')" True
    same "instances terminated" "$(json "$work/teardown.json" 'len(d["terminated"])')" \
        "$( ([ -f "$work/launch2.json" ] && echo 2) || ([ -f "$work/launch.json" ] && echo 1) || echo 0)"
}

nothing_left() {
    # As the destination account's own identity sees it, not the tool.
    if aws iam get-role --profile "$destination_profile" "${aws_region[@]}" --role-name "$role_name" >/dev/null 2>"$work/get-role.err"; then
        echo "role $role_name still exists" >&2; return 1
    fi
    grep -q NoSuchEntity "$work/get-role.err" || { cat "$work/get-role.err" >&2; return 1; }
    aws ec2 describe-instances --profile "$destination_profile" "${aws_region[@]}" --output json \
        --filters "Name=tag:AcceptanceRun,Values=$run_id" "Name=instance-state-name,Values=pending,running,stopping,stopped" >"$work/left.json"
    same "instances of this run still alive" "$(json "$work/left.json" 'sum(len(r["Instances"]) for r in d["Reservations"])')" 0
}

echo "acceptance: run $run_id, role $role_name, with $("$cli" --version)" >&2
step preflight preflight
if ! $failed; then
    started=true
    step create-role create_role
    # Later steps need the role and the instance; a failure skips them, the teardown still runs.
    if ! $failed; then step launch-instance launch_instance; fi
    if ! $failed; then
        step status status_step
        step exec exec_step
        step credentials credentials_step
        if $sandbox; then
            # moto checks EC2 permissions by action against Resource "*" only, so the scoped policy's resource-level
            # and tag-conditioned grants cannot pass there; tests/policy-simulation judges that policy instead.
            skip scoped-create-role "moto cannot evaluate resource-level EC2 policies (see tests/policy-simulation)"
            skip scoped-launch "as above"
        else
            step scoped-create-role scoped_role
            $failed || step scoped-launch scoped_launch
        fi
    fi
    step teardown teardown_step
    if [ -f "$work/torn-down" ]; then torn_down=true; step nothing-left nothing_left; fi
fi

# --- the table ------------------------------------------------------------------------------------------------------
{
    printf '\n%-20s %-6s %8s %9s  %s\n' STEP RESULT SECONDS REQUESTS "AWS CALLS (the tool's --verbose trace)"
    for row in "${results[@]}"; do
        IFS='|' read -r name result seconds requests calls <<<"$row"
        printf '%-20s %-6s %8s %9s  %s\n' "$name" "$result" "$seconds" "$requests" "${calls:--}"
    done
} >&2
if $failed; then
    echo "acceptance: ${red}FAILED${plain} (run $run_id)" >&2
    exit 1
fi
echo "acceptance: ${green}all steps passed${plain} (run $run_id)" >&2
