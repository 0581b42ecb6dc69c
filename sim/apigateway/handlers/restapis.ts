// REST APIs and their draft: GetRestApi(s), UpdateRestApi, GetResources, Get/UpdateMethod,
// GetAuthorizer(s), GetGatewayResponse(s).
import { badRequest, json } from "../../http";
import type { ApiKeySource, AuthorizationType, SimMethod, SimRestApi } from "../../state";
import { gatewayResponseOf, gatewayResponsesOf, invalidResponseType, isGatewayResponseType } from "../gateway-responses";
import { authorizerOf, methodOf, restApiOf } from "../lookup";
import { authorizerShape, methodShape, resourceShape, restApiShape } from "../shapes";
import { applyPatch, isTrue, listBody, optionalStringRule, param, requiredValue, type Handler, type PatchRule } from "../wire";

export const getRestApis: Handler = ({ req, state }) =>
  json(
    200,
    listBody(
      state.restApis.filter((api) => api.region === req.region),
      req.query,
      restApiShape,
    ),
  );

export const getRestApi: Handler = (call) => json(200, restApiShape(restApiOf(call)));

const API_KEY_SOURCES: readonly ApiKeySource[] = ["HEADER", "AUTHORIZER"];

const restApiRules: PatchRule<SimRestApi>[] = [
  {
    path: "/name",
    ops: ["replace"],
    apply(api, op) {
      const name = requiredValue(op);
      if (name.trim() === "") throw badRequest("Name cannot be empty");
      api.name = name;
    },
  },
  optionalStringRule("/description", "description"),
  {
    path: "/apiKeySource",
    ops: ["replace"],
    apply(api, op) {
      const source = requiredValue(op);
      if (!API_KEY_SOURCES.includes(source as ApiKeySource)) throw badRequest(`Invalid API Key source specified. Valid options are ${API_KEY_SOURCES.join(",")}`);
      api.apiKeySource = source as ApiKeySource;
    },
  },
  {
    path: "/disableExecuteApiEndpoint",
    ops: ["replace"],
    apply(api, op) {
      api.disableExecuteApiEndpoint = isTrue(op.value);
    },
  },
  {
    path: "/policy",
    ops: ["replace"],
    apply(api, op) {
      if (!op.value) {
        delete api.policy;
        return;
      }
      try {
        JSON.parse(op.value);
      } catch {
        throw badRequest("Invalid policy document. Please check the policy syntax and try again.");
      }
      api.policy = op.value;
    },
  },
];

export const updateRestApi: Handler = (call) => {
  const api = restApiOf(call);
  Object.assign(api, applyPatch(call.req, "updateRestApiInput", api, restApiRules));
  return json(200, restApiShape(api));
};

export const getResources: Handler = (call) => {
  const api = restApiOf(call);
  const embedMethods = call.req.query.getAll("embed").some((value) => value.split(",").includes("methods"));
  const resources = [...api.resources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return json(
    200,
    listBody(resources, call.req.query, (resource) => resourceShape(resource, embedMethods)),
  );
};

export const getMethod: Handler = (call) => {
  const { resource, method } = methodOf(call);
  return json(200, methodShape(resource, method));
};

const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];
const needsAuthorizer = (type: AuthorizationType) => type === "CUSTOM" || type === "COGNITO_USER_POOLS";

const methodRules: PatchRule<SimMethod>[] = [
  {
    path: "/apiKeyRequired",
    ops: ["replace"],
    apply(method, op) {
      method.apiKeyRequired = isTrue(op.value);
    },
  },
  {
    path: "/authorizationType",
    ops: ["replace"],
    apply(method, op) {
      const type = requiredValue(op);
      if (!AUTHORIZATION_TYPES.includes(type as AuthorizationType)) {
        throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(",")}`);
      }
      method.authorizationType = type as AuthorizationType;
    },
  },
  optionalStringRule("/authorizerId", "authorizerId"),
  optionalStringRule("/operationName", "operationName"),
];

/** Changes the DRAFT method only; what stages serve changes at the next CreateDeployment. */
export const updateMethod: Handler = (call) => {
  const { api, resource, method } = methodOf(call);
  const patched = applyPatch(call.req, "updateMethodInput", method, methodRules);
  if (needsAuthorizer(patched.authorizationType)) {
    if (!api.authorizers.some((a) => a.id === patched.authorizerId)) {
      throw badRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
    }
  } else {
    // AWS drops the authorizer of a method that no longer uses one.
    delete patched.authorizerId;
  }
  resource.methods[patched.httpMethod] = patched;
  return json(200, methodShape(resource, patched));
};

export const getAuthorizers: Handler = (call) => json(200, listBody(restApiOf(call).authorizers, call.req.query, authorizerShape));

export const getAuthorizer: Handler = (call) => json(200, authorizerShape(authorizerOf(restApiOf(call), param(call, "authorizerId"))));

export const getGatewayResponses: Handler = (call) =>
  json(
    200,
    listBody(gatewayResponsesOf(restApiOf(call)), call.req.query, (r) => r),
  );

export const getGatewayResponse: Handler = (call) => {
  const api = restApiOf(call);
  const type = param(call, "responseType");
  if (!isGatewayResponseType(type)) throw invalidResponseType(type);
  return json(200, gatewayResponseOf(api, type));
};
