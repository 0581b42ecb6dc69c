// Audit events: who did what that reaches beyond reading. JSON lines on stdout and in the audit store.
import type { Role } from "@/lib/auth/config";

export type AuditAction = "sign-in" | "sign-in-refused" | "probe" | "key-lookup" | "freeze" | "fix-preview" | "fix-apply" | "fix-verify" | "fix-undo";

export interface AuditActor {
  /** The IdP's subject, or "local" without sign-in. */
  sub: string;
  name: string | null;
  email: string | null;
  role: Role;
}

export interface AuditEvent {
  /** Sortable: the time, then randomness. */
  id: string;
  at: string;
  action: AuditAction;
  actor: AuditActor;
  /** What was asked, with key values masked like AWS (last 6 characters): target, method, status, key… */
  details: Record<string, string | number | boolean | null>;
}

/** Where audit events are kept: a folder by default, an S3 bucket for several instances. */
export interface AuditStore {
  append(event: AuditEvent): Promise<void>;
  /** Newest first; `before` is an event id, for the next page. */
  list(options: { limit: number; before?: string }): Promise<AuditEvent[]>;
}
