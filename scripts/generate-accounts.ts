// Builds a several-account simulator setup, one scenario file per account and region plus `accounts.json`:
//   npm run sim:generate-accounts -- --out-dir <dir> [--members 3] [--regions us-east-1,eu-west-1] [--seed N]
//     [--apis 4] [--plans 3] [--keys 30] [--traffic 10] [--no-refusing]
// A hub account (111111111111) holds gatecheck's access key and no resources; each member account has resources in
// every region and a `gatecheck-readonly` role that trusts the hub with an external id; one more account (unless
// --no-refusing) has resources and a role that trusts some other account, so assuming it is refused. The same options
// give the same files byte for byte. sim/scenarios-multi holds the default set.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseScenario, type scenarioSchema } from "../sim/scenario";
import type { z } from "zod";
import { count, generateScenario } from "./generate-scenario";

type ScenarioInput = z.input<typeof scenarioSchema>;

export const HUB = { id: "111111111111", name: "hub", user: "gatecheck", accessKeyId: "AKIAGATECHECKHUB0001" } as const;
export const ROLE_NAME = "gatecheck-readonly";
/** The account the refusing account's role trusts instead of the hub. */
export const STRANGER_ACCOUNT = "999999999999";
const MEMBER_NAMES = ["prod", "staging", "sandbox", "data", "partner", "edge", "internal", "legacy"];

export interface AccountsOptions {
  /** Accounts whose role trusts the hub. */
  members: number;
  regions: string[];
  /** Add one account whose role does not trust the hub. */
  refusing: boolean;
  seed: number;
  /** Per account and region. */
  apis: number;
  plans: number;
  keys: number;
  traffic: number;
}

export const DEFAULT_ACCOUNTS_OPTIONS: AccountsOptions = { members: 3, regions: ["us-east-1", "eu-west-1"], refusing: true, seed: 1, apis: 4, plans: 3, keys: 30, traffic: 10 };

export interface MemberAccount {
  id: string;
  name: string;
  roleArn: string;
  externalId: string;
  /** Whether the role trusts the hub. */
  trustsHub: boolean;
}

/** 222222222222, 333333333333… for the first eight accounts, then 100000000010, 100000000011… */
function accountIdOf(index: number): string {
  return index < 8 ? String((index + 2) * 111_111_111_111) : String(100_000_000_000 + index + 2);
}

export function memberAccounts(options: Pick<AccountsOptions, "members" | "refusing">): MemberAccount[] {
  const count = options.members + (options.refusing ? 1 : 0);
  return Array.from({ length: count }, (_, i) => {
    const id = accountIdOf(i);
    const trustsHub = i < options.members;
    const name = trustsHub ? (MEMBER_NAMES[i] ?? `member-${i + 1}`) : "audit";
    return { id, name, roleArn: `arn:aws:iam::${id}:role/${ROLE_NAME}`, externalId: `gatecheck-${name}-${id.slice(-4)}`, trustsHub };
  });
}

export function generateAccounts(options: AccountsOptions): { file: string; scenario: ScenarioInput }[] {
  const members = memberAccounts(options);
  const files: { file: string; scenario: ScenarioInput }[] = [
    {
      file: "accounts.json",
      scenario: {
        name: "accounts",
        description: `Hub ${HUB.id} (gatecheck's access key ${HUB.accessKeyId}) and ${members.length} member accounts, each with a ${ROLE_NAME} role that needs an external id${options.refusing ? `; ${members.at(-1)!.name}'s role trusts ${STRANGER_ACCOUNT}, not the hub` : ""}.`,
        accounts: [
          { id: HUB.id, name: HUB.name, accessKeys: [{ accessKeyId: HUB.accessKeyId, user: HUB.user }] },
          ...members.map((m) => ({
            id: m.id,
            name: m.name,
            roles: [{ name: ROLE_NAME, trustedPrincipals: [`arn:aws:iam::${m.trustsHub ? HUB.id : STRANGER_ACCOUNT}:root`], externalId: m.externalId }],
          })),
        ],
      },
    },
  ];
  const apiIds = new Map<string, string>();
  members.forEach((member, i) => {
    options.regions.forEach((region, j) => {
      const name = `${member.name}-${region}`;
      const { scenario } = generateScenario({ apis: options.apis, plans: options.plans, keys: options.keys, traffic: options.traffic, seed: options.seed * 1000 + i * 100 + j, name, region });
      for (const api of scenario.restApis) {
        // REST API ids are global (the data plane routes by them); a clash would need another seed
        const clash = apiIds.get(api.id);
        if (clash) throw new Error(`REST API id ${api.id} generated for both ${clash} and ${name}; try another --seed`);
        apiIds.set(api.id, name);
      }
      files.push({
        file: `${name}.json`,
        scenario: {
          ...scenario,
          description: `${member.name} (${member.id}), ${region}: ${scenario.description.replace(/^Generated account/, "generated")}`,
          accountId: member.id,
          account: { cloudwatchRoleArn: `arn:aws:iam::${member.id}:role/APIGatewayPushToCloudWatchLogs` },
        },
      });
    });
  });
  return files;
}

/** Parses the command line, generates, validates each file against scenarioSchema and writes them; returns the summary line. */
export function runCli(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      "out-dir": { type: "string" },
      members: { type: "string" },
      regions: { type: "string" },
      seed: { type: "string" },
      apis: { type: "string" },
      plans: { type: "string" },
      keys: { type: "string" },
      traffic: { type: "string" },
      "no-refusing": { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const dir = values["out-dir"];
  if (!dir) throw new Error("--out-dir <directory> is required");
  const d = DEFAULT_ACCOUNTS_OPTIONS;
  const regions = values.regions?.split(",").map((r) => r.trim()) ?? d.regions;
  if (regions.length === 0 || regions.some((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) || new Set(regions).size !== regions.length) {
    throw new Error(`--regions must be distinct AWS regions separated by commas, got "${values.regions}"`);
  }
  const options: AccountsOptions = {
    members: count("members", values.members, d.members, 1),
    regions,
    refusing: !values["no-refusing"],
    seed: count("seed", values.seed, d.seed, 0),
    apis: count("apis", values.apis, d.apis, 1),
    plans: count("plans", values.plans, d.plans, 0),
    keys: count("keys", values.keys, d.keys, 0),
    traffic: count("traffic", values.traffic, d.traffic, 0),
  };
  const files = generateAccounts(options);
  fs.mkdirSync(dir, { recursive: true });
  for (const { file, scenario } of files) {
    const target = path.join(dir, file);
    parseScenario(scenario, target); // throws ScenarioError naming the field if the generator ever drifts from the format
    fs.writeFileSync(target, JSON.stringify(scenario, null, 2) + "\n");
  }
  const members = memberAccounts(options);
  return `wrote ${files.length} files to ${dir}: hub ${HUB.id}, ${members.map((m) => `${m.name} ${m.id}${m.trustsHub ? "" : " (refuses the hub)"}`).join(", ")} × ${regions.join(", ")}`;
}

if (process.argv[1] && /generate-accounts\.ts$/.test(process.argv[1])) {
  try {
    console.log(runCli(process.argv.slice(2)));
  } catch (err) {
    console.error(`generate-accounts: ${(err as Error).message}`);
    process.exit(2);
  }
}
