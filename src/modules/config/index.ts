// The configuration API over tgcf.config.json: read, validate, save, merge-patch, back up and restore.
import { Elysia, t } from "elysia";
import { ApiError } from "../../utils/api-error";
import { readBodyText } from "../../utils/body-limit";
import { errorResponses } from "../../utils/error-responses";
import type { ConfigSnapshot, ConfigStore } from "./store";
import { configJsonSchema, type TgcfConfig } from "./model";
import { redactSecrets } from "./secrets";
import { parseDocument, toYaml } from "./parse-document";
import { configFromDocument, configFromMergePatch } from "./save";
import { parsedObjectOf, redactRawSecrets } from "./raw-secrets";

const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml"];

function wantsYaml(request: Request, format: string | undefined): boolean {
  if (format !== undefined) return format === "yaml";
  const accept = request.headers.get("accept") ?? "";
  return YAML_TYPES.some((type) => accept.includes(type));
}

/** The config (secrets redacted) as JSON or YAML, with its ETag. */
function configResponse(snapshot: ConfigSnapshot, request: Request, format: string | undefined): Response {
  if (snapshot.state === "invalid") throw invalidFile(snapshot);
  const redacted = redactSecrets(snapshot.config);
  const yaml = wantsYaml(request, format);
  return new Response(yaml ? toYaml(redacted) : JSON.stringify(redacted), {
    headers: {
      "content-type": yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8",
      etag: snapshot.etag,
      "cache-control": "no-store",
    },
  });
}

function invalidFile(snapshot: Extract<ConfigSnapshot, { state: "invalid" }>): ApiError {
  return new ApiError(
    422,
    "tgcf.config.json on disk is not a valid config (edited by hand?): fix it with a full save, or restore a backup",
    // raw is null when secrets could not be told apart in the text: better no text than a leaked secret.
    { errors: snapshot.errors, raw: redactRawSecrets(snapshot.raw) },
    { etag: snapshot.etag },
  );
}

/** What a save may restore secrets from: the stored config, or the parsed object of a damaged but JSON file. */
function storedSecretsSource(snapshot: ConfigSnapshot) {
  return snapshot.state === "invalid" ? parsedObjectOf(snapshot.raw) : snapshot.config;
}

async function readDocument(request: Request): Promise<unknown> {
  return parseDocument(await readBodyText(request), request.headers.get("content-type"));
}

const FormatQuery = t.Object({ format: t.Optional(t.Union([t.Literal("json"), t.Literal("yaml")], { description: "default json, or send Accept: application/yaml" })) });
const IfMatchHeaders = t.Object({ "if-match": t.Optional(t.String({ description: "the ETag you read: a save over a newer file answers 412" })) });

function configDocs(summary: string, withBody: boolean, statuses: number[]) {
  const schema = configJsonSchema();
  return {
    tags: ["config"],
    summary,
    ...(withBody
      ? { requestBody: { required: true, content: { "application/json": { schema }, "application/yaml": { schema } } } }
      : {}),
    responses: {
      200: { description: "the config, secrets redacted; header ETag", content: { "application/json": { schema }, "application/yaml": { schema } } },
      ...Object.fromEntries(statuses.map((status) => [status, { description: "error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }])),
    },
  };
}

export const configRoutes = (store: ConfigStore) =>
  new Elysia({ name: "config" })
    .model({ Error: t.Object({ error: t.String(), details: t.Optional(t.Unknown()) }) })
    .get("/api/config", async ({ request, query }) => configResponse(await store.read(), request, query.format), {
      query: FormatQuery,
      detail: configDocs("The whole config, defaults filled in (a missing file reads as tgcf's defaults)", false, [401, 422]),
    })
    .get("/api/config/schema", () => configJsonSchema(), {
      detail: { tags: ["config"], summary: "JSON Schema of tgcf's config: titles, descriptions, defaults, enums" },
    })
    .post(
      "/api/config",
      async ({ request, query, headers }) => {
        const document = await readDocument(request);
        const saved = await store.replaceFrom((current) => configFromDocument(document, storedSecretsSource(current)), { ifMatch: headers["if-match"] });
        return configResponse(saved, request, query.format);
      },
      {
        query: FormatQuery,
        headers: IfMatchHeaders,
        parse: "none",
        detail: configDocs("Replace the whole config (JSON or YAML); the previous version is backed up", true, [400, 401, 403, 412, 413, 415, 422]),
      },
    )
    .patch(
      "/api/config",
      async ({ request, query, headers }) => {
        const patch = await readDocument(request);
        const saved = await store.update((current: TgcfConfig) => configFromMergePatch(patch, current), { ifMatch: headers["if-match"] });
        return configResponse(saved, request, query.format);
      },
      {
        query: FormatQuery,
        headers: IfMatchHeaders,
        parse: "none",
        detail: configDocs("Change part of the config with an RFC 7396 merge patch (JSON or YAML)", true, [400, 401, 403, 409, 412, 413, 415, 422]),
      },
    )
    .get("/api/config/backups", () => store.listBackups(), {
      response: { 200: t.Array(t.Object({ id: t.String(), createdAt: t.String(), size: t.Integer() })), ...errorResponses(401) },
      detail: { tags: ["config"], summary: "Earlier versions of the config, newest first (the last 20)" },
    })
    .get(
      "/api/config/backups/:id",
      async ({ params }) => {
        const backup = await store.readBackup(params.id);
        const info = { id: backup.id, createdAt: backup.createdAt, size: backup.size };
        return backup.state === "ok" ? { ...info, state: "ok" as const, config: redactSecrets(backup.config) } : { ...info, state: "invalid" as const, errors: backup.errors };
      },
      { detail: { tags: ["config"], summary: "One backup (secrets redacted), or its errors if it is not a valid config" } },
    )
    .post(
      "/api/config/backups/:id/restore",
      async ({ params, request, headers }) => configResponse(await store.restoreBackup(params.id, { ifMatch: headers["if-match"] }), request, undefined),
      { headers: IfMatchHeaders, detail: configDocs("Restore a backup (the current version is backed up first)", false, [400, 401, 403, 404, 412, 422]) },
    );
