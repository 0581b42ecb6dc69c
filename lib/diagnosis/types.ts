// The Diagnosis of one call: the contract of DESIGN.md ("JSON API"), shared by server and browser.
import type { ReadGap } from "@/lib/inventory/types";
import type { LogEvent } from "@/lib/logs/types";
import type { KeyLocation, RequestFacts } from "@/lib/request/types";

/** The hops of the request pipeline (CAUSES.md); the order AWS evaluates them in is the rule table's (rules.ts). */
export type Hop = "request" | "endpoint" | "stage" | "waf" | "route" | "auth" | "api-key" | "usage-plan" | "limits" | "logging";

export type Severity = "blocker" | "warning" | "info";
export type LinkStatus = "ok" | "broken" | "warning" | "unknown";

export type FindingCode =
  | "KEY_NOT_IN_HEADER"
  | "KEY_MISSING"
  | "API_ID_HEADER_ON_PUBLIC_API"
  | "PRIVATE_API_NEEDS_VPC_ENDPOINT"
  | "PUBLIC_API_BEHIND_PRIVATE_DNS"
  | "EXECUTE_API_ENDPOINT_DISABLED"
  | "CUSTOM_DOMAIN_NO_MAPPING"
  | "STAGE_NOT_FOUND"
  | "ROUTE_NOT_DEPLOYED"
  | "ROUTE_NOT_FOUND"
  | "HTTP_API_NO_KEYS"
  | "WAF_ACL_ATTACHED"
  | "RESOURCE_POLICY_DENIES"
  | "AUTHORIZER_ON_METHOD"
  | "KEY_UNKNOWN"
  | "KEY_DISABLED"
  | "KEY_SOURCE_AUTHORIZER"
  | "KEY_IN_NO_PLAN"
  | "KEY_PLAN_MISSING_STAGE"
  | "STAGE_IN_NO_PLAN"
  | "DEPLOYMENT_DRIFT"
  | "PREFLIGHT_REQUIRES_KEY"
  | "KEY_NOT_REQUIRED"
  | "QUOTA_OR_THROTTLE"
  | "EXECUTION_LOGGING_OFF"
  | "CLOUDWATCH_ROLE_MISSING"
  | "GATEWAY_RESPONSE_CUSTOMIZED"
  | "DASHBOARD_PERMISSION_MISSING";

export interface Finding {
  code: FindingCode;
  hop: Hop;
  severity: Severity;
  title: string;
  detail: string;
  evidence: string[];
  fix: { summary: string; cli: string[]; consoleUrl?: string };
  /** Indexes into `Diagnosis.logs` of the lines that support this finding. */
  logLines: number[];
}

/** A hop whose state could not be judged, and why (a denied read, an unreadable deployment…). */
export interface UnknownHop {
  hop: Hop;
  reason: string;
  /** Judged another way (the draft when the deployed snapshot is unreadable): a caveat beside the verdict, not a doubt on it. */
  caveat?: boolean;
}

export type ChainNodeKind = "request" | "api" | "stage" | "deployment" | "method" | "key" | "usage-plan" | "more-plans" | "logs";

export interface ChainNode {
  id: string;
  kind: ChainNodeKind;
  label: string;
  detail: string | null;
  status: LinkStatus;
}

export interface ChainEdge {
  id: string;
  source: string;
  target: string;
  status: LinkStatus;
  /** The finding code that breaks or weakens this link. */
  code: FindingCode | null;
  /** Why the link is unknown or what the code means here, in a few words. */
  reason: string | null;
}

/** A key as the diagnosis shows it: never its value. */
export type PresentedKey = {
  /** `logs`: no key was given; the call's own log lines show this one (matched by its masked value). */
  where: KeyLocation["where"] | "key-id" | "logs";
  name: string;
  maskedValue: string | null;
  keyId: string | null;
} &
  /** How the value resolved against the account's keys. */
  (
    | { resolution: "exact" | "trimmed" | "unknown" | "by-id" }
    /**
     * The account's keys could not be listed (`gap` says why): which key this is, and whether one exists, is unknown.
     * AWS's message is left out: it names gatecheck's role, and a diagnosis can be shared.
     */
    | { resolution: "unreadable"; gap: Omit<ReadGap, "message"> }
  );

/** What is known about the call being diagnosed. */
export interface CallFacts {
  /** The configured account read (lib/accounts); absent in snapshots frozen before accounts. */
  account?: string;
  region: string;
  apiId: string | null;
  stage: string | null;
  method: string;
  path: string;
  /** No path was given and none could be read (a request id whose lines name no route): route rules cannot judge. */
  routeUnknown?: boolean;
  keyId: string | null;
  presentedKey: PresentedKey | null;
  /** The pasted request, key values masked. */
  request: RequestFacts | null;
  window: { from: string; to: string };
  requestId: string | null;
  /** The caller says it runs inside a VPC (only the user can tell gatecheck this). */
  callerInVpc: boolean;
  /** The user says the client sends no key at all (`key=none`). */
  noKey: boolean;
  /** No key was given and the call's log lines show these (newest first); the first one is diagnosed. */
  keysFromLogs: { maskedValue: string; keyId: string | null; name: string | null }[];
}

export type LogStatus = "found" | "none-in-window" | "group-missing" | "logging-off" | "no-log-expected" | "unreadable" | "not-read";

export interface Diagnosis {
  /** What the call gets: the configuration and the window's log lines together, never contradicting the lines. */
  verdict: "forbidden" | "throttled" | "allowed" | "unknown";
  firstBreak: Finding | null;
  findings: Finding[];
  unknownHops: UnknownHop[];
  chain: { nodes: ChainNode[]; edges: ChainEdge[] };
  logs: LogEvent[];
  logStatus: { status: LogStatus; message: string };
  request: CallFacts;
  /** The pasted request as it should have been sent (key masked), when the findings call for a change. */
  correctedRequest: { curl: string; changes: string[] } | null;
  inventoryAt: string;
}
