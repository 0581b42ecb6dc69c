// AWS CLI commands and console deep links for fixes, filled with real ids. Values are quoted for a POSIX shell.

const q = (value: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

import { partitionOf } from "@/lib/regions";

const consoleOf = (region: string) => `https://${partitionOf(region).consoleHost(region)}`;
const consolePage = (region: string, path: string) => `${consoleOf(region)}/apigateway/main/${path}${path.includes("?") ? "&" : "?"}region=${region}`;

export const consoleUrl = {
  resources: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/resources?api=${apiId}`),
  stages: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/stages?api=${apiId}`),
  resourcePolicy: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/resource-policy?api=${apiId}`),
  authorizers: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/authorizers?api=${apiId}`),
  gatewayResponses: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/gateway-responses?api=${apiId}`),
  apiSettings: (region: string, apiId: string) => consolePage(region, `apis/${apiId}/settings?api=${apiId}`),
  apiKey: (region: string, keyId: string) => consolePage(region, `api-keys/${keyId}?api=unselected`),
  apiKeys: (region: string) => consolePage(region, "api-keys?api=unselected"),
  usagePlan: (region: string, planId: string) => consolePage(region, `usage-plans/${planId}?api=unselected`),
  usagePlans: (region: string) => consolePage(region, "usage-plans?api=unselected"),
  customDomain: (region: string, domain: string) => consolePage(region, `publish/domain-names?domain=${encodeURIComponent(domain)}`),
  accountSettings: (region: string) => consolePage(region, "settings?api=unselected"),
  webAcls: (region: string) => `${consoleOf(region)}/wafv2/homev2/web-acls?region=${region}`,
  logGroup: (region: string, group: string) => `${consoleOf(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(encodeURIComponent(group))}`,
  iam: (region: string) => `${consoleOf(region).replace(`${region}.`, "")}/iam/home#/policies`,
  vpcEndpoints: (region: string) => `${consoleOf(region)}/vpcconsole/home?region=${region}#Endpoints:`,
  httpApiRoutes: (region: string, apiId: string) => consolePage(region, `develop/routes?api=${apiId}`),
};

const cli = (args: string[], region: string) => `aws apigateway ${args.join(" ")} --region ${region}`;

export const cliFix = {
  createDeployment: (region: string, apiId: string, stage: string) =>
    cli(["create-deployment", "--rest-api-id", q(apiId), "--stage-name", q(stage), "--description", q("gatecheck: deploy pending changes")], region),
  enableKey: (region: string, keyId: string) => cli(["update-api-key", "--api-key", q(keyId), "--patch-operations", "op=replace,path=/enabled,value=true"], region),
  addKeyToPlan: (region: string, planId: string, keyId: string) => cli(["create-usage-plan-key", "--usage-plan-id", q(planId), "--key-id", q(keyId), "--key-type", "API_KEY"], region),
  addStageToPlan: (region: string, planId: string, apiId: string, stage: string) =>
    cli(["update-usage-plan", "--usage-plan-id", q(planId), "--patch-operations", `op=add,path=/apiStages,value=${q(`${apiId}:${stage}`)}`], region),
  createPlanForStage: (region: string, apiId: string, stage: string) => cli(["create-usage-plan", "--name", q(`${apiId}-${stage}`), "--api-stages", `apiId=${q(apiId)},stage=${q(stage)}`], region),
  raiseQuota: (region: string, planId: string, limit: number) => cli(["update-usage-plan", "--usage-plan-id", q(planId), "--patch-operations", `op=replace,path=/quota/limit,value=${limit}`], region),
  raiseThrottle: (region: string, planId: string, rateLimit: number, burstLimit: number) =>
    cli(
      ["update-usage-plan", "--usage-plan-id", q(planId), "--patch-operations", `op=replace,path=/throttle/rateLimit,value=${rateLimit}`, `op=replace,path=/throttle/burstLimit,value=${burstLimit}`],
      region,
    ),
  loggingOn: (region: string, apiId: string, stage: string) =>
    cli(["update-stage", "--rest-api-id", q(apiId), "--stage-name", q(stage), "--patch-operations", "op=replace,path=/*/*/logging/loglevel,value=INFO"], region),
  /** With no account id known, the command asks STS for it when run, so it is never pasted with a placeholder. */
  cloudwatchRole: (region: string, accountId: string | null) =>
    cli(
      [
        "update-account",
        "--patch-operations",
        accountId
          ? `op=replace,path=/cloudwatchRoleArn,value=arn:${partitionOf(region).name}:iam::${accountId}:role/APIGatewayPushToCloudWatchLogs`
          : `"op=replace,path=/cloudwatchRoleArn,value=arn:${partitionOf(region).name}:iam::$(aws sts get-caller-identity --query Account --output text):role/APIGatewayPushToCloudWatchLogs"`,
      ],
      region,
    ),
  keySourceHeader: (region: string, apiId: string) => cli(["update-rest-api", "--rest-api-id", q(apiId), "--patch-operations", "op=replace,path=/apiKeySource,value=HEADER"], region),
  setApiKeyRequired: (region: string, apiId: string, resourceId: string, verb: string, required: boolean) =>
    cli(["update-method", "--rest-api-id", q(apiId), "--resource-id", q(resourceId), "--http-method", verb, "--patch-operations", `op=replace,path=/apiKeyRequired,value=${required}`], region),
  getPolicy: (region: string, apiId: string) => cli(["get-rest-api", "--rest-api-id", q(apiId), "--query", "policy", "--output", "text"], region),
  createMapping: (region: string, domain: string, apiId: string, stage: string, basePath: string) =>
    cli(["create-base-path-mapping", "--domain-name", q(domain), "--rest-api-id", q(apiId), "--stage", q(stage), ...(basePath ? ["--base-path", q(basePath)] : [])], region),
  getUsage: (region: string, planId: string, keyId: string) => {
    const today = new Date().toISOString().slice(0, 10);
    return cli(["get-usage", "--usage-plan-id", q(planId), "--key-id", q(keyId), "--start-date", today, "--end-date", today], region);
  },
  webAclSampled: (region: string, webAclArn: string) =>
    `aws wafv2 get-sampled-requests --web-acl-arn ${q(webAclArn)} --rule-metric-name ALL --scope REGIONAL --time-window StartTime=$(date -u -d '-1 hour' +%s),EndTime=$(date -u +%s) --max-items 100 --region ${region}`,
};

export { q as shellQuote };
