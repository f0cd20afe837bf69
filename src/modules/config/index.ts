// The configuration API over tgcf.config.json: read, validate, save, merge-patch, back up and restore.
import { Elysia, t } from "elysia";
import { ApiError } from "../../utils/api-error";
import { requesterOf } from "../auth";
import { readBodyText, readsOwnBody } from "../../utils/body-limit";
import { errorResponses } from "../../utils/error-responses";
import type { ConfigSnapshot, ConfigStore } from "./store";
import { configJsonSchema, type TgcfConfig } from "./model";
import { redactSecrets } from "./secrets";
import { parseDocument, toYaml } from "./parse-document";
import { configFromDocument, configFromJsonPatch, configFromMergePatch } from "./save";
import { adjustmentWarnings, pluginWarnings, unknownKeyWarnings, type ConfigWarning } from "./config-warnings";
import { parsedObjectOf, redactRawSecrets } from "./raw-secrets";
import type { RouteScope } from "../instances/scope";

const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml"];
export const JSON_PATCH_MEDIA_TYPE = "application/json-patch+json";
/** Says how many warnings the config has; `?with=warnings` returns them beside it. */
export const WARNINGS_HEADER = "x-config-warnings";

function wantsYaml(request: Request, format: string | undefined): boolean {
  if (format !== undefined) return format === "yaml";
  const accept = request.headers.get("accept") ?? "";
  return YAML_TYPES.some((type) => accept.includes(type));
}

/** Everything tgcf will ignore or read differently in this config, at JSON pointers. */
export function warningsOf(snapshot: Exclude<ConfigSnapshot, { state: "invalid" }>): ConfigWarning[] {
  const notes = snapshot.state === "ok" ? snapshot.warnings : [];
  return [...unknownKeyWarnings(snapshot.config), ...adjustmentWarnings(notes), ...pluginWarnings(snapshot.config)];
}

/**
 * The config (secrets redacted) as JSON or YAML, with its ETag and the number of warnings in a header. With
 * `with=warnings` the body is `{config, warnings}` instead, so the seed's body stays the config itself.
 */
function configResponse(snapshot: ConfigSnapshot, request: Request, query: { format?: "json" | "yaml"; with?: "warnings" }): Response {
  if (snapshot.state === "invalid") throw invalidFile(snapshot);
  const redacted = redactSecrets(snapshot.config);
  const warnings = warningsOf(snapshot);
  const body = query.with === "warnings" ? { config: redacted, warnings } : redacted;
  const yaml = wantsYaml(request, query.format);
  return new Response(yaml ? toYaml(body) : JSON.stringify(body), {
    headers: {
      "content-type": yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8",
      etag: snapshot.etag,
      "cache-control": "no-store",
      [WARNINGS_HEADER]: String(warnings.length),
    },
  });
}

function invalidFile(snapshot: Extract<ConfigSnapshot, { state: "invalid" }>): ApiError {
  return new ApiError(
    422,
    "tgcf.config.json on disk is not a valid config (edited by hand?): fix it with a full save, or restore a backup",
    // raw is null when secrets could not be told apart in the text: better no text than a leaked secret.
    rawDetails(snapshot),
    { etag: snapshot.etag },
  );
}

/** The damaged file's errors and its text with secrets hidden, or, when they cannot be hidden safely, why not. */
function rawDetails(snapshot: Extract<ConfigSnapshot, { state: "invalid" }>) {
  const raw = redactRawSecrets(snapshot.raw);
  if (raw !== null) return { errors: snapshot.errors, raw };
  return {
    errors: snapshot.errors,
    raw: null,
    rawWithheld: "the file's text is not shown: it holds a secret whose value could not be told apart safely; open tgcf.config.json on the server to repair it, or restore a backup",
  };
}

/** What a save may restore secrets from: the stored config, or the parsed object of a damaged but JSON file. */
function storedSecretsSource(snapshot: ConfigSnapshot) {
  return snapshot.state === "invalid" ? parsedObjectOf(snapshot.raw) : snapshot.config;
}

function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function jsonPatchSchema(): Record<string, unknown> {
  return {
    type: "array",
    items: {
      type: "object",
      required: ["op", "path"],
      properties: {
        op: { type: "string", enum: ["add", "remove", "replace", "move", "copy", "test"] },
        path: { type: "string", description: "JSON pointer, e.g. /forwards/1/dest/0" },
        from: { type: "string", description: "move and copy: the JSON pointer to take the value from" },
        value: { description: "add, replace and test: any JSON value, null included" },
      },
    },
  };
}

async function readDocument(request: Request): Promise<unknown> {
  return parseDocument(await readBodyText(request), request.headers.get("content-type"));
}

/** One earlier version of the file: when it was written and by whom, and when it was replaced. */
const BackupInfoSchema = t.Object({
  id: t.String(),
  createdAt: t.String({ description: "when the backup was made: when this version was replaced (as replacedAt)" }),
  size: t.Integer({ description: "bytes" }),
  savedAt: t.Union([t.String(), t.Null()], { description: "when this version was written; null for backups older than this record" }),
  replacedAt: t.String(),
  source: t.Union([t.Literal("server"), t.Literal("external"), t.Literal("unknown")], { description: "server: saved through this server; external: another program (tgcf, an editor)" }),
  by: t.Optional(t.String({ description: "server saves: who asked (web UI, API token)" })),
  note: t.Optional(t.String({ description: "what else is known: while tgcf ran, restored backup …" })),
});

