import "server-only";
import { randomBytes } from "node:crypto";
import { auditStore } from "./store";
import type { AuditAction, AuditActor, AuditEvent, AuditStore } from "./types";

/** Sortable by time (the id's first part is the time in ms, base 36, fixed width), unique by its random tail. */
const newEventId = (at: number) => `${at.toString(36).padStart(9, "0")}-${randomBytes(6).toString("hex")}`;

/**
 * One audit event: a JSON line on stdout (for the log pipeline the team already has) and in the audit store
 * (for the admin page). A store that fails does not fail the action: the stdout line stands, and the
 * failure is logged next to it.
 */
export async function recordAudit(action: AuditAction, actor: AuditActor, details: AuditEvent["details"], store: AuditStore = auditStore()): Promise<AuditEvent> {
  const now = Date.now();
  const event: AuditEvent = { id: newEventId(now), at: new Date(now).toISOString(), action, actor, details };
  console.log(JSON.stringify({ gatecheckAudit: event }));
  try {
    await store.append(event);
  } catch (err) {
    console.error(`gatecheck: the audit store did not keep event ${event.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return event;
}
