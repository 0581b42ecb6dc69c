import type { Metadata } from "next";

export const metadata: Metadata = { title: "Signed out — gatecheck" };

const REASONS: Record<string, { title: string; body: string }> = {
  "no-role": {
    title: "Your account has no gatecheck role",
    body: "You signed in, but none of your groups is mapped to a role (viewer, responder or admin). Ask an admin to add you to one of the groups gatecheck is configured with.",
  },
  failed: { title: "The sign-in did not complete", body: "The identity provider did not finish the sign-in, or it took longer than 10 minutes. Sign in again." },
};

/** Where signing out, and a sign-in that did not work, land: reachable without a session. */
export default async function SignedOutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason, code } = await searchParams;
  const known = typeof reason === "string" ? REASONS[reason] : undefined;
  return (
    <section className="mx-auto max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">{known?.title ?? "You are signed out"}</h1>
      <p className="text-sm">{known?.body ?? "Your gatecheck session has ended. Your identity provider may keep you signed in there."}</p>
      {typeof code === "string" && /^[\w.-]{1,64}$/.test(code) ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Code: <code>{code}</code>
        </p>
      ) : null}
      {/* A plain link: the sign-in is a route handler that redirects to the identity provider, not a page. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/api/auth/login" className="inline-block rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800">
        Sign in
      </a>
    </section>
  );
}
