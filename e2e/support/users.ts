// The test IdP's client and users, shared by the IdP (e2e/support/idp.ts), the app's configuration and the specs.

export const IDP_CLIENT = { id: "gatecheck-e2e", secret: "gatecheck-e2e-client-secret-0123456789" };

/** Login → claims. Each group maps to a role in the app's configuration (see playwright.config.ts). */
export const USERS: Record<string, { name: string; email: string; groups: string[] }> = {
  vera: { name: "Vera Viewer", email: "vera@example.test", groups: ["sre-readers"] },
  rui: { name: "Rui Responder", email: "rui@example.test", groups: ["sre-readers", "oncall"] },
  ada: { name: "Ada Admin", email: "ada@example.test", groups: ["platform-admins"] },
  nobody: { name: "No Body", email: "nobody@example.test", groups: ["marketing"] },
};
