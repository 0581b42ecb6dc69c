// AWS regions and their partitions: console hosts, ARN prefixes and DNS suffixes differ in China, GovCloud
// and the European Sovereign Cloud. Source: AWS General Reference, "Regions and endpoints" (2026).

export interface Partition {
  /** The ARN prefix: `arn:{name}:…` */
  name: "aws" | "aws-cn" | "aws-us-gov" | "aws-eusc";
  /** execute-api and other service host names end with this. */
  dnsSuffix: string;
  /** The console's host for a region. */
  consoleHost: (region: string) => string;
}

const PARTITIONS: Record<Partition["name"], Partition> = {
  aws: { name: "aws", dnsSuffix: "amazonaws.com", consoleHost: (region) => `${region}.console.aws.amazon.com` },
  "aws-cn": { name: "aws-cn", dnsSuffix: "amazonaws.com.cn", consoleHost: () => "console.amazonaws.cn" },
  "aws-us-gov": { name: "aws-us-gov", dnsSuffix: "amazonaws.com", consoleHost: () => "console.amazonaws-us-gov.com" },
  "aws-eusc": { name: "aws-eusc", dnsSuffix: "amazonaws.eu", consoleHost: (region) => `${region}.console.amazonaws-eusc.eu` },
};

/** Every current region, by partition. */
export const REGIONS: Record<Partition["name"], readonly string[]> = {
  aws: [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    "sa-east-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-eusc": ["eusc-de-east-1"],
};

/** The partition of a region; a region not yet in the list is taken by its prefix. */
export function partitionOf(region: string): Partition {
  for (const [name, regions] of Object.entries(REGIONS)) if (regions.includes(region)) return PARTITIONS[name as Partition["name"]];
  if (region.startsWith("cn-")) return PARTITIONS["aws-cn"];
  if (region.startsWith("us-gov-")) return PARTITIONS["aws-us-gov"];
  if (region.startsWith("eusc-")) return PARTITIONS["aws-eusc"];
  return PARTITIONS.aws;
}

/** Whether AWS has this region (the list above). */
export const isKnownRegion = (region: string): boolean => Object.values(REGIONS).some((regions) => regions.includes(region));
