// The bar on every page: name, the instance (when there are several), tgcf's state, navigation (a menu button on narrow screens), sign out.
import { DEFAULT_INSTANCE_ID } from "../../src/shared/instance-id";
import { useEffect, useState } from "preact/hooks";
import { CURRENT_INSTANCE, pageHash } from "../state/instance.ts";
import { instancesState, loadInstancesOnce } from "../state/instances-store.ts";
import { currentPage, hasUnsavedWork, navigate, PAGES, type PageId } from "../state/router.ts";
import { signOut } from "../state/session.ts";
import { statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";
import { confirmDiscard } from "../pages/use-part-editor.ts";
import { InstanceSwitcher } from "./InstanceSwitcher.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

export function AppHeader() {
  const page = useStore(currentPage);
  const { status } = useStore(statusState);
  const { instances } = useStore(instancesState);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    void loadInstancesOnce();
  }, []);
  const several = (instances?.length ?? 0) > 1;
  // With one instance the overview stays out of the way (the Advanced page leads there).
  const pages = PAGES.filter(({ id }) => id !== "instances" || several || page === "instances");
  const unknownInstance = instances !== null && !instances.some((instance) => instance.id === CURRENT_INSTANCE);

  const go = (event: Event, target: PageId) => {
    event.preventDefault();
    setMenuOpen(false);
    void navigate(target);
  };
  const leave = async () => {
    if (hasUnsavedWork() && !(await confirmDiscard())) return;
    await signOut();
  };
  return (
    <header class="app-header">
      <div class="header-bar">
        <a class="brand" href={pageHash("run")} onClick={(event) => go(event, "run")}>
          tgcf-server
        </a>
        {/* The visible words start the link's name (WCAG 2.5.3, label in name); the destination follows for screen readers. */}
        {several && instances ? <InstanceSwitcher instances={instances} /> : null}
        <a class="header-status" href={pageHash("run")} onClick={(event) => go(event, "run")}>
          <StatusBadge status={status} />
          <span class="visually-hidden">, open the Run page</span>
        </a>
        <button type="button" class="button menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <button type="button" class="button sign-out" onClick={() => void leave()}>
          Sign out
        </button>
      </div>
      <nav id="main-nav" class={`main-nav${menuOpen ? " is-open" : ""}`} aria-label="Pages">
        <ul>
          {pages.map(({ id, title }) => (
            <li key={id}>
              <a href={pageHash(id)} aria-current={page === id ? "page" : undefined} onClick={(event) => go(event, id)}>
                {title}
              </a>
            </li>
          ))}
          <li class="nav-sign-out">
            <button type="button" class="button" onClick={() => void leave()}>
              Sign out
            </button>
          </li>
        </ul>
      </nav>
      {unknownInstance ? (
        <p class="notice error header-notice" role="alert">
          There is no instance “{CURRENT_INSTANCE}” on this server (it may have been deleted).{" "}
          <a href={pageHash("instances", DEFAULT_INSTANCE_ID)} onClick={(event) => (event.preventDefault(), void navigate("instances", DEFAULT_INSTANCE_ID))}>
            Show every instance
          </a>
        </p>
      ) : null}
    </header>
  );
}
