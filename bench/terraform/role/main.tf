# HashiCorp's tutorial "Use AssumeRole to provision AWS resources across accounts", first configuration
# (hashicorp/learn-terraform-aws-assume-role-iam), as written except: the region and role name are variables
# (the sandbox is us-east-1; every benchmark run uses a fresh role name), and the policy is attached with
# aws_iam_role_policy_attachment instead of the deprecated managed_policy_arns.
# The provider reaches the sandbox through AWS_ENDPOINT_URL; nothing here knows it is not AWS.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "role_name" {
  type    = string
  default = "assume_role"
}

provider "aws" {
  alias   = "source"
  profile = "source"
  region  = var.region
}

provider "aws" {
  alias   = "destination"
  profile = "destination"
  region  = var.region
}

data "aws_caller_identity" "source" {
  provider = aws.source
}

data "aws_iam_policy" "ec2" {
  provider = aws.destination
  name     = "AmazonEC2FullAccess"
}

data "aws_iam_policy_document" "assume_role" {
  provider = aws.destination
  statement {
    actions = [
      "sts:AssumeRole",
      "sts:TagSession",
      "sts:SetSourceIdentity"
    ]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.source.account_id}:root"]
    }
  }
}

resource "aws_iam_role" "assume_role" {
  provider           = aws.destination
  name               = var.role_name
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = {}
}

resource "aws_iam_role_policy_attachment" "ec2" {
  provider   = aws.destination
  role       = aws_iam_role.assume_role.name
  policy_arn = data.aws_iam_policy.ec2.arn
}

output "role_arn" {
  value = aws_iam_role.assume_role.arn
}
