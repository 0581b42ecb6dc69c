variable "gatecheck_principal_arn" {
  description = "The hub role (or user, or account root) gatecheck runs as, e.g. arn:aws:iam::111111111111:role/gatecheck. It must exist before apply."
  type        = string

  validation {
    condition     = can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)$", var.gatecheck_principal_arn))
    error_message = "gatecheck_principal_arn must be an IAM role, user or account-root ARN."
  }
}

variable "external_id" {
  description = "The external id gatecheck sends with AssumeRole (externalId in gatecheck.config.json). Use a long random value. Marked sensitive, yet the trust policy shows it (in the plan, the state and IAM)."
  type        = string
  sensitive   = true

  validation {
    # Lengths apart: RE2 (Terraform's regex) refuses a repeat count over 1000.
    condition     = length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.external_id))
    error_message = "external_id must be 2 to 1224 characters: letters, digits and _+=,.@:/-."
  }
}

variable "role_name" {
  description = "The role's name, the same in every account (the hub may assume arn:aws:iam::*:role/<this name>)."
  type        = string
  default     = "gatecheck-readonly"
}

variable "max_session_duration" {
  description = "Seconds (3600 to 43200). More than 3600 helps only when the hub runs with long-term credentials: role chaining gets one hour at most."
  type        = number
  default     = 3600
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
