// Where each part of a multi-instance data dir lives (README "Data dir layout"):
//   <data>/.tgcf-server/            the server's own state: token, sessions.json, the managed tgcf (tgcf-venv), migration journal
//   <data>/instances/<id>/          one tgcf: tgcf.config.json, *.session, backups/, logs/, uploads/, .tgcf-server/ (desired state, child.json, …)
//   <data>/trash/<id>-<timestamp>/  deleted instances, kept until removed by hand
import { join } from "node:path";

export { DEFAULT_INSTANCE_ID } from "../../shared/instance-id";
export const INSTANCES_DIR_NAME = "instances";
export const TRASH_DIR_NAME = "trash";
/** Owner only: instance dirs hold Telegram sessions. */
export const INSTANCE_DIR_MODE = 0o700;

export function instancesDirPath(dataDir: string): string {
  return join(dataDir, INSTANCES_DIR_NAME);
}

export function instanceDirPath(dataDir: string, id: string): string {
  return join(dataDir, INSTANCES_DIR_NAME, id);
}

export function trashDirPath(dataDir: string): string {
  return join(dataDir, TRASH_DIR_NAME);
}
