import "server-only";
import {
  CreateDeploymentCommand,
  CreateUsagePlanKeyCommand,
  DeleteUsagePlanKeyCommand,
  UpdateApiKeyCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
  type APIGatewayClient,
} from "@aws-sdk/client-api-gateway";
import type { WriteCall } from "@/lib/fixes/types";
import { permissionOf } from "@/lib/fixes/calls";
import { AwsCallError, toAwsFault } from "./errors";

// Write mode's calls (issue 14), sent with the write client only (clients.ts `apigatewayWriteClient`); what they
// changed is read back with the read credentials.

/** The SDK command of each write operation; its input is the call's, as the SDK takes it. */
const COMMANDS = {
  UpdateApiKey: UpdateApiKeyCommand,
  CreateUsagePlanKey: CreateUsagePlanKeyCommand,
  DeleteUsagePlanKey: DeleteUsagePlanKeyCommand,
  UpdateUsagePlan: UpdateUsagePlanCommand,
  CreateDeployment: CreateDeploymentCommand,
  UpdateStage: UpdateStageCommand,
  UpdateMethod: UpdateMethodCommand,
} as const;

async function send(client: APIGatewayClient, call: WriteCall): Promise<void> {
  const Command = COMMANDS[call.operation] as new (input: WriteCall["input"]) => Parameters<APIGatewayClient["send"]>[0];
  await client.send(new Command(call.input));
}

/** Sends one write; a failure becomes an AwsCallError naming the operation and the IAM permission it needed. */
export async function sendWrite(client: APIGatewayClient, call: WriteCall, region: string): Promise<void> {
  try {
    await send(client, call);
  } catch (err) {
    const { action, resource } = permissionOf(call, region);
    throw new AwsCallError(toAwsFault(err, call.operation, `${action} ${resource}`));
  }
}
