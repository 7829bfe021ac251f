#!/usr/bin/env bash
# Issue 20's benchmark: the tutorial across an organization's member accounts, on the moto sandbox.
#   bash bench/organization.sh > bench/results-organization-$(date +%F).md   (the report on stdout, progress on stderr)
# (a) assumerole: create-role --destination-accounts all, launch-instance, status, teardown, for organizations of
#     1, 10 and 100 member accounts; (d) the peer: the tutorial's Terraform with one provider alias per account, for
#     10 and 30 accounts. Wall time and AWS requests per command, peak RSS (the largest process, and for Terraform
#     the sum over its process tree), plain and with a fixed delay on every AWS call. See bench/README.md.
# Settings (environment): ORG_SIZES="1 10 100" (organizations, member accounts each), ORG_RUNS=3 (workflows per size
# and latency for assumerole), ORG_TF_COUNTS="10 30" (accounts for Terraform; each must fit in an organization),
# ORG_SKIP=assumerole,terraform,latency (any of them, comma-separated), ORG_PARALLEL=N (passes --parallel N to
# assumerole; its default otherwise), BENCH_LATENCY_MS=100, ASSUMEROLE_BIN=path, TF_PLUGIN_DIR=dir.
# Never reads or writes your ~/.aws: every tool runs with HOME and all AWS settings in a throwaway directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$repo/bench"
runs=${ORG_RUNS:-3}
skip=",${ORG_SKIP:-},"
latency_ms=${BENCH_LATENCY_MS:-100}
read -r -a sizes <<<"${ORG_SIZES:-1 10 100}"
read -r -a tf_counts <<<"${ORG_TF_COUNTS:-10 30}"
parallel=${ORG_PARALLEL:-}
source "$bench/lib.sh"
skipped() { [[ $skip == *",$1,"* ]]; }

[[ $runs =~ ^[1-9][0-9]*$ ]] || fail "ORG_RUNS must be a positive integer, not '$runs'"
[[ $latency_ms =~ ^[0-9]+$ ]] || fail "BENCH_LATENCY_MS must be a whole number of milliseconds, not '$latency_ms'"
[[ -z $parallel || $parallel =~ ^[1-9][0-9]*$ ]] || fail "ORG_PARALLEL must be a positive integer, not '$parallel'"
[ "${#sizes[@]}" -gt 0 ] || fail "ORG_SIZES is empty"
largest_size=0
for n in "${sizes[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || fail "ORG_SIZES must be positive integers, not '$n'"
    ((n > largest_size)) && largest_size=$n
done
if skipped terraform; then tf_counts=(); fi
for n in "${tf_counts[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || fail "ORG_TF_COUNTS must be positive integers, not '$n'"
    ((n <= largest_size)) || fail "ORG_TF_COUNTS has $n accounts but the largest organization (ORG_SIZES) has $largest_size"
done

# ---------------------------------------------------------------------------------------------- prerequisites
need_sandbox_tools
[ "${#tf_counts[@]}" -eq 0 ] || find_terraform_plugins
parallel_args=()
if ! skipped assumerole; then
    assumerole_binary
    # The feature (issue 20) may not be in this binary yet: say so in one line, before minutes of set-up.
    "$cli" create-role --help 2>&1 | grep -q -- '--destination-accounts' ||
        fail "$cli has no 'create-role --destination-accounts' (issue 20, many accounts): use a build that has it, or ORG_SKIP=assumerole"
    [ -z "$parallel" ] || parallel_args=(--parallel "$parallel")
fi

# --------------------------------------------------------------------------------------------------- the sandbox
say "Start moto; set up organizations of ${sizes[*]} member accounts (not timed with the tools)"
start_moto
setup_start=$EPOCHREALTIME
python3 "$bench/organization_sandbox.py" --endpoint "$moto" --out "$work/orgs" --sizes "$(IFS=,; echo "${sizes[*]}")" \
    --enable-auth >"$work/setup.json"
