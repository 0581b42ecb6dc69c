"use client";

import Link from "next/link";
import { useState } from "react";
import { postJson } from "@/lib/client/fetch-json";
import { useViewer } from "@/lib/client/viewer";

/** Who is signed in, with which role; admins (and the one local user) get the audit page; OpenID Connect sessions can sign out. */
export function AccountMenu() {
  const { mode, user } = useViewer();
  const [leaving, setLeaving] = useState(false);
  if (!user) return null;
  // Without sign-in there is nobody to name: the one user is an admin, and gets the audit log.
  const signedIn = mode === "oidc" || mode === "alb";
  const signOut = async () => {
    setLeaving(true);
    await postJson("/api/auth/logout", {}).catch(() => null);
    // A full load, so nothing of the signed-in pages stays in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/signed-out");
  };
  return (
    <div className="flex items-center gap-2 text-[13px] sm:text-sm" data-testid="account">
      {user.role === "admin" ? (
        <Link href="/admin/audit" className="rounded-md px-1.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Audit
        </Link>
      ) : null}
      {signedIn ? (
        <>
          <span className="hidden text-slate-600 sm:inline dark:text-slate-300" title={user.email ?? user.sub}>
            {user.name ?? user.email ?? user.sub}
          </span>
          <span className="rounded border border-slate-300 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:border-slate-600 dark:text-slate-200" aria-label={`Role: ${user.role}`}>
            {user.role}
          </span>
        </>
      ) : null}
      {mode === "oidc" ? (
        <button type="button" onClick={signOut} disabled={leaving} className="rounded-md px-1.5 py-1.5 font-medium text-slate-600 underline hover:no-underline disabled:opacity-60 dark:text-slate-300">
          Sign out
        </button>
      ) : null}
    </div>
  );
}
