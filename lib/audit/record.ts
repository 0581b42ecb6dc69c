import "server-only";
import { auditStore, newAuditEventId } from "./store";
import type { AuditAction, AuditActor, AuditEvent, AuditStore } from "./types";

/**
 * One audit event: a JSON line on stdout (for the log pipeline the team already has) and in the audit store
 * (for the admin page). A store that fails does not fail the action: the stdout line stands, and the
 * failure is logged next to it.
 */
export async function recordAudit(action: AuditAction, actor: AuditActor, details: AuditEvent["details"], store: AuditStore = auditStore()): Promise<AuditEvent> {
  const now = new Date();
  const event: AuditEvent = { id: newAuditEventId(now), at: now.toISOString(), action, actor, details };
  console.log(JSON.stringify({ gatecheckAudit: event }));
  try {
    await store.append(event);
  } catch (err) {
    console.error(`gatecheck: the audit store did not keep event ${event.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return event;
}
