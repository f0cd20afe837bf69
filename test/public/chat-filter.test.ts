import { describe, expect, test } from "bun:test";
import type { Chat } from "../../public/api/telegram.ts";
import { chatCountText, chatDetails, chatFor, chatSummary, filterChats } from "../../public/lib/chat-filter.ts";
import { FAKE_DIALOGS } from "../fixtures/fake-telegram-helper.ts";

const CHATS = FAKE_DIALOGS as unknown as Chat[];
const titles = (chats: Chat[]) => chats.map((chat) => chat.title);

describe("filterChats", () => {
  test("matches title, @username or id, ignoring case and accents, in list order", () => {
    expect(titles(filterChats(CHATS, "BOOK", "chat"))).toEqual(["Book club"]);
    expect(titles(filterChats(CHATS, "@news", "chat"))).toEqual(["News"]);
    expect(titles(filterChats(CHATS, "-4001", "chat"))).toEqual(["Family"]);
    expect(titles(filterChats([...CHATS, { id: 5, title: "Café Zoë", username: null, type: "group" }], "cafe zoe", "chat"))).toEqual(["Café Zoë"]);
  });

  test("an empty filter lists every chat; for admins only people", () => {
    expect(filterChats(CHATS, "  ", "chat")).toHaveLength(CHATS.length);
    expect(titles(filterChats(CHATS, "", "person"))).toEqual(["Saved Messages", "Grace Hopper"]);
    expect(filterChats(CHATS, "bot", "person")).toEqual([]);
  });
});

describe("chat descriptions", () => {
  test("details, summary and count read as a person would say them", () => {
    expect(chatDetails(CHATS[4]!)).toBe("@bookclub · supergroup · -1001234567890");
    expect(chatDetails(CHATS[1]!)).toBe("person · 777");
    expect(chatSummary(CHATS[4]!)).toBe("Book club (supergroup, @bookclub)");
    expect(chatCountText(6, 6, "chat")).toBe("6 chats");
    expect(chatCountText(1, 6, "chat")).toBe("1 of 6 chats");
    expect(chatCountText(1, 2, "person")).toBe("1 of 2 people");
    expect(chatCountText(1, 1, "person")).toBe("1 person");
  });

  test("a field's value finds its chat by id or @username", () => {
    expect(chatFor(CHATS, -1001234567890)?.title).toBe("Book club");
    expect(chatFor(CHATS, "@BookClub")?.title).toBe("Book club");
    expect(chatFor(CHATS, "-1001234567890")).toBeUndefined();
    expect(chatFor(CHATS, 42)).toBeUndefined();
  });
});
