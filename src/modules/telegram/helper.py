# tgcf-server's Telegram helper: signs in a user account, checks a saved login and lists chats with Telethon.
#
# Protocol (JSON lines): it first writes {"event": "ready", ...}, then answers every request line on stdin,
# {"id": N, "op": "...", ...}, with one line {"id": N, "ok": true, "result": {...}} or
# {"id": N, "ok": false, "error": {"code": "...", "message": "...", "seconds": N}}. End of stdin ends it.
# It never writes a secret, except the session string in the answer to a successful sign-in; sessions live
# in memory only (StringSession), so it never touches tgcf's session files.
import asyncio
import json
import logging
import platform
import sys

PROTOCOL_VERSION = 1
# Telegram unreachable must come back within seconds, not after Telethon's default five slow retries.
CONNECTION_RETRIES = 1
RETRY_DELAY_S = 1
CONNECT_TIMEOUT_S = 10
REQUEST_RETRIES = 1
# Sign-in steps report every flood wait; listing chats may sleep through a short one.
SIGN_IN_FLOOD_SLEEP_S = 0
DIALOGS_FLOOD_SLEEP_S = 10
DISCONNECT_TIMEOUT_S = 5
DEVICE_MODEL = "tgcf-server"

_protocol_out = sys.stdout
sys.stdout = sys.stderr  # a stray print() must not corrupt the protocol
logging.disable(logging.CRITICAL)  # Telethon's retry warnings would only fill stderr


def send(message):
    _protocol_out.write(json.dumps(message) + "\n")
    _protocol_out.flush()


try:
    import telethon
    from telethon import TelegramClient, errors, functions, types
    from telethon.sessions import StringSession
except ImportError as import_error:
    send({"event": "fatal", "code": "TELETHON_MISSING", "message": str(import_error)})
    sys.exit(3)


