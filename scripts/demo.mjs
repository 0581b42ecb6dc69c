// `npm run demo`: the dashboard on the built-in simulator, seeded with every cause of CAUSES.md.
import path from "node:path";
import { ensureBuild, ensureDependencies, freePort, log, root, SERVER, serverEnv, simulatorAwsEnv, startService } from "./lib.mjs";

ensureDependencies();
if (ensureBuild() !== 0) {
  log("the build failed; see above");
  process.exit(1);
}

const DEMO_WRITE_MODE = { GATECHECK_WRITE: "1", GATECHECK_WRITE_ROLE_ARN: "arn:aws:iam::123456789012:role/gatecheck-fix" };
const simPort = await freePort();
const appPort = await freePort(Number(process.env.PORT ?? 3000));
const children = [];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

try {
  children.push(
    await startService("sim", process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "sim/main.ts", "--port", String(simPort)], {
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      ready: /sim listening on/,
    }),
  );
  children.push(
    await startService("app", process.execPath, [SERVER], {
      // Fixes from the dashboard, on simulated AWS only: the simulator's write role (GATECHECK_WRITE=0 turns them off).
      env: { ...simulatorAwsEnv(`http://127.0.0.1:${simPort}`), ...serverEnv(appPort), ...(process.env.GATECHECK_WRITE === "0" ? {} : DEMO_WRITE_MODE) },
      ready: /Ready|started server|Local:/i,
    }),
  );
} catch (err) {
  log(String(err));
  stop();
}

log(`gatecheck demo: http://127.0.0.1:${appPort}  (simulated AWS at http://127.0.0.1:${simPort}; Ctrl-C stops both)`);
