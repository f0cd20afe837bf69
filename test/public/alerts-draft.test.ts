// The Alerts page's draft: what a save sends, where saved secrets are looked up, the checks made before sending, and
// the rules read from the server's schema at bundle time.
import { describe, expect, test } from "bun:test";
import { ALERT_SECRET_PLACEHOLDER, AlertEventKindSchema, AlertSettingsSchema, ChannelSchema, type AlertSettings } from "../../src/modules/alerts/model";
import { settingsProblems } from "../../src/modules/alerts/settings-store";
import { addChannel, draftOf, draftProblems, editDraft, errorsAt, isDirty, parseChatIds, rebaseDraft, removeChannel, saveBody, savedValueAt, settingsBody } from "../../public/alerts/alerts-draft.ts";
import { ALERT_EVENT_KINDS, ALERT_RULES, CHANNEL_KINDS, eventMeaning, eventName } from "../../public/alerts/rules.ts";

const saved: AlertSettings = {
  cooldownSeconds: 900,
  floodWaitSeconds: 120,
  channels: [
    { id: "hook", kind: "webhook", url: "https://example.test/hook", secret: ALERT_SECRET_PLACEHOLDER },
    { id: "bot", kind: "telegram", botToken: ALERT_SECRET_PLACEHOLDER, chatIds: ["42"], events: ["fatal"] },
  ],
};

describe("the rules come from the server's schema", () => {
  test("the event kinds, in the schema's order, each with a name and words that explain it", () => {
    expect(ALERT_EVENT_KINDS).toEqual(AlertEventKindSchema.anyOf.map((literal) => literal.const));
    for (const kind of ALERT_EVENT_KINDS) {
      expect(eventName(kind)).not.toBe("");
      expect(eventMeaning(kind).length).toBeGreaterThan(20);
    }
  });

  test("the channel kinds, patterns and limits", () => {
    expect(CHANNEL_KINDS.map((entry) => entry.kind)).toEqual(ChannelSchema.properties.kind.anyOf.map((literal) => literal.const));
    expect(ALERT_RULES.idPattern).toBe(ChannelSchema.properties.id.pattern!);
    expect(ALERT_RULES.cooldown.maximum).toBe(AlertSettingsSchema.properties.cooldownSeconds.maximum!);
  });
});

describe("what a save sends", () => {
  test("an unchanged draft sends the saved settings (thresholds the page does not show included) and is not dirty", () => {
    const draft = draftOf(saved);
    expect(settingsBody(draft.settings)).toEqual(saved);
    expect(isDirty(saved, draft)).toBe(false);
  });

  test("only the fields of the channel's kind, no empty optional field, events in the schema's order", () => {
    let draft = editDraft(draftOf(saved), "/channels/0/secret", "");
    draft = editDraft(draft, "/channels/1/events", ["recovered", "fatal"]);
    draft = editDraft(draft, "/channels/1/secret", "left over");
    draft = editDraft(draft, "/publicUrl", "  ");
    const body = settingsBody(draft.settings);
    expect(body.channels[0]).toEqual({ id: "hook", kind: "webhook", url: "https://example.test/hook" });
    expect(body.channels[1]).toEqual({ id: "bot", kind: "telegram", botToken: ALERT_SECRET_PLACEHOLDER, chatIds: ["42"], events: ["fatal", "recovered"] });
    expect("publicUrl" in body).toBe(false);
    expect(isDirty(saved, draft)).toBe(true);
  });

  test("chat ids may be typed one per line or with commas", () => {
    expect(parseChatIds("-1001234\n@alerts, 42 ;\n\n")).toEqual(["-1001234", "@alerts", "42"]);
  });
});