setup_seconds=$(awk -v a="$setup_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
moto_rss_kb=$(ps -o rss= --sid "$moto_pid" | awk '{ s += $1 } END { print s + 0 }')
say "Set-up took ${setup_seconds} s; moto holds $((moto_rss_kb / 1024)) MiB"

start_proxy 0ms 0
phases=(0ms)
if ! skipped latency; then start_proxy "${latency_ms}ms" "$latency_ms"; phases+=("${latency_ms}ms"); fi

isolate_environment
mkdir -p "$work/runs"
: >"$work/steps.tsv"
: >"$work/operations.log"
use_organization() { # size latency: the organization's profiles, reached through that latency's proxy
    local dir="$work/orgs/org-$1"
    export AWS_SHARED_CREDENTIALS_FILE="$dir/credentials" AWS_CONFIG_FILE="$dir/config" \
        AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$work/proxy-$2.port")"
    requests_log="$work/requests-$2.log"
}
members() { # size: the organization's member account ids, comma-separated
    python3 -c 'import json, sys; print(",".join(json.load(open(sys.argv[1]))["members"]))' "$work/orgs/org-$1/organization.json"
}

# step LABEL COMMAND...: runs it under bench/tree_rss.py, counting the requests the proxy saw meanwhile. One row
# per step in steps.tsv (phase tool size run step start end tree_rss_kb tree_pss_kb processes largest_rss_kb
# cpu_seconds requests), its requests in operations.log. A failing command ends the benchmark, except for
# Terraform (tool d): there it returns 1 and the report says where Terraform stopped.
step() {
    local label=$1 before after start end out
    out="$work/runs/$phase.$tool.$size.$run.$label.out"
    shift
    before=$(wc -l <"$requests_log")
    start=$EPOCHREALTIME
    if ! python3 "$bench/tree_rss.py" --result "$work/usage" -- "$@" >"$out" 2>&1; then
        tail -n 30 "$out" >&2
        if [ "$tool" = d ]; then
            printf '%s accounts, %s added: terraform %s failed after %.0f s: %s\n' "$size" "$phase" "$label" \
                "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" \
                "$(grep -m 1 -E '^Error|[Kk]illed|out of memory' "$out" || tail -n 1 "$out")" >>"$tf_notes"
            say "Terraform failed: $(tail -n 1 "$tf_notes") (the lines above are its output)"
            return 1
        fi
        fail "$phase $tool size $size run $run: '$label' failed (the lines above are its output)"
    fi
    after=$(wc -l <"$requests_log")
    local tree_rss tree_pss processes largest cpu _status wall
    read -r tree_rss tree_pss processes largest cpu _status wall <"$work/usage"
    end=$(awk -v a="$start" -v w="$wall" 'BEGIN { printf "%.6f", a + w }') # the command's own wall, not the sampler's start-up
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$tool" "$size" "$run" "$label" "$start" "$end" \
        "$tree_rss" "$tree_pss" "$processes" "$largest" "$cpu" "$((after - before))" >>"$work/steps.tsv"
    sed -n "$((before + 1)),${after}p" "$requests_log" | sed "s/^/$phase $tool $size $run $label /" >>"$work/operations.log"
}

# --------------------------------------------------------------------------------------- (d) Terraform, the peer
# For N accounts: the smallest organization that has N members, its first N. Not enough free memory for one
# provider process per alias: the count is skipped and the report says why.
tf_notes="$work/terraform-notes.txt"
: >"$tf_notes"
terraform_workflow() { # size run: apply role, apply instance, destroy instance, destroy role
    local dir="$work/terraform-$size" role="bench-org-tf-$phase-$2" status=0
    cd "$dir/role"
    step role-apply terraform apply -auto-approve -no-color -var "role_name=$role" &&
        cd "$dir/instance" &&
        step instance-apply terraform apply -auto-approve -no-color -var "role_name=$role" &&
        step instance-destroy terraform destroy -auto-approve -no-color -var "role_name=$role" &&
        cd "$dir/role" &&
        step role-destroy terraform destroy -auto-approve -no-color -var "role_name=$role" || status=1
    cd "$work"
    return "$status"
}
if [ "${#tf_counts[@]}" -gt 0 ]; then
    # The provider binary (~700 MB) read once, so the first timed run does not pay for the disk.
    find "$tf_plugin_dir/registry.terraform.io/hashicorp/aws" -name 'terraform-provider-aws_*' -exec cat {} + >/dev/null
    pss_per_process_kb=300000 # a first guess; then what the previous count measured
    for count in "${tf_counts[@]}"; do
        org=
        for n in "${sizes[@]}"; do
            if ((n >= count)) && { [ -z "$org" ] || ((n < org)); }; then org=$n; fi
        done
        available_kb=$(awk '/^MemAvailable:/{ print $2 }' /proc/meminfo)
        needed_kb=$(((count + 2) * pss_per_process_kb))
        if ((needed_kb > available_kb * 8 / 10)); then
            printf '%s accounts: not run: %s providers at ~%s MiB each need ~%s MiB, and %s MiB are available (80%% of it is the limit here)\n' \
                "$count" "$((count + 1))" "$((pss_per_process_kb / 1024))" "$((needed_kb / 1024))" "$((available_kb / 1024))" >>"$tf_notes"
            say "Terraform, $count accounts: skipped, not enough memory (see the report)"
            continue
        fi
        size=$count tool=d phase=init run=1
        use_organization "$org" 0ms
        python3 "$bench/organization_terraform.py" --accounts "$(members "$org" | cut -d, -f1-"$count")" --out "$work/terraform-$count"
        say "Terraform, $count accounts (organization of $org): init (timed once, apart)"
        for config in role instance; do
            cd "$work/terraform-$count/$config"
            step "init-$config" terraform init -no-color -plugin-dir="$tf_plugin_dir" || break 2
        done
        cd "$work"
        for phase in "${phases[@]}"; do
            say "Terraform, $count accounts, added latency $phase: apply and destroy"
            use_organization "$org" "$phase"
            terraform_workflow "$count" 1 || break 2 # a larger count would fail too
        done
        pss_per_process_kb=$(awk -F'\t' -v n="$count" '$2 == "d" && $3 == n && $1 != "init" && $10 > 0 { v = $9 / $10; if (v > m) m = v }
            END { printf "%d", m }' "$work/steps.tsv")
        ((pss_per_process_kb > 0)) || pss_per_process_kb=300000
    done
fi

# ---------------------------------------------------------------------------------------------- (a) assumerole
assumerole_workflow() { # size run
    local role="bench-org-$phase-$1-$2"
    mkdir -p "$work/runs/$phase.a.$1.$2.d" && cd "$work/runs/$phase.a.$1.$2.d"
    step create-role "$cli" create-role --destination-accounts all --auto-approve --role-name "$role" "${parallel_args[@]}"
    step launch-instance "$cli" launch-instance --auto-approve "${parallel_args[@]}"
    step status "$cli" status "${parallel_args[@]}"
    step teardown "$cli" teardown --auto-approve "${parallel_args[@]}"
    cd "$work"
}
if ! skipped assumerole; then
    tool=a
    say "assumerole: one untimed workflow in the organization of ${sizes[0]} (the OS caches the binary)"
    phase=warm size=${sizes[0]} run=1
    use_organization "$size" 0ms
    assumerole_workflow "$size" 1
    for phase in "${phases[@]}"; do
        for run in $(seq 1 "$runs"); do
            for size in "${sizes[@]}"; do
                say "assumerole, added latency $phase: run $run/$runs, $size accounts"
                use_organization "$size" "$phase"
                assumerole_workflow "$size" "$run"
            done
        done
    done
fi

# ------------------------------------------------------------------------------------------------------ the report
say "Report"
versions="$work/versions.tsv"
{
    machine_lines
    if ! skipped assumerole; then assumerole_version_line; fi
    printf 'moto\t%s\n' "$("$python_bin" -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
    if [ "${#tf_counts[@]}" -gt 0 ]; then printf 'terraform\t%s\n' "$(terraform version | head -n 2 | tr '\n' ' ')"; fi
    printf 'settings\tsizes=%s runs=%s terraform=%s latency=%sms skip=%s parallel=%s\n' "${sizes[*]}" "$runs" \
        "${tf_counts[*]:-none}" "$latency_ms" "${ORG_SKIP:-none}" "${parallel:-default}"
    printf 'setup\t%s s for organizations of %s member accounts (%s); moto then held %s MiB\n' "$setup_seconds" \
        "${sizes[*]}" "$("$python_bin" -c 'import json, sys; print(", ".join("%s: %s s" % (o["size"], o["seconds"]) for o in json.load(open(sys.argv[1]))["organizations"]))' "$work/setup.json")" \
        "$((moto_rss_kb / 1024))"
} >"$versions"
"$python_bin" "$bench/summarize_organization.py" --steps "$work/steps.tsv" --operations "$work/operations.log" \
    --versions "$versions" --terraform-notes "$tf_notes"
