import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuditLog } from "@/components/audit/audit-log";
import { hasRole } from "@/lib/auth/config";
import { currentViewer } from "@/lib/auth/routes";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit — gatecheck" };

/** `/admin/audit`: who sent requests, looked keys up by value, froze diagnoses and signed in. Admins only. */
export default async function AuditPage() {
  const { user } = await currentViewer(await headers());
  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Audit</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every request sent, key looked up by value, diagnosis frozen and sign-in, newest first. Key values are masked like AWS masks them.
        </p>
      </header>
      {user && hasRole(user, "admin") ? (
        <AuditLog />
      ) : (
        <p role="alert" className="rounded-lg border-2 border-dashed border-red-500 bg-red-50 p-6 font-medium text-red-900 dark:bg-red-950/40 dark:text-red-100">
          ✕ The audit log needs the admin role; you are signed in as {user?.role ?? "nobody"}.
        </p>
      )}
    </section>
  );
}
