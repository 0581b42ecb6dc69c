// The IAM documents under iam/ as the policy tests read them: their shape, IAM's wildcard matching, and what
// counts as a read (shared by test/iam-templates.test.ts and test/iam-fix-policy.test.ts).
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(__dirname, "..");

export type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
};
export type PolicyDocument = { Version: string; Statement: Statement[] };

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A file under iam/, parsed. */
export const readIamJson = <T = PolicyDocument>(...parts: string[]): T => JSON.parse(fs.readFileSync(path.join(root, "iam", ...parts), "utf8")) as T;

/** IAM's wildcards in an action or resource: `*` any characters (`/` too), `?` one. */
export function iamGlob(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

/**
 * What the read side may be allowed: API Gateway GETs and the read verbs of CloudWatch and CloudWatch Logs. No
 * wildcard (`\w` has no `*`), no other verb of API Gateway (POST, PUT, PATCH, DELETE), no Put/Create/Delete.
 */
export const READ_ACTION = /^(apigateway:GET|(logs|cloudwatch):(Describe\w*|Get\w*|List\w*|FilterLogEvents|StartQuery|StopQuery))$/;
