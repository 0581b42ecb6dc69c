// oidc-provider ships no types; the test IdP uses it loosely.
declare module "oidc-provider";
