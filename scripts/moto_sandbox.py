#!/usr/bin/env python3
"""Bootstrap two-account "worlds" on an already-running moto server.

    python3 scripts/moto_sandbox.py --endpoint URL --out DIR [--worlds N] [--region us-east-1] [--enable-auth]

Must run BEFORE moto's auth is switched on. Accounts are random 12-digit ids (moto creates an account
on first AssumeRole into it), never moto's default 123456789012:
  * ONE SOURCE account for the whole run, shared by every world: user "source-user", inline policy
    allowing only sts:AssumeRole and sts:GetCallerIdentity, with one access key (the same in every world);
  * per world i, a fresh DESTINATION account: user "destination-admin", inline policy "*:*", with an access key.
Sharing the source account halves the bootstrap: every new moto account loads ~1500 managed policies
(per partition), which dominates the cost. The source user can only assume roles and ask who it is, so
sharing it leaks nothing between worlds; everything a test creates lives in its own destination account.
Writes DIR/world-i/{credentials, credentials-no-destination, config, world.json}.
Secrets only go into the credentials files; world.json and stdout carry none.
--enable-auth finally calls /moto-api/reset-auth so moto checks signatures and IAM policies.
"""
import argparse
import json
import os
import secrets
import sys
import time
import urllib.request

# Keep the caller's AWS profile/config out of the bootstrap: explicit keys only.
for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
    os.environ.pop(var, None)
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import boto3  # noqa: E402  (after the environment clean-up on purpose)

MOTO_DEFAULT_ACCOUNT = "123456789012"
SOURCE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:GetCallerIdentity"], "Resource": "*"}],
}
ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def client(service, args, keys):
    return boto3.client(service, endpoint_url=args.endpoint, region_name=args.region, **keys)


def new_account_id(used):
    while True:
        account = str(100_000_000_000 + secrets.randbelow(900_000_000_000))
        if account != MOTO_DEFAULT_ACCOUNT and account not in used:
            used.add(account)
            return account


def user_with_key(args, bootstrap_sts, account, user_name, policy):
    """Create user_name with an inline policy and an access key inside `account`."""
    creds = bootstrap_sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/moto-sandbox-bootstrap", RoleSessionName="moto-sandbox"
    )["Credentials"]
    iam = client("iam", args, {
        "aws_access_key_id": creds["AccessKeyId"],
        "aws_secret_access_key": creds["SecretAccessKey"],
        "aws_session_token": creds["SessionToken"],
    })
    arn = iam.create_user(UserName=user_name)["User"]["Arn"]
    if f":{account}:" not in arn:
        sys.exit(f"moto created {arn} outside account {account}; is MOTO_ACCOUNT_ID set on the server?")
    iam.put_user_policy(UserName=user_name, PolicyName=f"{user_name}-inline", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    return arn, key["AccessKeyId"], key["SecretAccessKey"]


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def profile(name, key_id, secret):
    return f"[{name}]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"


def enable_auth(endpoint):
    """From now on moto checks signatures, keys and IAM policies (its reset-auth with 0 requests left unchecked)."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def make_world(args, bootstrap_sts, used, index, source):
    """World `index`: the shared `source` (account, arn, key id, secret) plus a fresh destination account."""
    source_account, source_arn, source_key, source_secret = source
    destination_account = new_account_id(used)
    admin_arn, admin_key, admin_secret = user_with_key(
        args, bootstrap_sts, destination_account, "destination-admin", ADMIN_POLICY)

    directory = os.path.join(args.out, f"world-{index}")
    os.makedirs(directory, exist_ok=True)
    source = profile("source", source_key, source_secret)
    write_private(os.path.join(directory, "credentials"),
                  source + "\n" + profile("destination", admin_key, admin_secret))
    write_private(os.path.join(directory, "credentials-no-destination"), source)
    with open(os.path.join(directory, "config"), "w") as f:
        f.write(f"[profile source]\nregion = {args.region}\n\n[profile destination]\nregion = {args.region}\n")
    world = {
        "source_account": source_account,
        "destination_account": destination_account,
        "source_user_arn": source_arn,
        "destination_admin_arn": admin_arn,
        "region": args.region,
        "endpoint": args.endpoint,
    }
    with open(os.path.join(directory, "world.json"), "w") as f:
        json.dump(world, f, indent=2)
    return {"world": index, "dir": os.path.abspath(directory),
            "source_account": source_account, "destination_account": destination_account}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--out", required=True, help="output directory (world-N/ subdirectories are created)")
    parser.add_argument("--worlds", type=int, default=1)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--enable-auth", action="store_true", help="call /moto-api/reset-auth at the end")
    args = parser.parse_args()
    args.endpoint = args.endpoint.rstrip("/")
    if args.worlds < 1:
        parser.error("--worlds must be >= 1")

    started = time.monotonic()
    # Unknown access keys land in moto's default account, from where AssumeRole reaches any account.
    bootstrap_sts = client("sts", args, {"aws_access_key_id": "bootstrap", "aws_secret_access_key": "bootstrap"})
    used = set()
    source_account = new_account_id(used)
    source = (source_account, *user_with_key(args, bootstrap_sts, source_account, "source-user", SOURCE_POLICY))
    worlds = [make_world(args, bootstrap_sts, used, i, source) for i in range(1, args.worlds + 1)]

    if args.enable_auth:
        enable_auth(args.endpoint)

    print(json.dumps({"endpoint": args.endpoint, "region": args.region, "auth_enabled": args.enable_auth,
                      "seconds": round(time.monotonic() - started, 2), "worlds": worlds}))


if __name__ == "__main__":
    main()
