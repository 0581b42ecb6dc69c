// Where the control-plane tests find their scenarios, and the ids those scenarios use.
import path from "node:path";

export const FIXTURE_SCENARIOS = path.join(__dirname, "scenarios");

export const PETS_API = "petsapi001";
export const EU_API = "euapi00001";
/** 60 keys `key0000000`…`key0000059`; plan01 holds the first 30, plan02 key0000000 and key0000030…39. */
export const keyId = (i: number) => `key${String(i).padStart(7, "0")}`;
