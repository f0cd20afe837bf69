// Which server this is: version, commit, tgcf version, runtime, data dir, tgcf command (GET api/info).
import { useEffect, useState } from "preact/hooks";
import { ApiFailure, request } from "../api/http.ts";
import type { ServerInfo } from "../api/types.ts";

const FACTS: [keyof ServerInfo, string][] = [
  ["version", "Version"],
  ["commit", "Commit"],
  ["tgcfVersion", "tgcf version"],
  ["bun", "Bun"],
  ["platform", "Platform"],
  ["dataDir", "Data directory"],
  ["tgcfCommand", "tgcf command"],
];

export function AboutPanel() {
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    request<ServerInfo>("api/info").then(
      ({ data }) => setInfo(data),
      (error: ApiFailure) => setProblem(error.message),
    );
  }, []);
  return (
    <section class="card" aria-labelledby="about-title">
      <h2 id="about-title">About</h2>
      {problem && <p class="notice error">{problem}</p>}
      {info && (
        <dl class="facts">
          {FACTS.map(([key, label]) => (
            <div key={key} class={key === "dataDir" || key === "tgcfCommand" ? "wide" : ""}>
              <dt>{label}</dt>
              <dd>
                <code>{String(info[key] ?? (key === "tgcfVersion" ? "tgcf not found" : "—"))}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p class="card-help">
        API documentation: <a href="api/docs">api/docs</a>
      </p>
    </section>
  );
}
