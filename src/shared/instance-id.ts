// What an instance id may be, and where an instance's page is in the UI: one rule for the server (paths, routes, the
// API's schema, links in alerts) and the UI (addresses, forms).

/** The instance the routes without /instances/<id> address, and the one a single-instance data dir becomes. */
export const DEFAULT_INSTANCE_ID = "default";

/** The pattern's source without anchors, for building larger patterns (an address, a `since` item). */
export const INSTANCE_ID_SOURCE = "[a-z0-9][a-z0-9-]{0,31}";
export const INSTANCE_ID_PATTERN = new RegExp(`^${INSTANCE_ID_SOURCE}$`);
/** Said to a person whose id does not fit. */
export const INSTANCE_ID_RULE = 'use 1 to 32 lowercase letters, digits and "-", starting with a letter or digit';

export function isValidInstanceId(id: string): boolean {
  return INSTANCE_ID_PATTERN.test(id);
}

/** The UI's address of `page` of `instance`, after the page's URL: "#/run" for default, "#/i/<id>/run" otherwise. */
export function instancePageHash(page: string, instance: string): string {
  return instance === DEFAULT_INSTANCE_ID ? `#/${page}` : `#/i/${instance}/${page}`;
}
