// gatecheck's own view of AWS objects: what lib/aws returns after reshaping SDK output.
// Shared by server and browser through the JSON API, so no SDK types and never a key value.

export type EndpointType = "EDGE" | "REGIONAL" | "PRIVATE";
export type LoggingLevel = "OFF" | "ERROR" | "INFO";

export interface RestApi {
  id: string;
  name: string;
  description: string | null;
  createdDate: string | null;
  apiKeySource: "HEADER" | "AUTHORIZER";
  endpointTypes: EndpointType[];
  vpcEndpointIds: string[];
  disableExecuteApiEndpoint: boolean;
  /** The resource policy as AWS stores it (a JSON string), or null. */
  policy: string | null;
}

export interface HttpApi {
  id: string;
  name: string;
  protocolType: string;
  apiEndpoint: string | null;
}

export interface MethodSetting {
  loggingLevel: LoggingLevel | null;
  dataTraceEnabled: boolean;
}

export interface Stage {
  apiId: string;
  name: string;
  deploymentId: string | null;
  createdDate: string | null;
  lastUpdatedDate: string | null;
  /** Keyed as AWS keys them: `*\/*` or `{path with ~1}/{VERB}`. */
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings: { destinationArn: string; format: string } | null;
  webAclArn: string | null;
}
