#!/usr/bin/env bash
# The whole tutorial, on this machine, with two simulated AWS accounts (moto), in one command:
#   create-role -> (destination profile commented out) -> launch-instance -> proof -> teardown.
# Nothing of your own ~/.aws is read or written: every AWS setting points into a throwaway directory.
# Needs: the .NET SDK and curl; scripts/prerequisites.sh (run first) finds moto_server and a python3 with boto3, or
# installs the pinned moto into ${XDG_CACHE_HOME:-~/.cache}/assumerole/moto, or says once what to install.
# ASSUMEROLE_BIN=path/to/assumerole runs a binary built already (e.g. the Native AOT publish) instead of building.
#   bash scripts/demo.sh --organization [N]   the tutorial across an organization of N member accounts (default 3):
#   create-role --destination-accounts all -> launch-instance -> proof -> status -> teardown (README, Many accounts).
set -euo pipefail

members=0
case "${1:-}" in
    "") ;;
    --organization)
        members=${2:-3}
        [[ $members =~ ^[1-9][0-9]?$ ]] || { echo "demo: --organization takes a number of member accounts from 1 to 99, not '$members'" >&2; exit 2; }
        [ "$#" -le 2 ] || { echo "demo: unexpected argument '$3' (usage: bash scripts/demo.sh [--organization N])" >&2; exit 2; }
        ;;
    *) echo "demo: unknown argument '$1' (usage: bash scripts/demo.sh [--organization N])" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/assumerole-demo.XXXXXX")
moto_pid=""

cleanup() {
    local status=$?
    if [ -n "$moto_pid" ]; then kill -- "-$moto_pid" 2>/dev/null || kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then echo "demo: FAILED (exit $status)" >&2; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -t 2 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain" >&2; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }

for tool in dotnet curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "demo: '$tool' is not on PATH" >&2; exit 1; }
done
bash "$repo/scripts/prerequisites.sh" --quiet
# MOTO_SERVER and PYTHON3 (a python3 that imports boto3), as the prerequisite script found or installed them.
# shellcheck source=/dev/null
. "$repo/artifacts/prerequisites.env"
python3() { "$PYTHON3" "$@"; }

if [ -n "${ASSUMEROLE_BIN:-}" ]; then
    # A binary built already, e.g. CI's Native AOT publish: the shipped form.
    cli=$(cd "$(dirname "$ASSUMEROLE_BIN")" && pwd)/$(basename "$ASSUMEROLE_BIN")
    [ -x "$cli" ] || { echo "demo: ASSUMEROLE_BIN=$ASSUMEROLE_BIN is not an executable" >&2; exit 1; }
    say "Use the CLI at $cli"
else
    say "Build the CLI"
    # The build's own report (warnings, "Build succeeded", timings) only when it fails: the tutorial stays readable.
    printf '$ %s\n' "dotnet build src/AssumeRoleCli -c Release" >&2
    dotnet build "$repo/src/AssumeRoleCli" -c Release -o "$work/bin" --nologo -v quiet >"$work/build.log" 2>&1 \
        || { cat "$work/build.log" >&2; exit 1; }
    cli="$work/bin/assumerole"
fi

say "Start moto (IAM, STS and EC2 on one loopback port)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint="http://127.0.0.1:$port"
# moto must not see a profile or a forced account of its own (it uses botocore internally). setsid gives it a
# process group of its own, so cleanup ends the whole tree (moto_server is often a pyenv shim around python).
setsid env -u MOTO_ACCOUNT_ID -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u INITIAL_NO_AUTH_ACTION_COUNT \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null MOTO_IAM_LOAD_MANAGED_POLICIES=true \
    MOTO_ENABLE_AMI_VALIDATION=true MOTO_ENABLE_KEYPAIR_VALIDATION=true MOTO_AMIS_PATH="$repo/tests/AssumeRoleCli.Tests/Fixtures/moto-amis.json" \
    PYTHONPATH="$repo/scripts/moto-speedup${PYTHONPATH:+:$PYTHONPATH}" \
    "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 150); do
    curl -fsS "$endpoint/moto-api/" >/dev/null 2>&1 && break
    kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; exit 1; }
    sleep 0.2
done
curl -fsS "$endpoint/moto-api/" >/dev/null
echo "moto is listening on $endpoint (pid $moto_pid)" >&2

# The tool reads profiles exactly as the AWS CLI does; here they point at the throwaway files in $1 and at moto.
use_profiles_in() {
    unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION
    export HOME="$work" AWS_SHARED_CREDENTIALS_FILE="$1/credentials" AWS_CONFIG_FILE="$1/config" AWS_ENDPOINT_URL="$endpoint"
    cd "$work"
}

