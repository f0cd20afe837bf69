// The bar on every page: name, tgcf's state, navigation (a menu button on narrow screens), sign out.
import { useState } from "preact/hooks";
import { currentPage, hasUnsavedWork, navigate, PAGES, type PageId } from "../state/router.ts";
import { signOut } from "../state/session.ts";
import { statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";
import { confirmDiscard } from "../pages/use-part-editor.ts";
import { StatusBadge } from "./StatusBadge.tsx";

export function AppHeader() {
  const page = useStore(currentPage);
  const { status } = useStore(statusState);
  const [menuOpen, setMenuOpen] = useState(false);

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
        <a class="brand" href="#/run" onClick={(event) => go(event, "run")}>
          tgcf-server
        </a>
        {/* The visible words start the link's name (WCAG 2.5.3, label in name); the destination follows for screen readers. */}
        <a class="header-status" href="#/run" onClick={(event) => go(event, "run")}>
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
          {PAGES.map(({ id, title }) => (
            <li key={id}>
              <a href={`#/${id}`} aria-current={page === id ? "page" : undefined} onClick={(event) => go(event, id)}>
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
    </header>
  );
}
