// `npm run sim -- --port 4566 [--scenarios <dir|file>]…` (repeat --scenarios to load several)
import { parseArgs } from "node:util";
import { ScenarioError } from "./scenario";
import { Simulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.SIM_PORT ?? "4566" },
    host: { type: "string", default: "127.0.0.1" },
    scenarios: { type: "string", multiple: true },
    "no-traffic": { type: "boolean", default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`sim: --port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}

const sim = new Simulator({ ...(values.scenarios?.length ? { scenarios: values.scenarios } : {}), replayTraffic: !values["no-traffic"] });
try {
  sim.load();
} catch (err) {
  if (err instanceof ScenarioError) {
    console.error(`sim: broken scenario — ${err.message}`);
    process.exit(2);
  }
  throw err;
}

void sim.listen(port, values.host).then((url) => {
  console.log(`sim listening on ${url} (${sim.scenarios.length} scenarios)`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
