import packageJson from "../package.json";

export const VERSION: string = packageJson.version;
/** Set at build time by `bun build --define`; "source" when run from a checkout. */
declare const TGCF_SERVER_COMMIT: string | undefined;
export const COMMIT: string = typeof TGCF_SERVER_COMMIT === "string" ? TGCF_SERVER_COMMIT : "source";
