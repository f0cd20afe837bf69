// JSON pointers: the one implementation lives with the server's shared code.
export * from "../../src/shared/json-pointer";
