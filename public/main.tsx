// Entry point of the browser UI.
import { render } from "preact";
import { App } from "./App.tsx";
import { mayBeSignedIn } from "./state/session-hint.ts";
import { sessionState } from "./state/session.ts";

// Decided before the first render, so the first thing painted is what stays (no placeholder to shift the layout).
if (!mayBeSignedIn()) sessionState.set({ phase: "signed-out", notice: "" });
render(<App />, document.getElementById("app")!);
