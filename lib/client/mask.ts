/** AWS masks a key as 34 `*` + its last 6; on screen four stars say the same in less room. */
export const shortMask = (text: string) => text.replace(/\*{5,}/g, "****");
