import { unknownApiPath } from "@/lib/api/route";

// Paths under /api/ that name no route get the JSON error shape, not Next's HTML 404.
export const dynamic = "force-dynamic";

export { unknownApiPath as GET, unknownApiPath as POST, unknownApiPath as PUT, unknownApiPath as PATCH, unknownApiPath as DELETE };
