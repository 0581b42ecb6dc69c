import { CliCommand } from "@/components/ui/cli-command";
import type { FixPlan, PlannedCall, ResourceState } from "@/lib/fixes/types";

// What Apply will do, in full: the calls (as the SDK takes them, as CLI commands, and the IAM permission each
// needs), what else they change, each resource before and after, and how it is undone. Ids and settings only:
// a plan never holds a key value.

const subheading = "text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";

export function FixPlanView({ plan }: { plan: FixPlan }) {
  return (
    <div className="space-y-4">
      <p className="text-sm">{plan.summary}</p>
      <section aria-label="Calls">
        <h4 className={subheading}>{plan.calls.length === 1 ? "The call" : `The ${plan.calls.length} calls`}, in order</h4>
        <ol className="mt-1.5 space-y-3">
          {plan.calls.map((call, i) => (
            <PlannedCallView key={i} call={call} />
          ))}
        </ol>
      </section>
      <SideEffects effects={plan.sideEffects} />
      <BeforeAfter before={plan.before} after={plan.after} />
      <UndoPlan undo={plan.undo} />
    </div>
  );
}

/** One write: what it does, the SDK operation and input, the same as a CLI command, the IAM permission. */
function PlannedCallView({ call }: { call: PlannedCall }) {
  return (
    <li data-operation={call.call.operation} className="rounded-md border border-slate-200 bg-white p-2.5 dark:border-slate-700 dark:bg-slate-900">
      <p className="text-sm font-medium">{call.summary}</p>
      <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
        SDK call <code className="font-mono font-semibold text-slate-800 dark:text-slate-200">{call.call.operation}</code> with
      </p>
      {/* Focusable, so a wide input can be scrolled by keyboard too. */}
      <pre
        tabIndex={0}
        aria-label={`${call.call.operation} input`}
        className="mt-1 max-h-64 overflow-auto rounded bg-slate-100 px-2 py-1.5 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200"
      >
        <code>{JSON.stringify(call.call.input, null, 2)}</code>
      </pre>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">The same with the AWS CLI:</p>
      <CliCommand command={call.cli} />
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400" data-testid="iam">
        IAM permission: <code className="font-mono font-semibold text-slate-800 dark:text-slate-200">{call.iam.action}</code> on{" "}
        <code className="break-all font-mono text-slate-800 dark:text-slate-200">{call.iam.resource}</code>
      </p>
    </li>
  );
}

/** What else the calls change: said in words under a label, in amber, so it is read before Apply. */
function SideEffects({ effects }: { effects: string[] }) {
  if (effects.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-semibold">Also changes:</span> nothing else.
      </p>
    );
  return (
    <section
      aria-label="Also changes"
      data-testid="side-effects"
      className="rounded-md border-2 border-amber-500 bg-amber-50 p-2.5 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h4 className="font-semibold">
        <span aria-hidden>⚠ </span>Also changes
      </h4>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {effects.map((effect) => (
          <li key={effect}>{effect}</li>
        ))}
      </ul>
    </section>
  );
}

/** Each resource the fix touches, setting by setting: before → after (a resource the fix creates has no before). */
function BeforeAfter({ before, after }: { before: ResourceState[]; after: ResourceState[] }) {
  const resources = [...before.map((b) => b.resource), ...after.map((a) => a.resource).filter((r) => !before.some((b) => b.resource === r))];
  if (resources.length === 0) return null;
  return (
    <section aria-label="Before and after">
      <h4 className={subheading}>Before → after</h4>
      <ul className="mt-1.5 space-y-2">
        {resources.map((resource) => {
          const was = before.find((b) => b.resource === resource);
          const will = after.find((a) => a.resource === resource);
          const keys = [...new Set([...Object.keys(was?.state ?? {}), ...Object.keys(will?.state ?? {})])];
          return (
            <li key={resource} className="text-sm">
              <p className="font-medium">{will?.label ?? was?.label ?? resource}</p>
              <ul className="mt-0.5 space-y-0.5 pl-3">
                {keys.map((key) => {
                  const from = was ? was.state[key] : undefined;
                  const to = will ? will.state[key] : undefined;
                  const changed = from !== to;
                  return (
                    <li key={key} data-changed={changed} className={changed ? "" : "text-slate-500 dark:text-slate-400"}>
                      <code className="font-mono text-xs">{key}</code>: <Value value={from} /> <span aria-hidden>→</span>
                      <span className="sr-only">becomes</span> <Value value={to} />
                      {changed ? null : <span className="ml-1 text-xs">(unchanged)</span>}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Value({ value }: { value: string | undefined }) {
  if (value === undefined) return <span className="italic text-slate-500 dark:text-slate-400">(none)</span>;
  return <code className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">{value}</code>;
}

/** How the fix is undone: one click after Apply (calls gatecheck makes), or only a command, and why. */
function UndoPlan({ undo }: { undo: FixPlan["undo"] }) {
  return (
    <section aria-label="Undo" data-testid="undo-plan">
      <h4 className={subheading}>Undo</h4>
      <p className="mt-1 text-sm">{undo.summary}</p>
      {undo.kind === "calls" ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">After Apply, an Undo button makes {undo.calls.length === 1 ? "this call" : `these ${undo.calls.length} calls`}:</p>
      ) : (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">gatecheck cannot undo this itself: {undo.why}</p>
      )}
      {undo.kind === "calls" ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm">
          {undo.calls.map((call, i) => (
            <li key={i}>
              {call.summary} <code className="font-mono text-xs text-slate-600 dark:text-slate-400">({call.call.operation})</code>
            </li>
          ))}
        </ul>
      ) : (
        undo.cli.map((command) => <CliCommand key={command} command={command} />)
      )}
    </section>
  );
}