describe("saved values follow their channel", () => {
  test("after a channel above is removed, a channel's secret is still read from where it was saved", () => {
    const draft = removeChannel(draftOf(saved), 0);
    expect(savedValueAt(saved, draft, "/channels/0/botToken")).toBe(ALERT_SECRET_PLACEHOLDER);
    expect(savedValueAt(saved, draft, "/channels/0/secret")).toBeUndefined();
    expect(savedValueAt(saved, draft, "/cooldownSeconds")).toBe(900);
  });

  test("a new channel has no saved secret, even under the name of a removed one", () => {
    let draft = removeChannel(draftOf(saved), 0);
    draft = addChannel(draft, "webhook");
    draft = editDraft(draft, "/channels/1/id", "hook");
    expect(savedValueAt(saved, draft, "/channels/1/secret")).toBeUndefined();
  });

  test("a new channel gets a free name", () => {
    const draft = addChannel(addChannel(draftOf(saved), "webhook"), "webhook");
    expect(draft.settings.channels.slice(2).map((channel) => channel.id)).toEqual(["webhook", "webhook-2"]);
    expect(new Set(draft.keys).size).toBe(4);
  });
});

describe("checks before sending", () => {
  test("a valid draft has no problems, and the server agrees", () => {
    const draft = draftOf(saved);
    expect(draftProblems(draft)).toEqual([]);
    expect(settingsProblems(settingsBody(draft.settings))).toEqual([]);
  });

  test("each problem the server would find is found at the same field, in words", () => {
    let draft = addChannel(draftOf(saved), "webhook");
    draft = editDraft(draft, "/channels/2/id", "hook");
    draft = addChannel(draft, "telegram");
    draft = editDraft(draft, "/channels/3/events", []);
    draft = editDraft(draft, "/cooldownSeconds", "soon");
    draft = editDraft(draft, "/publicUrl", "tgcf.example.test");
    const problems = draftProblems(draft);
    const serverPaths = settingsProblems(settingsBody({ ...draft.settings, cooldownSeconds: 1 })).map((problem) => problem.path);
    for (const path of serverPaths) expect(problems.map((problem) => problem.path)).toContain(path);
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      ["/channels/2/id", "/channels/2/url", "/channels/3/botToken", "/channels/3/chatIds", "/channels/3/events", "/cooldownSeconds", "/publicUrl"].sort(),
    );
    expect(problems.find((problem) => problem.path === "/channels/2/id")!.message).toContain("Another channel is named “hook”");
  });

  test("chat ids the schema's pattern refuses are named", () => {
    const draft = editDraft(draftOf(saved), "/channels/1/chatIds", ["42", "not a chat"]);
    expect(draftProblems(draft)).toEqual([{ path: "/channels/1/chatIds", message: expect.stringContaining("Not a chat id: not a chat.") }]);
  });

  test("a list shown as one input shows the errors of its items", () => {
    const errors = [
      { path: "/channels/0/chatIds/1", message: "bad id" },
      { path: "/channels/0/url", message: "bad url" },
    ];
    expect(errorsAt(errors, "/channels/0/chatIds")).toEqual(["bad id"]);
    expect(errorsAt(errors, "/channels/0/url")).toEqual(["bad url"]);
    expect(errorsAt(errors, "/channels/0")).toEqual([]);
  });
});

describe("renames and saves over someone else's", () => {
  test("a saved channel under a new name is sent with its old id as previousId; new and unrenamed channels are not", () => {
    let draft = editDraft(draftOf(saved), "/channels/0/id", "ops-hook");
    draft = addChannel(draft, "ntfy");
    const body = saveBody(saved, draft);
    expect(body.channels.map((channel) => [channel.id, channel.previousId])).toEqual([
      ["ops-hook", "hook"],
      ["bot", undefined],
      ["ntfy", undefined],
    ]);
  });

  test("after someone else's save, each channel's saved values are found by its id in their version", () => {
    const draft = removeChannel(draftOf(saved), 0);
    const theirs: AlertSettings = { ...saved, channels: [saved.channels[1]!, { id: "new", kind: "ntfy", url: "https://ntfy.test/x" }] };
    const rebased = rebaseDraft(saved, theirs, draft);
    expect(rebased.origins).toEqual([0]);
    expect(savedValueAt(theirs, rebased, "/channels/0/chatIds")).toEqual(["42"]);
    const gone = rebaseDraft(saved, { ...saved, channels: [] }, draftOf(saved));
    expect(gone.origins).toEqual([null, null]);
  });
});
