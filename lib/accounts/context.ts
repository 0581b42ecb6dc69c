import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { ApiError } from "@/lib/api/errors";
import { configuredAccounts, type Account } from "./config";

// The account a request reads, set once where the request enters (the route wrapper, a page's prefetch) and
// read where it matters: the SDK clients' credentials and the shared read cache's keys. Workflows stay written
// per region, as AWS's APIs are, and read the right account without passing it through every call.
const current = new AsyncLocalStorage<Account>();

/** The account of the request being served: the one it named, else the first configured. */
export function currentAccount(): Account {
  return current.getStore() ?? configuredAccounts()[0]!;
}

/** Runs `work` reading `name` (the first configured account when absent); an unknown name is a 400 listing the known ones. */
export function withAccount<T>(name: string | undefined, work: () => T): T {
  const accounts = configuredAccounts();
  const account = name === undefined ? accounts[0]! : accounts.find((a) => a.name === name);
  if (!account) {
    throw new ApiError(400, "ACCOUNT_UNKNOWN", `No configured account is named "${name}".`, `Use one of: ${accounts.map((a) => a.name).join(", ")} (gatecheck.config.json).`, { field: "account" });
  }
  return current.run(account, work);
}
