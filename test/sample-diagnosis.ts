// A small, complete diagnosis for the snapshot stores' tests (files and S3).
import type { Diagnosis } from "@/lib/diagnosis/types";

export const SAMPLE_DIAGNOSIS: Diagnosis = {
  verdict: "forbidden",
  firstBreak: null,
  findings: [],
  unknownHops: [{ hop: "auth", reason: "the authorizer could not be read" }],
  chain: { nodes: [{ id: "api", kind: "api", label: "orders", detail: null, status: "ok" }], edges: [] },
  logs: [],
  logStatus: { status: "not-read", message: "No log lines were read." },
  request: {
    region: "us-east-1",
    apiId: "a1b2c3d4e5",
    stage: "prod",
    method: "GET",
    path: "/orders",
    keyId: null,
    presentedKey: null,
    request: null,
    window: { from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T00:15:00.000Z" },
    requestId: null,
    callerInVpc: false,
    noKey: false,
    keysFromLogs: [],
  },
  correctedRequest: null,
  inventoryAt: "2026-01-01T00:15:00.000Z",
};
