#!/usr/bin/env bash
# The tutorial's whole workflow as AWS CLI commands: what a shell user would type instead of assumerole.
#   bash bench/tutorial_awscli.sh ROLE_NAME [REGION]
# Profiles `source` and `destination` come from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, the endpoint from
# AWS_ENDPOINT_URL, as for the other tools. The assumed role's keys live only in this shell's environment.
set -euo pipefail

role_name=${1:?usage: tutorial_awscli.sh ROLE_NAME [REGION]}
region=${2:-us-east-1}
image_filter='ubuntu/images/hvm-ssd*/ubuntu-*-amd64-server-*'

# create-role
source_arn=$(aws sts get-caller-identity --profile source --query Arn --output text)
source_account=$(cut -d: -f5 <<<"$source_arn")
partition=$(cut -d: -f2 <<<"$source_arn")
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$source_account"':root"},"Action":"sts:AssumeRole"}]}'
role_arn=$(aws iam create-role --profile destination --role-name "$role_name" \
    --assume-role-policy-document "$trust" --query Role.Arn --output text)
policy_arn="arn:$partition:iam::aws:policy/AmazonEC2FullAccess"
aws iam attach-role-policy --profile destination --role-name "$role_name" --policy-arn "$policy_arn"
echo "role_arn = \"$role_arn\""

# launch-instance, with the source profile only: AssumeRole (patient while a new role propagates)
delay=1
for attempt in 1 2 3 4 5 6; do
    if keys=$(aws sts assume-role --profile source --role-arn "$role_arn" --role-session-name tutorial-awscli \
        --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text 2>"${TMPDIR:-/tmp}/assume.$$"); then
        break
    fi
    if ! grep -q AccessDenied "${TMPDIR:-/tmp}/assume.$$" || [ "$attempt" -eq 6 ]; then
        cat "${TMPDIR:-/tmp}/assume.$$" >&2
        rm -f "${TMPDIR:-/tmp}/assume.$$"
        exit 1
    fi
    sleep "$delay"
    delay=$((delay * 2))
done
rm -f "${TMPDIR:-/tmp}/assume.$$"
read -r key secret token <<<"$keys"
as_role() {
    env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
        AWS_SESSION_TOKEN="$token" AWS_DEFAULT_REGION="$region" aws "$@"
}
# The newest image: sort by CreationDate where images have one (JMESPath cannot compare null).
ami=$(as_role ec2 describe-images --owners 099720109477 \
    --filters "Name=name,Values=$image_filter" Name=virtualization-type,Values=hvm \
    --query 'reverse(sort_by(Images, &to_string(CreationDate)))[0].ImageId' --output text)
instance_id=$(as_role ec2 run-instances --image-id "$ami" --instance-type t2.micro --count 1 \
    --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$role_name}]" \
    --query 'Instances[0].InstanceId' --output text)
as_role ec2 wait instance-running --instance-ids "$instance_id"
echo "instance_id = \"$instance_id\""

# teardown
as_role ec2 terminate-instances --instance-ids "$instance_id" >/dev/null
as_role ec2 wait instance-terminated --instance-ids "$instance_id"
aws iam detach-role-policy --profile destination --role-name "$role_name" --policy-arn "$policy_arn"
aws iam delete-role --profile destination --role-name "$role_name"
echo "Destroy complete! Resources: 2 destroyed."
