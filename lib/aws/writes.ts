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

// Write mode's calls (issue 14), sent with the write client only (clients.ts `apigatewayWriteClient`).

/** What a write answered that later steps need: a new deployment's id. */
export interface WriteOutcome {
  deploymentId: string | null;
}

async function send(client: APIGatewayClient, call: WriteCall): Promise<WriteOutcome> {
  switch (call.operation) {
    case "UpdateApiKey":
      await client.send(new UpdateApiKeyCommand(call.input));
      return { deploymentId: null };
    case "CreateUsagePlanKey":
      await client.send(new CreateUsagePlanKeyCommand(call.input));
      return { deploymentId: null };
    case "DeleteUsagePlanKey":
      await client.send(new DeleteUsagePlanKeyCommand(call.input));
      return { deploymentId: null };
    case "UpdateUsagePlan":
      await client.send(new UpdateUsagePlanCommand(call.input));
      return { deploymentId: null };
    case "CreateDeployment":
      return { deploymentId: (await client.send(new CreateDeploymentCommand(call.input))).id ?? null };
    case "UpdateStage":
      await client.send(new UpdateStageCommand(call.input));
      return { deploymentId: null };
    case "UpdateMethod":
      await client.send(new UpdateMethodCommand(call.input));
      return { deploymentId: null };
  }
}

/** Sends one write; a failure becomes an AwsCallError naming the operation and the IAM permission it needed. */
export async function sendWrite(client: APIGatewayClient, call: WriteCall, region: string): Promise<WriteOutcome> {
  try {
    return await send(client, call);
  } catch (err) {
    const { action, resource } = permissionOf(call, region);
    throw new AwsCallError(toAwsFault(err, call.operation, `${action} ${resource}`));
  }
}
