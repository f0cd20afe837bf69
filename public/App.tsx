// The app: sign-in until there is a session, then the header and the current page (each page's code loaded when first shown).
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { AppHeader } from "./components/AppHeader.tsx";
import { ConfirmHost } from "./components/confirm.tsx";
import { ChatPickerHost } from "./telegram/ChatPicker.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { configState } from "./state/config-store.ts";
import { deepEqual } from "./lib/merge-patch.ts";
import { currentPage, hasUnsavedWork, pageWasNamed, PAGES, type PageId } from "./state/router.ts";
import { pageHash } from "./state/instance.ts";
import { loadInstancesOnce } from "./state/instances-store.ts";
import { isSwitchingInstance } from "./state/instance.ts";
import { checkSession, sessionState } from "./state/session.ts";
import { followSession } from "./state/session-hint.ts";
import { useStore } from "./state/store.ts";

/** Each page's code, fetched the first time the page is shown: the bundler gives every dynamic import a chunk of its own. */
const PAGE_LOADERS: Record<PageId, () => Promise<ComponentType>> = {
  instances: () => import("./instances/InstancesPage.tsx").then((module) => module.InstancesPage),
  account: () => import("./pages/AccountPage.tsx").then((module) => module.AccountPage),
  admins: () => import("./pages/AdminsPage.tsx").then((module) => module.AdminsPage),
  connections: () => import("./pages/ConnectionsPage.tsx").then((module) => module.ConnectionsPage),
  plugins: () => import("./pages/PluginsPage.tsx").then((module) => module.PluginsPage),
  run: () => import("./pages/RunPage.tsx").then((module) => module.RunPage),
  activity: () => import("./activity/ActivityPage.tsx").then((module) => module.ActivityPage),
  alerts: () => import("./alerts/AlertsPage.tsx").then((module) => module.AlertsPage),
  advanced: () => import("./pages/AdvancedPage.tsx").then((module) => module.AdvancedPage),
};

type LoadedView = { view: ComponentType } | { failed: true };
const loadedViews = new Map<PageId, LoadedView>();

/** The page's component once its code is here (null until then); a failed load (a new server version renamed the chunks) is kept. */
function usePageView(page: PageId): LoadedView | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (loadedViews.has(page)) return;
    let shown = true;
    PAGE_LOADERS[page]().then(
      (view) => loadedViews.set(page, { view }),
      () => loadedViews.set(page, { failed: true }),
    ).finally(() => shown && setVersion((version) => version + 1));
    return () => {
      shown = false;
    };
  }, [page]);
  return loadedViews.get(page) ?? null;
}

function unsavedAnywhere(): boolean {
  const { saved, draft } = configState.value;
  return hasUnsavedWork() || (saved !== null && !deepEqual(saved, draft));
}

function PageLoadFailed() {
  return (
    <div class="notice error" role="alert">
      <p>This page could not be loaded: the server may have been updated since this tab opened. Reload to get the current version.</p>
      <button type="button" class="button" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}

/**
 * True until the first page is chosen: an address that names no page lands on the Instances overview when there are several
 * instances (else on Run), once signed in.
 */
function useLanding(checking: boolean): boolean {
  const [listed, setListed] = useState(pageWasNamed);
  useEffect(() => {
    if (listed) return;
    let current = true;
    // Asked while the session is still being checked, so the first page comes no later than before.
    void loadInstancesOnce().then((instances) => {
      // An answer to a question asked before the session check ended must not undo a later one.
      if (!current) return;
      if (instances && instances.length > 1 && currentPage.value === "run") {
        history.replaceState(null, "", pageHash("instances"));
        currentPage.set("instances");
      }
      // A failed list (other than a session still being checked) does not hold the page back.
      setListed(instances !== null || !checking);
    });
    return () => {
      current = false;
    };
  }, [checking]);
  return !listed;
}

/** The header and the current page; while the session is being checked, the same frame with no page yet (nothing shifts after). */
function SignedIn({ checking }: { checking: boolean }) {
  const page = useStore(currentPage);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const landing = useLanding(checking);
  const loaded = usePageView(page);
  const View = !checking && !landing && loaded && "view" in loaded ? loaded.view : null;
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.id === page)?.title ?? ""} · tgcf-server`;
  }, [page]);
  useEffect(() => {
    if (!View) return;
    // Move focus to the new page's heading (not on first load), so keyboard and screen reader users land there.
    if (!first.current) main.current?.querySelector<HTMLElement>("#page-title")?.focus();
    first.current = false;
  }, [View]);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(event) => (event.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <AppHeader />
      <main id="main" ref={main} tabIndex={-1}>
        {View ? <View /> : loaded && "failed" in loaded ? <PageLoadFailed /> : <p class="loading">Loading…</p>}
      </main>
    </>
  );
}

export function App() {
  const session = useStore(sessionState);
  useEffect(() => {
    if (sessionState.value.phase === "checking") void checkSession();
    const forgetHint = sessionState.subscribe(followSession);
    const warn = (event: BeforeUnloadEvent) => {
      if (isSwitchingInstance() || !unsavedAnywhere()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    addEventListener("beforeunload", warn);
    return () => {
      forgetHint();
      removeEventListener("beforeunload", warn);
    };
  }, []);
  return (
    <>
      {session.phase === "signed-out" ? <SignInPage notice={session.notice} /> : <SignedIn checking={session.phase === "checking"} />}
      <ConfirmHost />
      <ChatPickerHost />
    </>
  );
}
