#!/usr/bin/env python3
"""The tutorial's whole workflow as ONE boto3 script: what a Python programmer would write instead of assumerole.

    python3 bench/tutorial_boto3.py --role-name NAME

Profiles `source` and `destination` come from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, the endpoint from
AWS_ENDPOINT_URL, exactly as for the other tools. Prints the role ARN and instance id; never a secret.
"""
import argparse
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

CANONICAL = "099720109477"
IMAGE_NAME = "ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-amd64-server-*"
EC2_FULL_ACCESS = "arn:{partition}:iam::aws:policy/AmazonEC2FullAccess"
ASSUME_ROLE_PATIENCE_SECONDS = 60


def trust_policy(source_account):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{source_account}:root"},
            "Action": "sts:AssumeRole",
        }],
    })


def assume_role(sts, role_arn):
    """AssumeRole, retrying AccessDenied for a while: a new role takes time to propagate in real IAM."""
    deadline = time.monotonic() + ASSUME_ROLE_PATIENCE_SECONDS
    delay = 1.0
    while True:
        try:
            return sts.assume_role(RoleArn=role_arn, RoleSessionName="tutorial-boto3")["Credentials"]
        except ClientError as error:
            if error.response["Error"]["Code"] != "AccessDenied" or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 8.0)


def newest_ubuntu(ec2):
    images = ec2.describe_images(Owners=[CANONICAL], Filters=[
        {"Name": "name", "Values": [IMAGE_NAME]},
        {"Name": "virtualization-type", "Values": ["hvm"]},
    ])["Images"]
    if not images:
        sys.exit("no Canonical Ubuntu image found")
    return max(images, key=lambda image: image.get("CreationDate") or "")["ImageId"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role-name", required=True)
    args = parser.parse_args()

    source = boto3.Session(profile_name="source")
    destination = boto3.Session(profile_name="destination")
    source_sts = source.client("sts")
    iam = destination.client("iam")

    # create-role
    caller = source_sts.get_caller_identity()
    partition = caller["Arn"].split(":")[1]
    role_arn = iam.create_role(RoleName=args.role_name,
                               AssumeRolePolicyDocument=trust_policy(caller["Account"]))["Role"]["Arn"]
    policy_arn = EC2_FULL_ACCESS.format(partition=partition)
    iam.attach_role_policy(RoleName=args.role_name, PolicyArn=policy_arn)
    print(f'role_arn = "{role_arn}"')

    # launch-instance, with the source profile's credentials only
    credentials = assume_role(source_sts, role_arn)
    ec2 = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=source.region_name,
    ).client("ec2")
    instance_id = ec2.run_instances(
        ImageId=newest_ubuntu(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": args.role_name}]}],
    )["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id])
    print(f'instance_id = "{instance_id}"')

    # teardown
    ec2.terminate_instances(InstanceIds=[instance_id])
    ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance_id])
    iam.detach_role_policy(RoleName=args.role_name, PolicyArn=policy_arn)
    iam.delete_role(RoleName=args.role_name)
    print("Destroy complete! Resources: 2 destroyed.")


if __name__ == "__main__":
    main()
