// Entry point of the browser UI.
import { render } from "preact";
import { App } from "./App.tsx";

render(<App />, document.getElementById("app")!);
