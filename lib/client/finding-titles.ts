import type { TriageCode } from "@/lib/triage/classify";

/**
 * Short titles of the finding codes, for places that have a code but no finding (the triage board). A
 * diagnosis carries its own, more specific titles; these only need to be recognisable at a glance.
 */
export const FINDING_TITLES: Record<TriageCode, string> = {
  KEY_NOT_IN_HEADER: "API key sent outside the x-api-key header",
  KEY_MISSING: "No API key in the x-api-key header (none sent, or sent elsewhere)",
  API_ID_HEADER_ON_PUBLIC_API: "x-apigw-api-id header sent to a public API",
  PRIVATE_API_NEEDS_VPC_ENDPOINT: "Private API called without its VPC endpoint",
  PUBLIC_API_BEHIND_PRIVATE_DNS: "Public API called through private DNS",
  EXECUTE_API_ENDPOINT_DISABLED: "Default execute-api endpoint disabled",
  CUSTOM_DOMAIN_NO_MAPPING: "Custom domain path maps to no API",
  STAGE_NOT_FOUND: "Stage does not exist",
  ROUTE_NOT_DEPLOYED: "Route not deployed to the stage",
  ROUTE_NOT_FOUND: "No such route",
  HTTP_API_NO_KEYS: "HTTP API: API keys do not apply",
  WAF_ACL_ATTACHED: "Blocked by AWS WAF",
  RESOURCE_POLICY_DENIES: "Resource policy denies the caller",
  AUTHORIZER_ON_METHOD: "Authorizer refused the call",
  KEY_UNKNOWN: "API key value not found",
  KEY_DISABLED: "API key disabled",
  KEY_SOURCE_AUTHORIZER: "Key expected from the authorizer, not the header",
  KEY_IN_NO_PLAN: "API key in no usage plan",
  KEY_PLAN_MISSING_STAGE: "Key's usage plans do not list this stage",
  STAGE_IN_NO_PLAN: "Stage in no usage plan",
  DEPLOYMENT_DRIFT: "Deployed method differs from the draft",
  PREFLIGHT_REQUIRES_KEY: "CORS preflight (OPTIONS) requires an API key",
  KEY_NOT_REQUIRED: "Method requires no API key",
  QUOTA_OR_THROTTLE: "Usage plan quota or throttle reached",
  EXECUTION_LOGGING_OFF: "Execution logging off",
  CLOUDWATCH_ROLE_MISSING: "API Gateway has no CloudWatch role",
  GATEWAY_RESPONSE_CUSTOMIZED: "Gateway response customised",
  DASHBOARD_PERMISSION_MISSING: "gatecheck may not read something",
  UNCLASSIFIED_403: "Refused, cause not recognised",
};
