// Which tgcf instance this tab shows (from the address, #/i/<id>/<page>; #/<page> is `default`) and the one place that builds its URLs.
import { DEFAULT_INSTANCE_ID, INSTANCE_ID_SOURCE, instancePageHash } from "../../src/shared/instance-id";


const INSTANCE_HASH = new RegExp(`^#/i/(${INSTANCE_ID_SOURCE})(?:/|$)`);

/** The instance an address names: #/i/<id>/… or, for any other address, `default`. */
export function instanceFromHash(hash: string): string {
  return INSTANCE_HASH.exec(hash)?.[1] ?? DEFAULT_INSTANCE_ID;
}

/** The address's part after the instance: "#/i/a/run" and "#/run" both give "run". */
export function pageIdFromHash(hash: string): string {
  const match = INSTANCE_HASH.exec(hash);
  const rest = match ? hash.slice(match[0].length) : hash.replace(/^#\/?/, "");
  return rest.replace(/\/.*$/, "");
}

/**
 * Fixed for the life of the page: every store (config, status, log, chats) holds this instance's data,
 * so showing another instance reloads the page (see openInstance) rather than resetting each store.
 */
export const CURRENT_INSTANCE = instanceFromHash(globalThis.location?.hash ?? "");

/** The address of `page` of `instance` (default: this tab's): "#/run" for default, "#/i/<id>/run" otherwise. */
export function pageHash(page: string, instance: string = CURRENT_INSTANCE): string {
  return instancePageHash(page, instance);
}

/** The relative base of `instance`'s API: "api/" for default, "api/instances/<id>/" otherwise (relative, so a reverse proxy's sub-path works). */
export function instanceApiBase(instance: string = CURRENT_INSTANCE): string {
  return instance === DEFAULT_INSTANCE_ID ? "api/" : `api/instances/${encodeURIComponent(instance)}/`;
}

/** A per-instance API path ("config?with=warnings") made relative to this tab's instance. */
export function instanceApi(path: string, instance: string = CURRENT_INSTANCE): string {
  return instanceApiBase(instance) + path.replace(/^api\//, "");
}

/** The log socket's relative path of `instance`. */
export function instanceLogSocketPath(instance: string = CURRENT_INSTANCE): string {
  return instance === DEFAULT_INSTANCE_ID ? "ws/logs" : `ws/instances/${encodeURIComponent(instance)}/logs`;
}

/** A storage key kept apart per instance (default keeps the key it always had, so nothing stored before is lost). */
export function instanceStorageKey(key: string, instance: string = CURRENT_INSTANCE): string {
  return instance === DEFAULT_INSTANCE_ID ? key : `${key}@${instance}`;
}

let reloadingOnPurpose = false;

/** True while the page reloads to show another instance (the unsaved-work question was already asked). */
export function isSwitchingInstance(): boolean {
  return reloadingOnPurpose;
}

/** Shows `page` of `instance`: same instance only moves the address; another one reloads the page at its address. */
export function reloadAt(instance: string, page: string): void {
  reloadingOnPurpose = true;
  history.pushState(null, "", pageHash(page, instance));
  location.reload();
}
