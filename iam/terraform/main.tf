# gatecheck's read-only role in one account, assumable only from the hub principal with the external id: the same
# role as ../gatecheck-member-role.cfn.json. Its policy is ../gatecheck-readonly.json itself, read at plan time, so
# the policy has one source. IAM is global: apply this once per account, not per region.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "GatecheckHubWithExternalId"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [var.gatecheck_principal_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

resource "aws_iam_role" "gatecheck_readonly" {
  name                 = var.role_name
  description          = "gatecheck reads API Gateway, its logs and metrics to explain 403s"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy" "gatecheck_readonly" {
  name   = "gatecheck-readonly"
  role   = aws_iam_role.gatecheck_readonly.id
  policy = jsonencode(jsondecode(file("${path.module}/../gatecheck-readonly.json")))
}
