// Hash routes (#/run, #/i/<id>/run for another instance): they work under any sub-path. Leaving a page with unsaved changes asks first.
import { CURRENT_INSTANCE, instanceFromHash, pageHash, pageIdFromHash, reloadAt } from "./instance.ts";
import { Store } from "./store.ts";

export const PAGES = [
  { id: "instances", title: "Instances" },
  { id: "account", title: "Telegram account" },
  { id: "admins", title: "Admins" },
  { id: "connections", title: "Connections" },
  { id: "plugins", title: "Plugins" },
  { id: "run", title: "Run" },
  { id: "activity", title: "Activity" },
  { id: "alerts", title: "Alerts" },
  { id: "advanced", title: "Advanced" },
] as const;

export type PageId = (typeof PAGES)[number]["id"];
export const DEFAULT_PAGE: PageId = "run";

function pageFromHash(hash: string): PageId {
  const id = pageIdFromHash(hash);
  return PAGES.find((page) => page.id === id)?.id ?? DEFAULT_PAGE;
}

/** True when the address named no page (the landing after sign-in is then chosen: the overview when there are several instances). */
export const pageWasNamed = pageIdFromHash(location.hash) !== "";

export const currentPage = new Store<PageId>(pageFromHash(location.hash));

/** Unsaved work on the current page: whether there is any, and asking whether to drop it (resolves false to stay). */
export interface LeaveGuard {
  hasUnsavedWork(): boolean;
  confirmLeaving(): Promise<boolean>;
}

const leaveGuards = new Set<LeaveGuard>();

/** Installed by a part of a page holding unsaved work; returns the uninstaller. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuards.add(guard);
  return () => leaveGuards.delete(guard);
}

/** True when some part of the current page has unsaved work (for beforeunload). */
export function hasUnsavedWork(): boolean {
  return [...leaveGuards].some((guard) => guard.hasUnsavedWork());
}

async function everyGuardAgrees(): Promise<boolean> {
  for (const guard of leaveGuards) {
    if (guard.hasUnsavedWork() && !(await guard.confirmLeaving())) return false;
  }
  return true;
}

/** Goes to `page` (of this tab's instance, or of `instance`: that reloads the page) if every part of the current one agrees. */
export async function navigate(page: PageId, instance: string = CURRENT_INSTANCE): Promise<void> {
  if (page === currentPage.value && instance === CURRENT_INSTANCE) return;
  if (!(await everyGuardAgrees())) {
    history.replaceState(null, "", pageHash(currentPage.value));
    return;
  }
  if (instance !== CURRENT_INSTANCE) return reloadAt(instance, page);
  if (location.hash !== pageHash(page)) history.pushState(null, "", pageHash(page));
  currentPage.set(page);
}

// Back/forward and typed addresses (popstate also fires for fragment changes): put the old address back while the guard asks.
addEventListener("popstate", () => {
  const target = pageFromHash(location.hash);
  const instance = instanceFromHash(location.hash);
  if (target === currentPage.value && instance === CURRENT_INSTANCE) return;
  history.replaceState(null, "", pageHash(currentPage.value));
  void navigate(target, instance);
});
