import "server-only";
import { GetStagesCommand, paginateGetRestApis, type Stage as SdkStage, type RestApi as SdkRestApi } from "@aws-sdk/client-api-gateway";
import { GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import type { AwsClients } from "./clients";
import { AwsCallError, toAwsFault } from "./errors";
import type { EndpointType, HttpApi, LoggingLevel, RestApi, Stage } from "./types";

const PAGE_SIZE = 500;

/** Runs one AWS read; a failure becomes an AwsCallError naming the operation and the IAM action it needs. */
async function read<T>(operation: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new AwsCallError(toAwsFault(err, operation, action));
  }
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

const isoDate = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

export function toRestApi(api: SdkRestApi): RestApi {
  return {
    id: api.id ?? "",
    name: api.name ?? "",
    description: api.description ?? null,
    createdDate: isoDate(api.createdDate),
    apiKeySource: api.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    endpointTypes: (api.endpointConfiguration?.types ?? ["EDGE"]) as EndpointType[],
    vpcEndpointIds: api.endpointConfiguration?.vpcEndpointIds ?? [],
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
    policy: api.policy ? decodePolicy(api.policy) : null,
  };
}

/** AWS returns the resource policy with its quotes backslash-escaped; emulators often do not. */
export function decodePolicy(policy: string): string {
  try {
    JSON.parse(policy);
    return policy;
  } catch {
    return policy.replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
}

export function toStage(apiId: string, stage: SdkStage): Stage {
  const methodSettings: Stage["methodSettings"] = {};
  for (const [key, setting] of Object.entries(stage.methodSettings ?? {})) {
    methodSettings[key] = { loggingLevel: (setting.loggingLevel as LoggingLevel | undefined) ?? null, dataTraceEnabled: setting.dataTraceEnabled ?? false };
  }
  return {
    apiId,
    name: stage.stageName ?? "",
    deploymentId: stage.deploymentId ?? null,
    createdDate: isoDate(stage.createdDate),
    lastUpdatedDate: isoDate(stage.lastUpdatedDate),
    methodSettings,
    accessLogSettings:
      stage.accessLogSettings?.destinationArn && stage.accessLogSettings.format
        ? { destinationArn: stage.accessLogSettings.destinationArn, format: stage.accessLogSettings.format }
        : null,
    webAclArn: stage.webAclArn ?? null,
  };
}

export function listRestApis(clients: AwsClients): Promise<RestApi[]> {
  return read("GetRestApis", "apigateway:GET /restapis", async () =>
    (await collect(paginateGetRestApis({ client: clients.apigateway, pageSize: PAGE_SIZE }, {}), (p) => p.items)).map(toRestApi),
  );
}

export function getStages(clients: AwsClients, apiId: string): Promise<Stage[]> {
  return read("GetStages", `apigateway:GET /restapis/${apiId}/stages`, async () => {
    const out = await clients.apigateway.send(new GetStagesCommand({ restApiId: apiId }));
    return (out.item ?? []).map((s) => toStage(apiId, s));
  });
}

export function listHttpApis(clients: AwsClients): Promise<HttpApi[]> {
  return read("GetApis", "apigateway:GET /v2/apis", async () => {
    const apis: HttpApi[] = [];
    let nextToken: string | undefined;
    do {
      // GetApis has no SDK paginator.
      const page = await clients.apigatewayv2.send(new GetApisCommand({ MaxResults: "500", NextToken: nextToken }));
      for (const api of page.Items ?? []) {
        apis.push({ id: api.ApiId ?? "", name: api.Name ?? "", protocolType: api.ProtocolType ?? "HTTP", apiEndpoint: api.ApiEndpoint ?? null });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return apis;
  });
}
