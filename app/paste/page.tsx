import type { Metadata } from "next";
import { PasteView } from "@/components/paste/paste-view";

export const metadata: Metadata = { title: "What did you send? — gatecheck" };

export default function PastePage() {
  return <PasteView />;
}
