import "server-only";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Account } from "@/lib/accounts/config";
import { credentialsOf } from "./credentials";
import { read } from "./read";

// Which AWS account a set of gatecheck's credentials acts in (GetCallerIdentity needs no permission): write mode
// checks its write credentials act in the account it reads, before any fix is shown or made.

const known = new Map<string, Promise<string>>();

/** The 12-digit account id the account's read or write credentials act in; asked once per process (a failure is asked again). */
export function callerAccountId(account: Account, region: string, use: "read" | "write"): Promise<string> {
  const id = `${account.name}#${use}`;
  let answer = known.get(id);
  if (!answer) {
    const credentials = credentialsOf(account, account.regions[0] ?? region, use);
    const client = new STSClient({ region: account.regions[0] ?? region, ...(credentials ? { credentials } : {}), maxAttempts: 3 });
    answer = read("GetCallerIdentity", "sts:GetCallerIdentity", async () => (await client.send(new GetCallerIdentityCommand({}))).Account ?? "").finally(() => client.destroy());
    answer.catch(() => known.delete(id));
    known.set(id, answer);
  }
  return answer;
}
