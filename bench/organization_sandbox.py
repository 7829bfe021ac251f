#!/usr/bin/env python3
"""Organizations on an already-running moto server, for bench/organization.sh (issue 20's benchmark).

    python3 bench/organization_sandbox.py --endpoint URL --out DIR --sizes 1,10,100 [--enable-auth]

Must run BEFORE moto's auth is switched on. Makes, with scripts/moto_sandbox.py's helpers:
  * ONE SOURCE account, in no organization: user "source-user" that may only call sts:AssumeRole and
    sts:GetCallerIdentity (the tutorial's source), one access key;
  * per size N, ONE ORGANIZATION: a fresh management account with user "management-admin" (inline "*:*", one
    access key: the destination profile), CreateOrganization, then N member accounts by CreateAccount. moto gives
    each member an OrganizationAccountAccessRole trusting the management account, with no policy: this attaches
    AdministratorAccess to it (assumed from the management account, as a person would), and makes one EC2 call in
    each member, so that moto builds the account's EC2 world (images, default VPC) now and not in a timed run.
Writes DIR/org-N/{credentials, config, organization.json}; the credentials file has the profiles [source] and
[destination]; organization.json (no secret) names the management account, the members and the source account.
Prints one JSON line on stdout: seconds per organization, no secret. --enable-auth finally calls
/moto-api/reset-auth so moto checks signatures and IAM policies from then on.
"""
import argparse
import concurrent.futures
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
# moto_sandbox keeps the caller's AWS settings out (on import) and knows how to make a user with a key.
from moto_sandbox import (ADMIN_POLICY, SOURCE_POLICY, client, enable_auth, new_account_id, profile,  # noqa: E402
                          user_with_key, write_private)

ACCESS_ROLE = "OrganizationAccountAccessRole"
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


def keys_of(key_id, secret, token=None):
    keys = {"aws_access_key_id": key_id, "aws_secret_access_key": secret}
    if token:
        keys["aws_session_token"] = token
    return keys


def prepare_member(args, management_keys, member):
    """AdministratorAccess on the member's OrganizationAccountAccessRole, and its EC2 world built."""
    sts = client("sts", args, management_keys)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{member}:role/{ACCESS_ROLE}",
                            RoleSessionName="bench-setup")["Credentials"]
    role_keys = keys_of(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    client("iam", args, role_keys).attach_role_policy(RoleName=ACCESS_ROLE, PolicyArn=ADMINISTRATOR_ACCESS)
    client("ec2", args, role_keys).describe_instances()


def make_organization(args, bootstrap_sts, used, size, source):
    started = time.monotonic()
    source_account, _, source_key, source_secret = source
    management = new_account_id(used)
    _, key_id, secret = user_with_key(args, bootstrap_sts, management, "management-admin", ADMIN_POLICY)
    management_keys = keys_of(key_id, secret)
    organizations = client("organizations", args, management_keys)
    organizations.create_organization(FeatureSet="ALL")
    for i in range(1, size + 1):
        status = organizations.create_account(AccountName=f"member-{size}-{i}",
                                              Email=f"member-{size}-{i}@example.com")["CreateAccountStatus"]
        if status["State"] != "SUCCEEDED":
            sys.exit(f"CreateAccount {i} of {size}: {status['State']}")
    members = []
    for page in organizations.get_paginator("list_accounts").paginate():
        members += [a["Id"] for a in page["Accounts"] if a["Id"] != management]
    if len(members) != size:
        sys.exit(f"organization of {size}: ListAccounts shows {len(members)} members")
    used.update(members)
    # moto serves one request at a time per core; a few threads only overlap the client's own work with it.
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(lambda m: prepare_member(args, management_keys, m), members))

    directory = os.path.join(args.out, f"org-{size}")
    os.makedirs(directory, exist_ok=True)
    write_private(os.path.join(directory, "credentials"),
                  profile("source", source_key, source_secret) + "\n" + profile("destination", key_id, secret))
    with open(os.path.join(directory, "config"), "w") as f:
        f.write(f"[profile source]\nregion = {args.region}\n\n[profile destination]\nregion = {args.region}\n")
    with open(os.path.join(directory, "organization.json"), "w") as f:
        json.dump({"size": size, "management_account": management, "members": members,
                   "source_account": source_account, "region": args.region, "endpoint": args.endpoint}, f, indent=2)
    return {"size": size, "dir": os.path.abspath(directory), "seconds": round(time.monotonic() - started, 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--out", required=True, help="output directory (org-N/ subdirectories are created)")
    parser.add_argument("--sizes", default="1,10,100", help="member accounts per organization, comma-separated")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--threads", type=int, default=4, help="members prepared at once")
    parser.add_argument("--enable-auth", action="store_true", help="call /moto-api/reset-auth at the end")
    args = parser.parse_args()
    args.endpoint = args.endpoint.rstrip("/")
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated whole numbers, not '{args.sizes}'")
    if not sizes or min(sizes) < 1 or len(set(sizes)) != len(sizes):
        parser.error(f"--sizes must be distinct numbers >= 1, not '{args.sizes}'")

    started = time.monotonic()
    # Unknown access keys land in moto's default account, from where AssumeRole reaches any account.
    bootstrap_sts = client("sts", args, keys_of("bootstrap", "bootstrap"))
    used = set()
    source_account = new_account_id(used)
    source = (source_account, *user_with_key(args, bootstrap_sts, source_account, "source-user", SOURCE_POLICY))
    organizations = [make_organization(args, bootstrap_sts, used, size, source) for size in sizes]

    if args.enable_auth:
        enable_auth(args.endpoint)
    print(json.dumps({"endpoint": args.endpoint, "region": args.region, "auth_enabled": args.enable_auth,
                      "seconds": round(time.monotonic() - started, 2), "organizations": organizations}))


if __name__ == "__main__":
    main()
