# HashiCorp's tutorial "Use AssumeRole to provision AWS resources across accounts", second configuration
# (hashicorp/learn-terraform-aws-assume-role-ec2), as written except: the region and role ARN are variables
# (the tutorial pastes the ARN in), and the image name filter is the one every tool in this benchmark uses
# (the sandbox has no Ubuntu 20.04 image; the tutorial's filter is ubuntu-focal-20.04 only).
# Only the source profile is used: the provider assumes the role and works with its temporary credentials.

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

variable "role_arn" {
  type = string
}

provider "aws" {
  region  = var.region
  profile = "source"

  assume_role {
    role_arn = var.role_arn
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd*/ubuntu-*-amd64-server-*"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }

  owners = ["099720109477"]
}

resource "aws_instance" "example" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t2.micro"
  tags = {
    Name = "learn-terraform-aws-assume-role"
  }
}

output "instance_id" {
  value = aws_instance.example.id
}
