import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The AWS SDK stays a Node dependency of route handlers instead of being bundled.
  serverExternalPackages: ["@aws-sdk/client-api-gateway", "@aws-sdk/client-apigatewayv2", "@aws-sdk/client-cloudwatch-logs"],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (sim and scripts included) as its own step.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

export default nextConfig;