class Failure(Exception):
    def __init__(self, code, message="", seconds=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.seconds = seconds


# Telethon's error classes by name: the names are stable across Telethon versions, the modules are not.
ERROR_CODES = {
    "PhoneNumberInvalidError": "PHONE_INVALID",
    "PhoneNumberBannedError": "PHONE_BANNED",
    "PhoneNumberUnoccupiedError": "PHONE_UNREGISTERED",
    "PhoneNumberFloodError": "PHONE_FLOOD",
    "PhoneCodeInvalidError": "CODE_INVALID",
    "PhoneCodeEmptyError": "CODE_INVALID",
    "PhoneCodeExpiredError": "CODE_EXPIRED",
    "PasswordHashInvalidError": "PASSWORD_INVALID",
    "ApiIdInvalidError": "API_ID_INVALID",
    "ApiIdPublishedFloodError": "API_ID_INVALID",
    "AuthKeyUnregisteredError": "SESSION_INVALID",
    "SessionRevokedError": "SESSION_INVALID",
    "SessionExpiredError": "SESSION_INVALID",
    "AuthKeyDuplicatedError": "SESSION_INVALID",
    "UserDeactivatedError": "ACCOUNT_DEACTIVATED",
    "UserDeactivatedBanError": "ACCOUNT_DEACTIVATED",
    "AccessTokenInvalidError": "BOT_TOKEN_INVALID",
    "AccessTokenExpiredError": "BOT_TOKEN_INVALID",
    "BotMethodInvalidError": "BOT_CANNOT_LIST_DIALOGS",
}
NETWORK_ERRORS = (ConnectionError, OSError, asyncio.TimeoutError)


def classify(error):
    """The protocol's error for any exception; only names and Telegram's own texts, never argument values."""
    if isinstance(error, Failure):
        return error
    name = type(error).__name__
    if isinstance(error, errors.FloodError) or name.startswith("Flood"):
        seconds = getattr(error, "seconds", None)
        return Failure("FLOOD_WAIT", name, int(seconds) if seconds is not None else None)
    if name in ERROR_CODES:
        return Failure(ERROR_CODES[name], name)
    if isinstance(error, errors.RPCError):
        return Failure("TELEGRAM_ERROR", "%s (%s)" % (getattr(error, "message", name), getattr(error, "code", "?")))
    if isinstance(error, NETWORK_ERRORS):
        return Failure("NETWORK", "%s: %s" % (name, error))
    return Failure("INTERNAL", name)


def new_client(session, request, flood_sleep_s):
    try:
        api_id = int(request["api_id"])
    except (KeyError, TypeError, ValueError):
        raise Failure("API_ID_INVALID", "api_id is not a number")
    options = dict(
        connection_retries=CONNECTION_RETRIES,
        retry_delay=RETRY_DELAY_S,
        timeout=CONNECT_TIMEOUT_S,
        request_retries=REQUEST_RETRIES,
        flood_sleep_threshold=flood_sleep_s,
        device_model=DEVICE_MODEL,
    )
    try:
        # Without updates a second connection of tgcf's account does not take updates away from tgcf.
        return TelegramClient(session, api_id, request["api_hash"], receive_updates=False, **options)
    except TypeError:  # Telethon before 1.25 has no receive_updates
        return TelegramClient(session, api_id, request["api_hash"], **options)


def string_session(text):
    try:
        return StringSession(text)
    except Exception:
        raise Failure("SESSION_MALFORMED", "not a Telethon session string")


def account_of(user):
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return {"id": user.id, "kind": "bot" if user.bot else "user", "name": name, "username": getattr(user, "username", None)}


def chat_of(dialog):
    entity = dialog.entity
    if dialog.is_user:
        kind = "bot" if getattr(entity, "bot", False) else "user"
    elif dialog.is_channel:
        kind = "supergroup" if getattr(entity, "megagroup", False) else "channel"
    else:
        kind = "group"
    title = "Saved Messages" if getattr(entity, "is_self", False) else dialog.name
    return {"id": dialog.id, "title": title, "username": getattr(entity, "username", None), "type": kind}


def code_type_of(sent_code):
    name = type(sent_code.type).__name__.replace("SentCodeType", "")
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_") or "unknown"


async def disconnect(client):
    try:
        await asyncio.wait_for(client.disconnect(), DISCONNECT_TIMEOUT_S)
    except Exception:
        pass  # going away anyway; the server kills what is left


class Helper:
    def __init__(self):
        self.sign_in_client = None
        self.phone = None
        self.phone_code_hash = None
        self.password_needed = False

    async def op_start(self, request):
        if self.sign_in_client is not None:
            raise Failure("BAD_REQUEST", "a sign-in is already under way")
        self.sign_in_client = new_client(StringSession(), request, SIGN_IN_FLOOD_SLEEP_S)
        await self.sign_in_client.connect()
        sent = await self.sign_in_client.send_code_request(request["phone"])
        self.phone = request["phone"]
        self.phone_code_hash = sent.phone_code_hash
        return {"status": "code_sent", "codeType": code_type_of(sent)}

    async def op_code(self, request):
        if self.phone_code_hash is None or self.password_needed:
            raise Failure("BAD_REQUEST", "no code was asked for")
        client = self.sign_in_client
        try:
            user = await client.sign_in(self.phone, request["code"], phone_code_hash=self.phone_code_hash)
        except errors.SessionPasswordNeededError:
            self.password_needed = True
            password = await client(functions.account.GetPasswordRequest())
            return {"status": "password_needed", "hint": password.hint or None}
        return self.signed_in(user)

    async def op_password(self, request):
        if not self.password_needed:
            raise Failure("BAD_REQUEST", "no password was asked for")
        user = await self.sign_in_client.sign_in(password=request["password"])
        return self.signed_in(user)

    def signed_in(self, user):
        return {"status": "signed_in", "account": account_of(user), "session": self.sign_in_client.session.save()}

    async def op_check(self, request):
        if request.get("bot_token"):
            client = new_client(StringSession(), request, SIGN_IN_FLOOD_SLEEP_S)
            try:
                await client.connect()
                user = await client.sign_in(bot_token=request["bot_token"])
                try:  # a bot authorization of its own, so ending it leaves tgcf's untouched
                    await client(functions.auth.LogOutRequest())
                except Exception:
                    pass
                return {"account": account_of(user)}
            finally:
                await disconnect(client)
        client = await self.connect_saved(request, SIGN_IN_FLOOD_SLEEP_S)
        try:
            return {"account": account_of(await client.get_me())}
        finally:
            await disconnect(client)

    async def op_dialogs(self, request):
        client = await self.connect_saved(request, DIALOGS_FLOOD_SLEEP_S)
        try:
            chats = [chat_of(dialog) async for dialog in client.iter_dialogs(limit=int(request["limit"]))]
            return {"dialogs": chats}
        finally:
            await disconnect(client)

    async def connect_saved(self, request, flood_sleep_s):
        """A client on the saved session string; its auth key is tgcf's, so it is never logged out."""
        client = new_client(string_session(request.get("session") or ""), request, flood_sleep_s)
        await client.connect()
        if not await client.is_user_authorized():
            await disconnect(client)
            raise Failure("SESSION_INVALID", "not authorized")
        return client

    async def handle(self, line):
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            operation = getattr(self, "op_" + str(request.get("op")), None)
            if operation is None:
                raise Failure("BAD_REQUEST", "unknown op")
            send({"id": request_id, "ok": True, "result": await operation(request)})
        except Exception as error:
            failure = classify(error)
            send({"id": request_id, "ok": False, "error": {"code": failure.code, "message": failure.message, "seconds": failure.seconds}})

    async def close(self):
        if self.sign_in_client is not None:
            await disconnect(self.sign_in_client)


async def main():
    send({"event": "ready", "protocol": PROTOCOL_VERSION, "telethon": telethon.__version__, "python": platform.python_version()})
    helper = Helper()
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.buffer.readline)
            if not line:
                break
            if line.strip():
                await helper.handle(line)
    finally:
        await helper.close()


if __name__ == "__main__":
    asyncio.run(main())
