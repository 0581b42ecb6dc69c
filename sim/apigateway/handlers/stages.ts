// Stages, deployments and exports: GetStage(s), UpdateStage, GetDeployment(s), CreateDeployment, GetExport.
import { badRequest, json } from "../../http";
import { accountOf, epochSeconds, methodSettingsKey, newId, snapshotOfDraft, type LoggingLevel, type MethodSetting, type SimStage } from "../../state";
import { deploymentOf, restApiOf, stageOf } from "../lookup";
import { exportDocument, type ExportType } from "../openapi";
import { deploymentShape, stageShape } from "../shapes";
import { applyPatch, isTrue, jsonBody, listBody, param, requiredValue, stringMember, type Handler, type PatchRule } from "../wire";

export const getStages: Handler = (call) => {
  const api = restApiOf(call);
  const deploymentId = call.req.query.get("deploymentId");
  const stages = deploymentId === null ? api.stages : api.stages.filter((s) => s.deploymentId === deploymentId);
  // Not paginated: the whole list under `item`.
  return json(200, { item: stages.map(stageShape) });
};

export const getStage: Handler = (call) => json(200, stageShape(stageOf(restApiOf(call), param(call, "stageName"))));

const LOGGING_LEVELS: readonly LoggingLevel[] = ["OFF", "ERROR", "INFO"];
const VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/**
 * The methodSettings key a patch path names: `/*\/*\/…` → `*\/*`; a method as the CLI docs write it
 * (`/~1pets~1{id}/GET/…`) or as Terraform sends it (`/pets/{id}/GET/…`) → `methodSettingsKey`.
 */
function methodSettingsKeyOf(resourcePart: string, verb: string, path: string): string {
  if (resourcePart === "*" && verb === "*") return "*/*";
  if (resourcePart === "*" || !VERBS.includes(verb)) throw badRequest(`Invalid method setting path: ${path}`);
  const resourcePath = `/${resourcePart.replace(/~1/g, "/").replace(/^\/+/, "")}`;
  return methodSettingsKey(resourcePath, verb);
}

const SETTINGS: Record<string, (setting: MethodSetting, value: string | undefined) => void> = {
  "logging/loglevel": (setting, value) => {
    const level = value?.toUpperCase();
    if (!LOGGING_LEVELS.includes(level as LoggingLevel)) throw badRequest(`Invalid logging level: ${value}. Valid options are ${LOGGING_LEVELS.join(", ")}`);
    setting.loggingLevel = level as LoggingLevel;
  },
  "logging/dataTrace": (setting, value) => {
    setting.dataTraceEnabled = isTrue(value);
  },
  "metrics/enabled": (setting, value) => {
    setting.metricsEnabled = isTrue(value);
  },
  "throttling/burstLimit": (setting, value) => {
    setting.throttlingBurstLimit = nonNegativeNumber(value);
  },
  "throttling/rateLimit": (setting, value) => {
    setting.throttlingRateLimit = nonNegativeNumber(value);
  },
};

function nonNegativeNumber(value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(n) || n < 0) throw badRequest(`Invalid throttling value: ${value}`);
  return n;
}

/** AWS's answer when a stage's execution logging is turned on in a region whose account settings name no CloudWatch role. */
export const CLOUDWATCH_ROLE_REQUIRED = "CloudWatch Logs role ARN must be set in account settings to enable logging";

function stageRules(deploymentExists: (id: string) => boolean, cloudwatchRoleSet: boolean): PatchRule<SimStage>[] {
  return [
    {
      path: "/deploymentId",
      ops: ["replace"],
      apply(stage, op) {
        const id = requiredValue(op);
        if (!deploymentExists(id)) throw badRequest("Deployment id does not exist");
        stage.deploymentId = id;
      },
    },
    {
      path: "/description",
      ops: ["replace"],
      apply(stage, op) {
        if (op.value) stage.description = op.value;
        else delete stage.description;
      },
    },
    {
      path: new RegExp(`^/(.+)/([A-Z]+|\\*)/(${Object.keys(SETTINGS).join("|")})$`),
      ops: ["replace"],
      apply(stage, op, [resourcePart = "", verb = "", setting = ""]) {
        const key = methodSettingsKeyOf(resourcePart, verb, op.path);
        const current = (stage.methodSettings[key] ??= {});
        SETTINGS[setting]?.(current, op.value);
        const logging = (current.loggingLevel !== undefined && current.loggingLevel !== "OFF") || current.dataTraceEnabled === true;
        if (setting.startsWith("logging/") && logging && !cloudwatchRoleSet) throw badRequest(CLOUDWATCH_ROLE_REQUIRED);
      },
    },
  ];
}

