// The saved login, read from tgcf.config.json, and what each Telegram action needs from it.
import { ApiError } from "../../utils/api-error";
import type { TgcfConfig } from "../config/model";
import type { ConfigStore } from "../config/store";

export type SavedLogin = TgcfConfig["login"];

/** user_type as tgcf reads it. */
export const USER_TYPE_BOT = 0;
export const USER_TYPE_USER = 1;

export interface ApiCredentials {
  api_id: number;
  api_hash: string;
}

/** The login section of the config on disk; 409 when the file is not a valid config. */
export async function readSavedLogin(store: ConfigStore): Promise<SavedLogin> {
  const snapshot = await store.read();
  if (snapshot.state === "invalid") {
    throw new ApiError(409, "tgcf.config.json is not valid: fix it or restore a backup before using Telegram", snapshot.errors);
  }
  return snapshot.config.login;
}

/** API ID and hash, or 409 naming the missing fields (pointers into the config). */
export function apiCredentials(login: SavedLogin): ApiCredentials {
  const missing = [
    ...(login.API_ID > 0 ? [] : [{ path: "/login/API_ID", message: "not set" }]),
    ...(login.API_HASH.trim() !== "" ? [] : [{ path: "/login/API_HASH", message: "not set" }]),
  ];
  if (missing.length > 0) {
    throw new ApiError(409, "save your API ID and API hash (from https://my.telegram.org) in Login first", missing);
  }
  return { api_id: login.API_ID, api_hash: login.API_HASH.trim() };
}

/** 409 for a secret the action needs but the config does not hold. */
export function missingSecret(path: string, message: string): ApiError {
  return new ApiError(409, message, [{ path, message: "not set" }]);
}
