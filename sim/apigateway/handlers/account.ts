// Account settings and custom domains: Get/UpdateAccount, GetDomainName(s), GetBasePathMappings.
import { badRequest, json } from "../../http";
import { accountOf, type SimAccount } from "../../state";
import { domainNameOf } from "../lookup";
import { accountShape, basePathMappingShape, domainNameShape } from "../shapes";
import { applyPatch, listBody, type Handler, type PatchRule } from "../wire";

export const getAccount: Handler = ({ state, req }) => json(200, accountShape(state, req.region));

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

const accountRules: PatchRule<SimAccount>[] = [
  {
    path: "/cloudwatchRoleArn",
    ops: ["replace"],
    apply(account, op) {
      if (!op.value) {
        delete account.cloudwatchRoleArn;
        return;
      }
      if (!ROLE_ARN.test(op.value)) throw badRequest(`The role ARN is not well formed: ${op.value}`);
      account.cloudwatchRoleArn = op.value;
    },
  },
];

export const updateAccount: Handler = ({ state, req }) => {
  const account = accountOf(state, req.region);
  state.accounts[req.region] = applyPatch(req, "updateAccountInput", account, accountRules);
  return json(200, accountShape(state, req.region));
};

export const getDomainNames: Handler = ({ state, req }) =>
  json(
    200,
    listBody(
      state.domainNames.filter((d) => d.region === req.region),
      req.query,
      domainNameShape,
    ),
  );

export const getDomainName: Handler = (call) => json(200, domainNameShape(domainNameOf(call)));

export const getBasePathMappings: Handler = (call) => json(200, listBody(domainNameOf(call).basePathMappings, call.req.query, basePathMappingShape));
