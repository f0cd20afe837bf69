// Words the supervisor says that the UI reads back. Pure: the server and the browser UI both import it.

/** The last exit's reason for a past run that exited 0 having gone through the history. */
export const PAST_RUN_FINISHED = "past run finished";
