import { expect, test } from "bun:test";
import { compileQuery } from "../../../src/modules/logs/log-search";
import { ApiError } from "../../../src/utils/api-error";

test.each(["(a+)+$", "(a*)*b", "(a|a)*c", "(x+x+)+y", "(\\w+\\s?)*$", "(.*a){20}", "(a)\\1"])("refuses the catastrophic regex %p", (query) => {
  expect(() => compileQuery({ query, regex: true })).toThrow(ApiError);
});

test.each(["error", "conn(ect|ection) (failed|lost)", "^\\[\\d+\\]", "a+b*", "(foo)+", "[a-z]+@\\w+"])("accepts the ordinary regex %p", (query) => {
  expect(() => compileQuery({ query, regex: true })).not.toThrow();
});
