import { CopyButton } from "./copy-button";

/** One shell command, wrapped, with its copy button. */
export function CliCommand({ command }: { command: string }) {
  return (
    <div className="mt-2 flex items-start gap-2">
      <code className="min-w-0 flex-1 whitespace-pre-wrap break-all rounded bg-slate-900 px-2 py-1.5 font-mono text-xs text-slate-100 dark:bg-black/60">{command}</code>
      <CopyButton text={command} label="Copy command" />
    </div>
  );
}
