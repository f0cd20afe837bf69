// The `plugins` part of tgcf's model (tgcf/plugin_models.py, tgcf 1.1.8), field for field, in tgcf's order.
import { Type as t } from "@sinclair/typebox";
import {
  choiceField,
  choiceItem,
  flagField,
  integerChoiceField,
  integerField,
  listField,
  objectSchema,
  stringMapField,
  textField,
} from "./model-fields";

/** tgcf's FileType enum, in its order. */
export const FILE_TYPES = ["audio", "gif", "video", "video_note", "sticker", "contact", "photo", "document", "nofile"] as const;
/** tgcf's Style enum, in its order. */
export const TEXT_STYLES = ["bold", "italics", "code", "strike", "plain", "preserve"] as const;
/** The watermark package's Position enum used by tgcf. */
export const WATERMARK_POSITIONS = ["top_left", "top_right", "centre", "bottom_left", "bottom_right"] as const;
/** 0 = bot account, 1 = user account (tgcf's user_type). */
export const USER_TYPES = [0, 1] as const;

export const USER_TYPE_TEXT = "0 = bot account (logs in with a bot token), 1 = user account (logs in with a session string).";

const wordList = (title: string, description: string) => listField(t.String(), { title, description });
const fileTypeList = (title: string, description: string) =>
  listField(choiceItem(FILE_TYPES, { title: "File type", description: "A kind of message content." }), { title, description });

const filterSchema = objectSchema(
  {
    check: flagField(false, { title: "Use filters", description: "Skip messages that the lists below exclude." }),
    users: objectSchema(
      {
        blacklist: wordList("Blocked senders", "Messages from these senders are not forwarded. Enter numeric user ids: tgcf compares the sender's id as text, so @usernames never match."),
        whitelist: wordList("Allowed senders", "If not empty, only messages from these senders are forwarded. Numeric user ids only: @usernames never match."),
      },
      { title: "Sender filter", description: "Filter messages by who sent them." },
    ),
    files: objectSchema(
      {
        blacklist: fileTypeList("Blocked file types", "Messages carrying these kinds of content are not forwarded."),
        whitelist: fileTypeList("Allowed file types", "If not empty, only messages carrying these kinds of content are forwarded."),
      },
      { title: "File type filter", description: "Filter messages by the kind of content they carry." },
    ),
    text: objectSchema(
      {
        blacklist: wordList("Blocked words", "Messages containing any of these are not forwarded."),
        whitelist: wordList("Required words", "If not empty, only messages containing one of these are forwarded."),
        case_sensitive: flagField(false, { title: "Case sensitive", description: "Match upper and lower case exactly." }),
        regex: flagField(false, { title: "Regular expressions", description: "Treat the words as regular expressions." }),
      },
      { title: "Text filter", description: "Filter messages by the words in their text." },
    ),
  },
  { title: "Filter", description: "Forward only the messages you want." },
);

const formatSchema = objectSchema(
  {
    check: flagField(false, { title: "Use format", description: "Apply the style below to the text of forwarded messages." }),
    style: choiceField(TEXT_STYLES, "preserve", {
      title: "Style",
      description: "How the whole text is formatted: bold, italics, code, strike, plain (no formatting) or preserve (unchanged).",
    }),
  },
  { title: "Format", description: "Restyle the text of forwarded messages." },
);

const markSchema = objectSchema(
  {
    check: flagField(false, { title: "Use watermark", description: "Put an image over forwarded photos and videos. Needs ffmpeg on the machine that runs tgcf (a warning says when it is missing)." }),
    image: textField("image.png", { title: "Watermark image", description: "Path of the image file, relative to the data dir where tgcf runs." }),
    position: choiceField(WATERMARK_POSITIONS, "centre", { title: "Position", description: "Where the watermark is placed." }),
    frame_rate: integerField(15, { title: "Frame rate", description: "Frames per second of watermarked videos and GIFs." }),
  },
  { title: "Watermark", description: "Watermark forwarded media." },
);

const replaceSchema = objectSchema(
  {
    check: flagField(false, { title: "Use replace", description: "Replace text in forwarded messages." }),
    text: stringMapField({
      title: "Replacements",
      description:
        "Each key found in a message is replaced by its value, in this order. With regular expressions on, a value that is a style word (bold, italics, code, strike, plain) styles what the key matched instead of replacing it.",
    }),
    text_raw: textField("", {
      title: "Replacements as typed",
      description: "The replacements as text, as tgcf's own web interface stores them (one `key: value` per line).",
    }),
    regex: flagField(false, { title: "Regular expressions", description: "Treat the keys as regular expressions (Python's re), and the values as replacements or style words." }),
  },
  { title: "Replace", description: "Replace words or patterns in forwarded messages. tgcf-server keeps the text tgcf's own web interface edits in step." },
);

const captionSchema = objectSchema(
  {
    check: flagField(false, { title: "Use caption", description: "Add the header and footer to forwarded messages." }),
    header: textField("", { title: "Header", description: "Text added before every forwarded message." }),
    footer: textField("", { title: "Footer", description: "Text added after every forwarded message." }),
  },
  { title: "Caption", description: "Add a header and a footer to forwarded messages." },
);

const senderSchema = objectSchema(
  {
    check: flagField(false, {
      title: "Use another sender",
      description: "Send forwarded messages from the account below. Needs \"Show Forwarded from\" off: Telegram forwards are always sent by the reading account.",
    }),
    user_type: integerChoiceField(USER_TYPES, 0, { title: "Sender account type", description: USER_TYPE_TEXT }),
    BOT_TOKEN: textField("", { title: "Sender bot token", description: "Token of the sending bot, from @BotFather (secret)." }),
    SESSION_STRING: textField("", { title: "Sender session string", description: "Session string of the sending user account (secret)." }),
  },
  { title: "Sender", description: "Send the forwarded messages from a different account than the one that reads them." },
);

export const PluginsSchema = objectSchema(
  {
    filter: filterSchema,
    fmt: formatSchema,
    mark: markSchema,
    ocr: objectSchema(
      { check: flagField(false, { title: "Use OCR", description: "Read the text in images and add it as the caption. Needs tesseract on the machine that runs tgcf (a warning says when it is missing)." }) },
      { title: "OCR", description: "Optical character recognition on forwarded images." },
    ),
    replace: replaceSchema,
    caption: captionSchema,
    sender: senderSchema,
  },
  { title: "Plugins", description: "Optional processing applied to every forwarded message." },
);
