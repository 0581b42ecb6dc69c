import { describe, expect, it } from "vitest";
import { cliFix, consoleUrl } from "@/lib/diagnosis/fixes";
import { REGIONS, isKnownRegion, partitionOf } from "./regions";

describe("partitions", () => {
  it.each([
    ["us-east-1", "aws", "https://us-east-1.console.aws.amazon.com/apigateway/main/api-keys?api=unselected&region=us-east-1"],
    ["cn-north-1", "aws-cn", "https://console.amazonaws.cn/apigateway/main/api-keys?api=unselected&region=cn-north-1"],
    ["us-gov-west-1", "aws-us-gov", "https://console.amazonaws-us-gov.com/apigateway/main/api-keys?api=unselected&region=us-gov-west-1"],
  ])("%s is in %s, and console links go to its console", (region, partition, link) => {
    expect(partitionOf(region).name).toBe(partition);
    expect(consoleUrl.apiKeys(region)).toBe(link);
  });

  it("ARNs in fixes carry the partition", () => {
    expect(cliFix.cloudwatchRole("cn-northwest-1", "123456789012")).toContain("value=arn:aws-cn:iam::123456789012:role/");
    expect(cliFix.cloudwatchRole("us-gov-east-1", "123456789012")).toContain("value=arn:aws-us-gov:iam::");
    // No account id at hand: the command asks STS when run, never a placeholder to fill in.
    expect(cliFix.cloudwatchRole("us-east-1", null)).toContain(`iam::$(aws sts get-caller-identity --query Account --output text):role/`);
    expect(consoleUrl.iam("cn-north-1")).toBe("https://console.amazonaws.cn/iam/home#/policies");
    expect(consoleUrl.iam("eu-west-1")).toBe("https://console.aws.amazon.com/iam/home#/policies");
  });

  it("lists every current commercial region, and each name has AWS's shape", () => {
    for (const region of Object.values(REGIONS).flat()) expect(region).toMatch(/^[a-z]{2,4}(-[a-z]+)+-\d$/);
    expect(REGIONS.aws).toEqual(expect.arrayContaining(["ap-southeast-7", "mx-central-1", "ca-west-1", "ap-east-2", "ap-southeast-6"]));
  });
});

describe("region names", () => {
  it("only AWS's regions are known: a made-up name never gets clients of its own", () => {
    expect(isKnownRegion("eu-central-2")).toBe(true);
    expect(isKnownRegion("xx-fake-9")).toBe(false);
  });
});
