import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // `server-only` throws outside a React Server build; tests import lib/aws directly.
      "server-only": path.resolve(__dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["{lib,sim,scripts,test,app,components}/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      GATECHECK_ALLOWED_HOSTS: "gatecheck.test",
      GATECHECK_KEY_LOOKUPS_PER_MINUTE: "100000",
      GATECHECK_PROBES_PER_MINUTE: "100000",
      GATECHECK_FREEZES_PER_MINUTE: "100000",
    },
  },
});
