import { expect, test } from "bun:test";
import { pathnameOf } from "../../src/utils/pathname";

test.each([
  ["http://127.0.0.1:8080/api/status", "/api/status"],
  ["http://localhost/api/logs?tail=5&since=3", "/api/logs"],
  ["https://host/tgcf/api/config#x", "/tgcf/api/config"],
  ["http://host", "/"],
  ["http://host/", "/"],
  ["http://host?x=/api", "/"],
])("the path of %s is %s, as URL parses it", (url, path) => {
  expect(pathnameOf(url)).toBe(path);
  expect(pathnameOf(url)).toBe(new URL(url).pathname);
});
