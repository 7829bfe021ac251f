#!/usr/bin/env bash
# Finds (or installs, where it can) what the try-out and the tests need besides the .NET SDK:
#   * moto_server (moto 5.x) and a python3 that imports boto3: the ones on PATH when they work, else a virtual
#     environment of our own, ${XDG_CACHE_HOME:-~/.cache}/assumerole/moto, made with `python3 -m venv` and holding
#     the pinned moto[server] (PEP 668-safe: nothing is installed into the system's python);
#   * for the tests only (--tests): Node.js and tests/policy-simulation/node_modules (`npm ci` when missing).
# Writes what it found to artifacts/prerequisites.env (MOTO_SERVER=..., PYTHON3=...): scripts/demo.sh sources it and
# the tests' MotoServer/MotoSandbox read it. Where something cannot be had (offline, no venv module, no Node.js),
# it fails ONCE, with one message that says what to run on Debian/Ubuntu and on macOS.
# Cheap when everything is present (~0.3 s): dotnet test runs it before every test run (see the test project).
#
#   bash scripts/prerequisites.sh [--tests] [--quiet]
set -euo pipefail

readonly MOTO_PIN="moto[server]==5.2.1"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/assumerole/moto"
env_file="$repo/artifacts/prerequisites.env"
for_tests=false quiet=false
for argument in "$@"; do
    case "$argument" in
        --tests) for_tests=true ;;
        --quiet) quiet=true ;;
        *) echo "prerequisites: unknown argument '$argument' (use --tests, --quiet)" >&2; exit 2 ;;
    esac
done

note() { if ! $quiet; then echo "prerequisites: $*" >&2; fi; }
# Installs are announced even with --quiet: they take a while.
announce() { echo "prerequisites: $*" >&2; }

problems=()   # one line each: what is missing and why
debian=()     # what to run on Debian/Ubuntu
macos=()      # what to run on macOS

imports_boto3() { "$1" -c 'import boto3' >/dev/null 2>&1; }

moto_server="" python=""
# 1. What is on PATH already, if it works: moto_server, and a python3 that imports boto3.
if command -v moto_server >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 && imports_boto3 python3; then
    moto_server=$(command -v moto_server)
    python=$(command -v python3)
# 2. Our own virtual environment, from an earlier run.
elif [ -x "$venv/bin/moto_server" ] && imports_boto3 "$venv/bin/python3"; then
    moto_server="$venv/bin/moto_server"
    python="$venv/bin/python3"
# 3. Make it: python3 -m venv, then the pinned moto from PyPI.
elif ! command -v python3 >/dev/null 2>&1; then
    problems+=("python3 is not installed (moto_server and scripts/moto_sandbox.py need it)")
    debian+=("sudo apt-get install -y python3 python3-venv")
    macos+=("brew install python")
else
    announce "moto_server or boto3 not found; installing $MOTO_PIN into $venv"
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    log=$(mktemp)
    if ! python3 -m venv "$venv" >"$log" 2>&1; then
        problems+=("python3 cannot make a virtual environment ($(python3 --version 2>&1) has no working venv/ensurepip module)")
        debian+=("sudo apt-get install -y python3-venv")
        macos+=("brew install python")
        rm -rf "$venv"
    elif ! "$venv/bin/python3" -m pip install --disable-pip-version-check --no-input --quiet --retries 1 --timeout 15 \
            "$MOTO_PIN" >"$log" 2>&1; then
        problems+=("pip could not install $MOTO_PIN into $venv (offline, or PyPI unreachable): $(grep -m1 -E 'ERROR|error' "$log" || tail -n 1 "$log")")
        debian+=("(with network access to pypi.org) python3 -m venv $venv && $venv/bin/pip install '$MOTO_PIN'")
        macos+=("(with network access to pypi.org) python3 -m venv $venv && $venv/bin/pip install '$MOTO_PIN'")
        rm -rf "$venv"
    else
        moto_server="$venv/bin/moto_server"
        python="$venv/bin/python3"
        announce "installed $("$python" -c 'import moto; print("moto", moto.__version__)') in $venv"
    fi
    rm -f "$log"
fi

# The policy simulator (tests/policy-simulation), for the tests only.
simulation="$repo/tests/policy-simulation"
if $for_tests; then
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        problems+=("Node.js (node and npm, 20 or later) is not installed (the policy simulation tests need it)")
        debian+=("curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash - && sudo apt-get install -y nodejs")
        macos+=("brew install node")
    elif [ ! -d "$simulation/node_modules/@cloud-copilot/iam-simulate" ] \
            || [ "$simulation/package-lock.json" -nt "$simulation/node_modules/.package-lock.json" ]; then
        announce "installing the policy simulator: npm ci --prefix tests/policy-simulation"
        log=$(mktemp)
        if ! npm ci --prefix "$simulation" --no-audit --no-fund --loglevel=error </dev/null >"$log" 2>&1; then
            problems+=("npm ci --prefix tests/policy-simulation failed: $(grep -m1 -iE 'err' "$log" || tail -n 1 "$log")")
            debian+=("(with network access to registry.npmjs.org) npm ci --prefix tests/policy-simulation")
            macos+=("(with network access to registry.npmjs.org) npm ci --prefix tests/policy-simulation")
        fi
        rm -f "$log"
    fi
fi

if [ ${#problems[@]} -gt 0 ]; then
    rm -f "$env_file"
    {
        echo "prerequisites: MISSING, nothing was tested or run:"
        printf '  - %s\n' "${problems[@]}"
        echo "  On Debian/Ubuntu, run:"
        printf '    %s\n' "${debian[@]}"
        echo "  On macOS (Homebrew), run:"
        printf '    %s\n' "${macos[@]}"
        echo "  then run the same command again; moto goes into $venv by itself (or put moto_server and a python3 with boto3 on PATH)."
    } >&2
    exit 1
fi

mkdir -p "$(dirname "$env_file")"
# Only rewritten when it changes, so it is cheap and does not churn timestamps.
content="# Written by scripts/prerequisites.sh; read by scripts/demo.sh and the tests' MotoServer/MotoSandbox.
MOTO_SERVER=$moto_server
PYTHON3=$python"
if [ ! -f "$env_file" ] || [ "$(cat "$env_file")" != "$content" ]; then
    printf '%s\n' "$content" >"$env_file"
fi
note "moto_server $moto_server, python3 $python"
