import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The AWS SDK stays a Node dependency of route handlers instead of being bundled.
  serverExternalPackages: ["@aws-sdk/client-api-gateway", "@aws-sdk/client-apigatewayv2", "@aws-sdk/client-cloudwatch-logs"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
