// Concrete paths for the app's route patterns, for tests that walk every route.

/** A concrete path for a route pattern: every :param gets a plausible value. */
export function concretePath(pattern: string): string {
  return pattern.replace(/:[A-Za-z]+/g, "20260101T000000000Z").replace(/\*$/, "x");
}
