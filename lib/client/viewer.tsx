"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type Role } from "@/lib/auth/config";
import type { Viewer } from "@/lib/auth/routes";

// Who is using the page, from the layout's server render: buttons a role may not use are shown disabled with
// the reason, instead of failing with a 403 after a click. The server checks again on every request.
const ViewerContext = createContext<Viewer>({ mode: "local", user: null });

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export const useViewer = (): Viewer => useContext(ViewerContext);

/** Why the viewer may not do something that needs `role`, or null when they may. */
export function useRoleGap(role: Role, what: string): string | null {
  const { user } = useViewer();
  if (!user || hasRole(user, role)) return null;
  return `${what} needs the ${role} role; you are signed in as ${user.role}.`;
}
