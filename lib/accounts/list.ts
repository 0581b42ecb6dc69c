import { configuredAccounts } from "./config";

/** `GET /api/v1/accounts`: what the pickers offer; how each account's credentials are obtained is not shown. */
export function listAccounts(): { name: string; accountId: string | null; regions: readonly string[] }[] {
  return configuredAccounts().map(({ name, accountId, regions }) => ({ name, accountId, regions }));
}
