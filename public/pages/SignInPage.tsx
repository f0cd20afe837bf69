// Sign in with the server's token. The token goes to POST api/login only; it is never stored in the browser.
import { useEffect, useRef, useState } from "preact/hooks";
import { signIn } from "../state/session.ts";

export function SignInPage({ notice }: { notice: string }) {
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const failure = await signIn(token);
    setBusy(false);
    if (failure) {
      setProblem(failure);
      input.current?.focus();
    } else setToken("");
  };
  return (
    <main class="sign-in">
      <form class="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">tgcf-server</h1>
        <p class="intro">Sign in to configure and run tgcf.</p>
        {notice && (
          <p class="notice info" role="status">
            {notice}
          </p>
        )}
        <div class={`field${problem ? " has-error" : ""}`}>
          <label for="token" class="field-label">
            Token
          </label>
          <input
            ref={input}
            id="token"
            name="token"
            type="password"
            autoComplete="current-password"
            required
            value={token}
            aria-invalid={problem !== null}
            aria-describedby="token-help token-error"
            onInput={(event) => setToken(event.currentTarget.value)}
          />
          <p id="token-help" class="field-help">
            The server prints it when it starts, and keeps it in its data directory (or it is the one you set with TGCF_SERVER_TOKEN).
          </p>
          <p id="token-error" class="field-error" role="alert">
            {problem}
          </p>
        </div>
        <button type="submit" class="button primary" disabled={busy || token === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
