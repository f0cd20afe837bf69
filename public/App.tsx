// The app: sign-in until there is a session, then the header and the current page.
import type { ComponentType } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { AppHeader } from "./components/AppHeader.tsx";
import { ConfirmHost } from "./components/confirm.tsx";
import { ChatPickerHost } from "./telegram/ChatPicker.tsx";
import { AccountPage } from "./pages/AccountPage.tsx";
import { AdminsPage } from "./pages/AdminsPage.tsx";
import { AdvancedPage } from "./pages/AdvancedPage.tsx";
import { ConnectionsPage } from "./pages/ConnectionsPage.tsx";
import { PluginsPage } from "./pages/PluginsPage.tsx";
import { RunPage } from "./pages/RunPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { configState } from "./state/config-store.ts";
import { deepEqual } from "./lib/merge-patch.ts";
import { currentPage, hasUnsavedWork, PAGES, type PageId } from "./state/router.ts";
import { checkSession, sessionState } from "./state/session.ts";
import { useStore } from "./state/store.ts";

const PAGE_VIEWS: Record<PageId, ComponentType> = {
  account: AccountPage,
  admins: AdminsPage,
  connections: ConnectionsPage,
  plugins: PluginsPage,
  run: RunPage,
  advanced: AdvancedPage,
};

function unsavedAnywhere(): boolean {
  const { saved, draft } = configState.value;
  return hasUnsavedWork() || (saved !== null && !deepEqual(saved, draft));
}

function SignedIn() {
  const page = useStore(currentPage);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.id === page)?.title ?? ""} · tgcf-server`;
    // Move focus to the new page's heading (not on first load), so keyboard and screen reader users land there.
    if (!first.current) main.current?.querySelector<HTMLElement>("#page-title")?.focus();
    first.current = false;
  }, [page]);
  const View = PAGE_VIEWS[page];
  return (
    <>
      <a class="skip-link" href="#main" onClick={(event) => (event.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <AppHeader />
      <main id="main" ref={main} tabIndex={-1}>
        <View />
      </main>
    </>
  );
}

export function App() {
  const session = useStore(sessionState);
  useEffect(() => {
    void checkSession();
    const warn = (event: BeforeUnloadEvent) => {
      if (!unsavedAnywhere()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, []);
  return (
    <>
      {session.phase === "checking" && <p class="loading splash">Loading…</p>}
      {session.phase === "signed-out" && <SignInPage notice={session.notice} />}
      {session.phase === "signed-in" && <SignedIn />}
      <ConfirmHost />
      <ChatPickerHost />
    </>
  );
}
