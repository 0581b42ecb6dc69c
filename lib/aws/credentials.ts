import "server-only";
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { Account } from "@/lib/accounts/config";
import { CredentialsError } from "./errors";

// Credentials per configured account, from the SDK's own providers: a named profile (fromIni), or a role
// assumed from the server's credentials (fromTemporaryCredentials, with the account's external id). One
// provider per account, shared by every client of that account in every region, so a role is assumed once
// and again only shortly before its credentials expire — not once per client.

/** Credentials are fetched again this long before they expire, so no call is signed with ones about to lapse. */
const REFRESH_BEFORE_MS = 5 * 60_000;
const SESSION_SECONDS = 3_600;

const providers = new Map<string, AwsCredentialIdentityProvider>();

/** Shares one fetch among concurrent callers; fetches again when the credentials are within REFRESH_BEFORE_MS of expiring. */
export function refreshing(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | null = null;
  let expiresAt = Infinity;
  return () => {
    if (!current || expiresAt - REFRESH_BEFORE_MS <= now()) {
      const fetching = Promise.resolve(provider()).then((identity) => {
        expiresAt = identity.expiration?.getTime() ?? Infinity;
        return identity;
      });
      // A failed fetch (AccessDenied) is not kept: the next call asks again.
      fetching.catch(() => {
        if (current === fetching) current = null;
      });
      current = fetching;
    }
    return current;
  };
}

/** The provider for an account's clients (`write`: write mode's own credentials); undefined for the SDK's default chain. */
export function credentialsOf(account: Account, region: string, use: "read" | "write" = "read"): AwsCredentialIdentityProvider | undefined {
  const credentials = use === "write" ? account.write : account.credentials;
  if (!credentials || credentials.kind === "default") return undefined;
  const id = `${account.name}#${use}`;
  let provider = providers.get(id);
  if (!provider) {
    const base =
      credentials.kind === "profile"
        ? fromIni({ profile: credentials.profile })
        : fromTemporaryCredentials({
            params: {
              RoleArn: credentials.roleArn,
              RoleSessionName: use === "write" ? "gatecheck-fix" : "gatecheck",
              DurationSeconds: SESSION_SECONDS,
              ...(credentials.externalId ? { ExternalId: credentials.externalId } : {}),
            },
            // STS in the account's first region: a regional endpoint, as AWS recommends over the global one.
            clientConfig: { region },
          });
    const [operation, action] = credentials.kind === "profile" ? ["profile", credentials.profile] : ["AssumeRole", `sts:AssumeRole ${credentials.roleArn}`];
    // Named as the credentials' failure, so a refused AssumeRole is not reported as the read that needed it.
    provider = refreshing(() =>
      base().catch((err: unknown) => {
        throw new CredentialsError(operation, action, err);
      }),
    );
    providers.set(id, provider);
  }
  return provider;
}
