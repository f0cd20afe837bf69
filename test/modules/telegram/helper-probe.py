# Loads the real helper as a module (its main does not run) and prints, as one JSON line, what it makes of
# Telethon's own error classes, dialogs, sent-code types and users: proof that it fits the installed Telethon.
# Usage: python3 helper-probe.py <path of helper.py>. Needs no network.
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("tgcf_server_helper", sys.argv[1])
helper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helper)

from telethon import errors, types, utils  # noqa: E402  (after the helper, as tgcf's Telethon)
from telethon.tl.custom import Dialog  # noqa: E402
from telethon.tl.types import Channel, Chat, ChatPhotoEmpty, PeerChannel, PeerChat, PeerUser, User  # noqa: E402

ERRORS = {
    "FloodWaitError": errors.FloodWaitError(request=None, capture=42),
    "PhoneNumberInvalidError": errors.PhoneNumberInvalidError(request=None),
    "PhoneNumberUnoccupiedError": errors.PhoneNumberUnoccupiedError(request=None),
    "PhoneNumberFloodError": errors.PhoneNumberFloodError(request=None),
    "PhoneCodeInvalidError": errors.PhoneCodeInvalidError(request=None),
    "PhoneCodeExpiredError": errors.PhoneCodeExpiredError(request=None),
    "PasswordHashInvalidError": errors.PasswordHashInvalidError(request=None),
    "ApiIdInvalidError": errors.ApiIdInvalidError(request=None),
    "AuthKeyUnregisteredError": errors.AuthKeyUnregisteredError(request=None),
    "AccessTokenInvalidError": errors.AccessTokenInvalidError(request=None),
    "BotMethodInvalidError": errors.BotMethodInvalidError(request=None),
    "ConnectionError": ConnectionError("Connection to Telegram failed 1 time(s)"),
    "RPCError": errors.RPCError(request=None, message="SOMETHING_NEW", code=400),
    "KeyError": KeyError("a value that must not be echoed"),
}


def dialog(peer, entity):
    raw = types.Dialog(peer=peer, top_message=0, read_inbox_max_id=0, read_outbox_max_id=0, unread_count=0,
                       unread_mentions_count=0, unread_reactions_count=0, notify_settings=types.PeerNotifySettings())
    return Dialog(None, raw, {utils.get_peer_id(peer): entity}, None)


DIALOGS = [
    dialog(PeerUser(1001), User(id=1001, access_hash=1, is_self=True, first_name="Ada", last_name="Lovelace", username="ada")),
    dialog(PeerUser(777), User(id=777, access_hash=1, first_name="Grace", last_name="Hopper")),
    dialog(PeerUser(123456), User(id=123456, access_hash=1, bot=True, first_name="Forward Bot", username="fwd_bot")),
    dialog(PeerChat(4001), Chat(id=4001, title="Family", photo=ChatPhotoEmpty(), participants_count=3, date=None, version=1)),
    dialog(PeerChannel(1234567890), Channel(id=1234567890, access_hash=1, title="Book club", photo=ChatPhotoEmpty(), date=None, megagroup=True, username="bookclub")),
    dialog(PeerChannel(9876543210), Channel(id=9876543210, access_hash=1, title="News", photo=ChatPhotoEmpty(), date=None, broadcast=True, username="news")),
]
CODE_TYPES = [types.auth.SentCodeTypeApp(length=5), types.auth.SentCodeTypeSms(length=5), types.auth.SentCodeTypeFlashCall(pattern="x")]

result = {
    "errors": {name: {"code": f.code, "seconds": f.seconds, "message": f.message} for name, e in ERRORS.items() for f in [helper.classify(e)]},
    "dialogs": [helper.chat_of(d) for d in DIALOGS],
    "codeTypes": [helper.code_type_of(types.auth.SentCode(type=t, phone_code_hash="h")) for t in CODE_TYPES],
    "account": helper.account_of(User(id=1001, access_hash=1, first_name="Ada", last_name="Lovelace", username="ada")),
}
print(json.dumps(result), file=sys.__stdout__)  # the helper pointed sys.stdout at stderr
