output "role_arn" {
  description = "roleArn for this account in gatecheck.config.json"
  value       = aws_iam_role.gatecheck_readonly.arn
}
