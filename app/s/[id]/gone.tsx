import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

/** A snapshot that expired or can no longer be read: the API's sentence and hint, calmly, instead of an error page. */
export function SnapshotGone({ message, hint }: { message: string; hint: string }) {
  return (
    <EmptyState title={message}>
      <p>{hint}</p>
      <p className="mt-3">
        <Link href="/" className="font-medium text-sky-700 underline dark:text-sky-300">
          ← Back to the APIs
        </Link>
      </p>
    </EmptyState>
  );
}
