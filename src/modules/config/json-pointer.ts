// JSON pointers (RFC 6901) for addressing field errors: the shared implementation, under the name the config module uses.
export { childPointer as pointerChild } from "../../shared/json-pointer";