if [ "$members" -gt 0 ]; then
    say "Create an organization of $members member accounts, its management account's admin, and a source user outside it"
    run python3 "$repo/bench/organization_sandbox.py" --endpoint "$endpoint" --out "$work/orgs" --sizes "$members" --enable-auth >"$work/sandbox.json"
    org="$work/orgs/org-$members"
    use_profiles_in "$org"
    echo "management account $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["management_account"])' "$org/organization.json") ([destination]);" \
        "members $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["members"]))' "$org/organization.json")" >&2

    say "Step 1: the role in every member, reached through OrganizationAccountAccessRole: one plan, one approval"
    run "$cli" create-role --destination-accounts all --auto-approve

    say "Step 2: an instance in every member, with the source identity only, through each member's role"
    run "$cli" launch-instance --auto-approve

    say "Proof: each member's own account owns its instance"
    printf '$ %s\n' "$cli status --output json" >&2
    "$cli" status --output json | python3 -c '
import json, sys
for entry in json.load(sys.stdin)["accounts"]:
    live = [i for i in entry["instances"] if i["state"] in ("pending", "running")]
    for i in live:
        print(entry["account"], i["id"], i["state"], "owned by", i["account"], "launched as", i["role_arn"])
    if len(live) != 1 or live[0]["account"] != entry["account"] or live[0]["role_arn"].split(":")[4] != entry["account"]:
        sys.exit("demo: account %s does not hold its one instance through its own role" % entry["account"])' >&2

    say "Step 3: status as a table, then tear everything down in every member"
    run "$cli" status
    run "$cli" teardown --auto-approve

    say "Done: the tutorial ran across $members accounts; moto stops and $work is removed"
    exit 0
fi

say "Create two accounts: a source user that may only assume roles, and a destination admin"
run python3 "$repo/scripts/moto_sandbox.py" --endpoint "$endpoint" --out "$work/accounts" --worlds 1 --enable-auth >"$work/sandbox.json"
world="$work/accounts/world-1"
source_account=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source_account"])' "$world/world.json")
destination_account=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["destination_account"])' "$world/world.json")
echo "source account $source_account, destination account $destination_account; moto now checks signatures and IAM policies" >&2

use_profiles_in "$world"
echo "profiles in $AWS_SHARED_CREDENTIALS_FILE: $(grep -o '^\[[a-z]*\]' "$AWS_SHARED_CREDENTIALS_FILE" | tr '\n' ' ')" >&2

say "Step 1: create the role in the destination account (destination profile)"
run "$cli" create-role --auto-approve

say "Step 2: comment the destination profile out, as the tutorial does"
cp "$world/credentials" "$work/credentials.full"
python3 - "$world/credentials" <<'PY'
import sys
path = sys.argv[1]
out, commenting = [], False
for line in open(path):
    if line.startswith("["):
        commenting = line.strip() == "[destination]"
    out.append("# " + line if commenting and line.strip() else line)
open(path, "w").write("".join(out))
PY
echo "profiles left: $(grep -o '^\[[a-z]*\]' "$AWS_SHARED_CREDENTIALS_FILE" | tr '\n' ' ')" >&2

say "Step 3: launch an instance with the source profile only, through the assumed role"
instance_id=$(run "$cli" launch-instance --auto-approve --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["instance_id"])')
echo "instance_id = \"$instance_id\"" >&2

say "Proof: the destination account's own admin sees the instance in its account"
owner=$(AWS_SHARED_CREDENTIALS_FILE="$work/credentials.full" AWS_DEFAULT_REGION=us-east-1 python3 - "$endpoint" "$instance_id" <<'PY'
import sys, boto3
ec2 = boto3.Session(profile_name="destination").client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1")
reservation = ec2.describe_instances(InstanceIds=[sys.argv[2]])["Reservations"][0]
instance = reservation["Instances"][0]
print(f'{reservation["OwnerId"]} {instance["State"]["Name"]} {instance["InstanceType"]}')
PY
)
echo "owner, state, type: $owner" >&2
[ "${owner%% *}" = "$destination_account" ] || { echo "demo: the instance is not in the destination account" >&2; exit 1; }

say "Step 4: restore the destination profile; status shows what exists, changing nothing"
cp "$work/credentials.full" "$world/credentials"
run "$cli" status

say "Step 5: see what teardown would destroy (--dry-run changes nothing), then tear everything down"
printf '$ %s\n' "$cli teardown --dry-run --output json" >&2
"$cli" teardown --dry-run --output json 2>/dev/null \
    | python3 -c 'import json,sys; p=json.load(sys.stdin); print("plan as data:", p["destroy"], "to destroy:", *(c["address"] for c in p["changes"]))' >&2
run "$cli" teardown --auto-approve

say "Done: the tutorial ran end to end; moto stops and $work is removed"
