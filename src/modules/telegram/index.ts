// Telegram sign-in, login check and chat list of one tgcf instance (routing and validation only: the logic is in the services).
import { Elysia, t } from "elysia";
import { errorResponses } from "../../utils/error-responses";
import {
  CheckResultSchema,
  CodeBody,
  DEFAULT_DIALOG_LIMIT,
  DialogsResultSchema,
  MAX_DIALOG_LIMIT,
  PasswordBody,
  PasswordNeededSchema,
  PhoneBody,
  SignedInSchema,
  SignInStatusSchema,
  CodeSentSchema,
} from "./model";
import type { TelegramService } from "./service";
import type { RouteScope } from "../instances/scope";

/** What a failing Telegram step may answer besides its own statuses. */
const TELEGRAM_FAILURES = [401, 403, 409, 422, 429, 500, 502, 504];

export const telegramRoutes = (scope: RouteScope<TelegramService>) =>
  new Elysia({ name: "telegram", seed: scope.key })
    .get(`${scope.base}/telegram/login`, ({ params }) => scope.pick(params).signIn.status(), {
      response: { 200: SignInStatusSchema, ...errorResponses(401) },
      detail: scope.docs({ tags: ["telegram"], summary: "Where the user-account sign-in stands (for a wizard that reloads)" }, "/telegram/login"),
    })
    .post(`${scope.base}/telegram/login/start`, ({ body, params }) => scope.pick(params).signIn.start(body.phone), {
      body: PhoneBody,
      response: { 200: CodeSentSchema, ...errorResponses(...TELEGRAM_FAILURES) },
      detail: scope.docs({
        tags: ["telegram"],
        summary: "Sign in a user account, step 1: Telegram sends a login code (API ID and hash from the saved config)",
        description:
          "One sign-in at a time (409); at most one code request a minute (429 with Retry-After); a sign-in idle for 5 minutes is cancelled. " +
          "422 names the field: /phone, or /login/API_ID and /login/API_HASH in the config. 502: Telegram cannot be reached. 500: no Python with Telethon (set TGCF_SERVER_PYTHON).",
      }, "/telegram/login/start"),
    })
    .post(`${scope.base}/telegram/login/code`, ({ body, params }) => scope.pick(params).signIn.submitCode(body.code), {
      body: CodeBody,
      response: { 200: t.Union([SignedInSchema, PasswordNeededSchema]), ...errorResponses(...TELEGRAM_FAILURES) },
      detail: scope.docs({
        tags: ["telegram"],
        summary: "Step 2: the code. signed_in (session saved into login.SESSION_STRING, user_type 1) or password_needed",
        description: "A wrong code (422 at /code) can be sent again; an expired code ends the sign-in.",
      }, "/telegram/login/code"),
    })
    .post(`${scope.base}/telegram/login/password`, ({ body, params }) => scope.pick(params).signIn.submitPassword(body.password), {
      body: PasswordBody,
      response: { 200: SignedInSchema, ...errorResponses(...TELEGRAM_FAILURES) },
      detail: scope.docs({ tags: ["telegram"], summary: "Step 3 for accounts with two-step verification: the password (422 at /password when wrong)" }, "/telegram/login/password"),
    })
    .post(`${scope.base}/telegram/login/cancel`, async ({ params }) => ({ cancelled: await scope.pick(params).signIn.cancel() }), {
      response: { 200: t.Object({ cancelled: t.Boolean({ description: "false when no sign-in was under way" }) }), ...errorResponses(401, 403) },
      detail: scope.docs({ tags: ["telegram"], summary: "End the sign-in under way (its helper is killed)" }, "/telegram/login/cancel"),
    })
    .post(`${scope.base}/telegram/check`, ({ params }) => scope.pick(params).account.check(), {
      response: { 200: CheckResultSchema, ...errorResponses(...TELEGRAM_FAILURES) },
      detail: scope.docs({
        tags: ["telegram"],
        summary: "Connect with the saved bot token or session string and say who it is",
        description:
          "Uses login.user_type to choose. Does not disturb a running tgcf: a bot signs in separately; a session string is used by a second connection for a moment, without updates. " +
          "409: something the check needs is not saved (details name it); 422: Telegram refused it (details name the config field).",
      }, "/telegram/check"),
    })
    .get(`${scope.base}/telegram/dialogs`, ({ query, params }) => scope.pick(params).account.dialogs(Math.floor(query.limit ?? DEFAULT_DIALOG_LIMIT)), {
      query: t.Object({
        limit: t.Optional(t.Numeric({ minimum: 1, maximum: MAX_DIALOG_LIMIT, description: `at most this many chats, most recent first (default ${DEFAULT_DIALOG_LIMIT})` })),
      }),
      response: { 200: DialogsResultSchema, ...errorResponses(...TELEGRAM_FAILURES) },
      detail: scope.docs({
        tags: ["telegram"],
        summary: "The signed-in user's chats (id, title, username, type) for picking sources, destinations and admins",
        description: "409 when tgcf logs in as a bot: Telegram does not let bots list their chats.",
      }, "/telegram/dialogs"),
    });
