// Hash routes (#/run): they work under any sub-path. Leaving a page with unsaved changes asks first.
import { Store } from "./store.ts";

export const PAGES = [
  { id: "account", title: "Telegram account" },
  { id: "admins", title: "Admins" },
  { id: "connections", title: "Connections" },
  { id: "plugins", title: "Plugins" },
  { id: "run", title: "Run" },
  { id: "advanced", title: "Advanced" },
] as const;

export type PageId = (typeof PAGES)[number]["id"];
export const DEFAULT_PAGE: PageId = "run";

function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, "");
  return PAGES.find((page) => page.id === id)?.id ?? DEFAULT_PAGE;
}

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

/** Goes to `page` if every part of the current one agrees. */
export async function navigate(page: PageId): Promise<void> {
  if (page === currentPage.value) return;
  for (const guard of leaveGuards) {
    if (guard.hasUnsavedWork() && !(await guard.confirmLeaving())) {
      history.replaceState(null, "", `#/${currentPage.value}`);
      return;
    }
  }
  if (location.hash !== `#/${page}`) history.pushState(null, "", `#/${page}`);
  currentPage.set(page);
}

// Back/forward and typed addresses (popstate also fires for fragment changes): put the old address back while the guard asks.
addEventListener("popstate", () => {
  const target = pageFromHash(location.hash);
  if (target === currentPage.value) return;
  history.replaceState(null, "", `#/${currentPage.value}`);
  void navigate(target);
});
