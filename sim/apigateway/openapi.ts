// GetExport: the OpenAPI 3 (`oas30`) or Swagger 2 (`swagger`) document of what a stage serves, built
// from the stage's DEPLOYED snapshot, with API Gateway's `x-amazon-apigateway-*` extensions on request
// (`extensions=apigateway`), the way the console's "Export" produces it.
import type { SimAuthorizer, SimDeployment, SimMethod, SimRestApi, SimStage } from "../state";

export type ExportType = "oas30" | "swagger";

interface ExportInput {
  api: SimRestApi;
  stage: SimStage;
  deployment: SimDeployment;
  region: string;
  type: ExportType;
  extensions: boolean;
}

type Json = Record<string, unknown>;

const API_KEY_SCHEME = "api_key";
const SIGV4_SCHEME = "sigv4";

export function exportDocument({ api, stage, deployment, region, type, extensions }: ExportInput): Json {
  const { snapshot } = deployment;
  const oas3 = type === "oas30";
  const usedSchemes = new Map<string, Json>();
  const paths: Json = {};

  for (const resource of [...snapshot.resources].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const operations: Json = {};
    for (const method of Object.values(resource.methods)) {
      const security = securityOf(method, api.authorizers, usedSchemes, extensions);
      const status = String(method.mockStatus);
      operations[method.httpMethod === "ANY" ? "x-amazon-apigateway-any-method" : method.httpMethod.toLowerCase()] = {
        ...(method.operationName ? { operationId: method.operationName } : {}),
        responses: { [status]: oas3 ? { description: `${status} response`, content: {} } : { description: `${status} response` } },
        ...(security ? { security: [security] } : {}),
        ...(extensions
          ? {
              "x-amazon-apigateway-integration": {
                type: "mock",
                responses: { default: { statusCode: status } },
                requestTemplates: { "application/json": `{"statusCode": ${status}}` },
                passthroughBehavior: "when_no_match",
              },
            }
          : {}),
      };
    }
    if (Object.keys(operations).length > 0) paths[resource.path] = operations;
  }

  const info = {
    title: api.name,
    ...(api.description ? { description: api.description } : {}),
    version: new Date(deployment.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  const host = `${api.id}.execute-api.${region}.amazonaws.com`;
  const schemes = Object.fromEntries(usedSchemes);
  const apiExtensions: Json = extensions
    ? {
        "x-amazon-apigateway-api-key-source": snapshot.apiKeySource,
        ...(snapshot.policy ? { "x-amazon-apigateway-policy": JSON.parse(snapshot.policy) as unknown } : {}),
      }
    : {};

  if (oas3) {
    return {
      openapi: "3.0.1",
      info,
      servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: stage.stageName } } }],
      paths,
      ...(usedSchemes.size > 0 ? { components: { securitySchemes: schemes } } : {}),
      ...apiExtensions,
    };
  }
  return {
    swagger: "2.0",
    info,
    host,
    basePath: `/${stage.stageName}`,
    schemes: ["https"],
    paths,
    ...(usedSchemes.size > 0 ? { securityDefinitions: schemes } : {}),
    ...apiExtensions,
  };
}

/** The method's security requirement (one object naming every scheme it needs), registering the schemes. */
function securityOf(method: SimMethod, authorizers: SimAuthorizer[], schemes: Map<string, Json>, extensions: boolean): Json | undefined {
  const requirement: Json = {};
  if (method.apiKeyRequired) {
    schemes.set(API_KEY_SCHEME, { type: "apiKey", name: "x-api-key", in: "header" });
    requirement[API_KEY_SCHEME] = [];
  }
  if (method.authorizationType === "AWS_IAM") {
    schemes.set(SIGV4_SCHEME, { type: "apiKey", name: "Authorization", in: "header", ...(extensions ? { "x-amazon-apigateway-authtype": "awsSigv4" } : {}) });
    requirement[SIGV4_SCHEME] = [];
  }
  const authorizer = authorizers.find((a) => a.id === method.authorizerId);
  if ((method.authorizationType === "CUSTOM" || method.authorizationType === "COGNITO_USER_POOLS") && authorizer) {
    schemes.set(authorizer.name, authorizerScheme(authorizer, extensions));
    requirement[authorizer.name] = [];
  }
  return Object.keys(requirement).length > 0 ? requirement : undefined;
}

function authorizerScheme(authorizer: SimAuthorizer, extensions: boolean): Json {
  const header = /^method\.request\.header\.(.+)$/.exec(authorizer.identitySource ?? "")?.[1];
  const cognito = authorizer.type === "COGNITO_USER_POOLS";
  return {
    type: "apiKey",
    // REQUEST authorizers may read several sources, so AWS exports no single header name.
    name: authorizer.type === "REQUEST" ? "Unused" : (header ?? "Authorization"),
    in: "header",
    ...(extensions
      ? {
          "x-amazon-apigateway-authtype": cognito ? "cognito_user_pools" : "custom",
          "x-amazon-apigateway-authorizer": {
            type: authorizer.type.toLowerCase(),
            ...(authorizer.authorizerUri ? { authorizerUri: authorizer.authorizerUri } : {}),
            ...(authorizer.providerARNs ? { providerARNs: authorizer.providerARNs } : {}),
            ...(authorizer.type === "REQUEST" && authorizer.identitySource ? { identitySource: authorizer.identitySource } : {}),
            authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
          },
        }
      : {}),
  };
}
