// Next runs register() once in each server process as it starts, before any request is answered: the launch rule
// of lib/auth/config.ts is enforced here so that every way of starting the built server (npm start, the demo, the
// tests, the Docker image) obeys it.
export async function register(): Promise<void> {
  // `next dev` passes its host to its worker over IPC, out of reach here; `npm run dev` binds loopback.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NODE_ENV !== "production") return;
  (await import("@/lib/ops/launch")).onServerStart();
}
