// The supervisor states in which an instance has no tgcf and none on its way: it may then be deleted or have its
// run settings changed, and its Telegram login is free. Pure: the server and the browser UI both import it.

export const RESTING_STATES: ReadonlySet<string> = new Set(["stopped", "exited", "fatal"]);