export const updateStage: Handler = (call) => {
  const api = restApiOf(call);
  const stage = stageOf(api, param(call, "stageName"));
  const patched = applyPatch(
    call.req,
    "updateStageInput",
    stage,
    stageRules((id) => api.deployments.some((d) => d.id === id), accountOf(call.state, call.req.region).cloudwatchRoleArn !== undefined),
  );
  Object.assign(stage, patched, { lastUpdatedDate: epochSeconds(call.now) });
  return json(200, stageShape(stage));
};

export const getDeployments: Handler = (call) =>
  json(
    200,
    listBody(restApiOf(call).deployments, call.req.query, (d) => deploymentShape(d, false)),
  );

export const getDeployment: Handler = (call) => {
  const deployment = deploymentOf(restApiOf(call), param(call, "deploymentId"));
  const embedSummary = call.req.query.getAll("embed").some((value) => value.split(",").includes("apisummary"));
  return json(200, deploymentShape(deployment, embedSummary));
};

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Freezes the draft into a new deployment and, given a stage name, points that stage at it (creating it). */
export const createDeployment: Handler = (call) => {
  const api = restApiOf(call);
  const body = jsonBody(call.req);
  const stageName = stringMember(body, "stageName");
  const description = stringMember(body, "description");
  const stageDescription = stringMember(body, "stageDescription");
  if (!api.resources.some((r) => Object.keys(r.methods).length > 0)) throw badRequest("The REST API doesn't contain any methods");
  if (stageName !== undefined && !STAGE_NAME.test(stageName)) throw badRequest("Stage name only allows a-zA-Z0-9_ and -");

  const createdDate = epochSeconds(call.now);
  const deployment = {
    id: newId(6, (id) => api.deployments.some((d) => d.id === id)),
    ...(description ? { description } : {}),
    createdDate,
    snapshot: snapshotOfDraft(api),
  };
  api.deployments.push(deployment);

  if (stageName !== undefined) {
    const stage = api.stages.find((s) => s.stageName === stageName);
    if (stage) {
      stage.deploymentId = deployment.id;
      stage.lastUpdatedDate = createdDate;
    } else {
      api.stages.push({
        stageName,
        deploymentId: deployment.id,
        ...(stageDescription ? { description: stageDescription } : {}),
        createdDate,
        lastUpdatedDate: createdDate,
        methodSettings: {},
        tracingEnabled: false,
        variables: stringMap(body.variables),
      });
    }
  }
  return json(201, deploymentShape(deployment, false));
};

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

const EXPORT_TYPES: readonly ExportType[] = ["oas30", "swagger"];

export const getExport: Handler = (call) => {
  const api = restApiOf(call);
  const stage = stageOf(api, param(call, "stageName"));
  const type = param(call, "exportType");
  if (!EXPORT_TYPES.includes(type as ExportType)) throw badRequest(`Invalid export type specified: ${type}. Valid options are ${EXPORT_TYPES.join(", ")}`);
  const deployment = deploymentOf(api, stage.deploymentId);
  const extensions = (call.req.query.get("extensions") ?? "").split(",").includes("apigateway");
  const document = exportDocument({ api, stage, deployment, region: call.req.region, type: type as ExportType, extensions });
  // JSON is valid YAML, so an `Accept: application/yaml` caller can read the same text.
  const extension = (call.req.headers.accept ?? "").includes("yaml") ? "yaml" : "json";
  const version = new Date(deployment.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    status: 200,
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${type}_${version}.${extension}"`,
    },
    body: JSON.stringify(document, null, 2),
  };
};