const FormatQuery = t.Object({
  format: t.Optional(t.Union([t.Literal("json"), t.Literal("yaml")], { description: "default json, or send Accept: application/yaml" })),
  with: t.Optional(t.Literal("warnings", { description: "answer {config, warnings}: what tgcf will ignore or read differently, at JSON pointers" })),
});
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

/** The config routes of the instance the scope addresses (see modules/instances/scope). */
export const configRoutes = (scope: RouteScope<ConfigStore>) => {
  const base = scope.base;
  const backupParam = scope.nested ? "backupId" : "id";
  const backupIdOf = (params: unknown) => (params as Record<string, string>)[backupParam]!;
  return new Elysia({ name: "config", seed: scope.key })
    .model({ Error: t.Object({ error: t.String(), details: t.Optional(t.Unknown()) }) })
    .get(`${base}/config`, async ({ request, query, params }) => configResponse(await scope.pick(params).read(), request, query), {
      query: FormatQuery,
      detail: scope.docs(configDocs("The whole config, defaults filled in (a missing file reads as tgcf's defaults)", false, [401, 404, 422]), "/config"),
    })
    .get(`${base}/config/schema`, ({ params }) => (scope.pick(params), configJsonSchema()), {
      detail: scope.docs({ tags: ["config"], summary: "JSON Schema of tgcf's config: titles, descriptions, defaults, enums" }, "/config/schema"),
    })
    .post(
      `${base}/config`,
      async ({ request, query, headers, params }) => {
        const store = scope.pick(params);
        const document = await readDocument(request);
        const saved = await store.replaceFrom((current) => configFromDocument(document, storedSecretsSource(current)), { ifMatch: headers["if-match"], by: requesterOf(request) });
        return configResponse(saved, request, query);
      },
      {
        query: FormatQuery,
        headers: IfMatchHeaders,
        parse: readsOwnBody,
        detail: scope.docs(configDocs("Replace the whole config (JSON or YAML); the previous version is backed up", true, [400, 401, 403, 404, 412, 413, 415, 422]), "/config"),
      },
    )
    .patch(
      `${base}/config`,
      async ({ request, query, headers, params }) => {
        const store = scope.pick(params);
        const patch = await readDocument(request);
        const isJsonPatch = mediaTypeOf(request) === JSON_PATCH_MEDIA_TYPE;
        const apply = isJsonPatch ? configFromJsonPatch : configFromMergePatch;
        const saved = await store.update((current: TgcfConfig) => apply(patch, current), { ifMatch: headers["if-match"], by: requesterOf(request) });
        return configResponse(saved, request, query);
      },
      {
        query: FormatQuery,
        headers: IfMatchHeaders,
        parse: readsOwnBody,
        detail: scope.docs({
          ...configDocs(
            "Change part of the config: an RFC 6902 JSON Patch (application/json-patch+json: add, remove, replace, move, copy, test, by JSON pointer down to array elements; a failed test answers 409 naming each field) or an RFC 7396 merge patch (JSON or YAML; null removes a key, so its default applies)",
            false,
            [400, 401, 403, 409, 412, 413, 415, 422],
          ),
          requestBody: {
            required: true as const,
            content: {
              [JSON_PATCH_MEDIA_TYPE]: { schema: jsonPatchSchema() },
              "application/json": { schema: { type: "object", description: "merge patch" } },
              "application/yaml": { schema: { type: "object", description: "merge patch" } },
            },
          },
        }, "/config"),
      },
    )
    .get(`${base}/config/backups`, ({ params }) => scope.pick(params).listBackups(), {
      response: { 200: t.Array(BackupInfoSchema), ...errorResponses(401, 404) },
      detail: scope.docs({ tags: ["config"], summary: "Earlier versions of the config, newest first (the last 20 people's saves; tgcf's progress alone is not kept)" }, "/config/backups"),
    })
    .get(
      `${base}/config/backups/:${backupParam}`,
      async ({ params }) => {
        const backup = await scope.pick(params).readBackup(backupIdOf(params));
        const { id, createdAt, size, savedAt, replacedAt, source, by, note } = backup;
        const info = { id, createdAt, size, savedAt, replacedAt, source, ...(by === undefined ? {} : { by }), ...(note === undefined ? {} : { note }) };
        return backup.state === "ok" ? { ...info, state: "ok" as const, config: redactSecrets(backup.config) } : { ...info, state: "invalid" as const, errors: backup.errors };
      },
      { detail: scope.docs({ tags: ["config"], summary: "One backup (secrets redacted), or its errors if it is not a valid config" }, "/config/backups/{backupId}") },
    )
    .post(
      `${base}/config/backups/:${backupParam}/restore`,
      async ({ params, request, headers }) =>
        configResponse(await scope.pick(params).restoreBackup(backupIdOf(params), { ifMatch: headers["if-match"], by: requesterOf(request) }), request, {}),
      { headers: IfMatchHeaders, detail: scope.docs(configDocs("Restore a backup (the current version is backed up first)", false, [400, 401, 403, 404, 412, 422]), "/config/backups/{backupId}/restore") },
    );
};
