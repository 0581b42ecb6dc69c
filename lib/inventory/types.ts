import type { HttpApi, RestApi, Stage } from "@/lib/aws/types";

/** A read gatecheck could not make, and what that hides. */
export interface ReadGap {
  operation: string;
  /** IAM action and resource it needs (`apigateway:GET /v2/apis`). */
  action: string;
  code: string;
  kind: string;
  message: string;
}

export interface StageSummary {
  name: string;
  deploymentId: string | null;
  /** Execution logging for all methods (`*\/*`), OFF when absent. */
  loggingLevel: "OFF" | "ERROR" | "INFO";
  webAclArn: string | null;
  lastUpdatedDate: string | null;
}

export interface RestApiSummary extends RestApi {
  stages: StageSummary[];
  stagesGap: ReadGap | null;
}

/** `GET /api/v1/apis`: every REST and HTTP API of a region, with stages. */
export interface Overview {
  region: string;
  inventoryAt: string;
  restApis: RestApiSummary[];
  httpApis: HttpApi[];
  gaps: ReadGap[];
}

export type { Stage };
