// The launch rule (issue 12, item 1) as the built server applies it at start; e2e/standalone.spec.ts starts the
// built server under these settings and sees it refuse or listen.
import { describe, expect, it } from "vitest";
import { launchRefusal, shutdownGraceMs } from "./launch";

describe("launchRefusal", () => {
  it("refuses every interface without sign-in: HOSTNAME unset means 0.0.0.0 to Next's standalone server", () => {
    expect(launchRefusal({})).toMatch(/no sign-in configured, so it listens on loopback only \(asked: 0\.0\.0\.0\)/);
    expect(launchRefusal({ HOSTNAME: "gatecheck.internal" })).toMatch(/asked: gatecheck\.internal/);
  });

  it("lets loopback start without sign-in, and any address with sign-in or GATECHECK_AUTH=none", () => {
    for (const host of ["127.0.0.1", "localhost", "::1"]) expect(launchRefusal({ HOSTNAME: host })).toBeNull();
    expect(launchRefusal({ HOSTNAME: "0.0.0.0", GATECHECK_AUTH: "none" })).toBeNull();
    expect(launchRefusal({ HOSTNAME: "0.0.0.0", GATECHECK_AUTH: "alb", AWS_REGION: "eu-west-1" })).toBeNull();
  });

  it("refuses an incomplete sign-in configuration with the sentence that names what is missing", () => {
    expect(launchRefusal({ HOSTNAME: "127.0.0.1", GATECHECK_OIDC_ISSUER: "https://idp.example" })).toBe(
      "OpenID Connect sign-in needs GATECHECK_OIDC_CLIENT_ID, GATECHECK_OIDC_CLIENT_SECRET, GATECHECK_PUBLIC_URL, GATECHECK_SESSION_SECRET.",
    );
    expect(launchRefusal({ GATECHECK_AUTH: "yes" })).toMatch(/^GATECHECK_AUTH is "yes"/);
    expect(launchRefusal({ HOSTNAME: "127.0.0.1", GATECHECK_CONFIG: "/nonexistent/gatecheck.config.json" })).toMatch(/GATECHECK_CONFIG names .* which cannot be read/);
  });
});

describe("shutdownGraceMs", () => {
  it("is 25 s unless GATECHECK_SHUTDOWN_GRACE_MS gives a number of ms ≥ 0", () => {
    expect(shutdownGraceMs({})).toBe(25_000);
    expect(shutdownGraceMs({ GATECHECK_SHUTDOWN_GRACE_MS: "" })).toBe(25_000);
    expect(shutdownGraceMs({ GATECHECK_SHUTDOWN_GRACE_MS: "soon" })).toBe(25_000);
    expect(shutdownGraceMs({ GATECHECK_SHUTDOWN_GRACE_MS: "-1" })).toBe(25_000);
    expect(shutdownGraceMs({ GATECHECK_SHUTDOWN_GRACE_MS: "0" })).toBe(0);
    expect(shutdownGraceMs({ GATECHECK_SHUTDOWN_GRACE_MS: "5000" })).toBe(5_000);
  });
});
