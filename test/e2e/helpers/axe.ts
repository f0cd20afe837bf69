// axe-core in the page under test: every rule (the experimental ones too), reporting the violations that matter.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
/** Violations of these impacts fail a test; moderate and minor ones are reported by axe but tolerated. */
export const FAILING_IMPACTS = ["serious", "critical"] as const;

export interface AxeViolation {
  rule: string;
  impact: string;
  help: string;
  /** Selector and axe's summary of each offending element. */
  nodes: string[];
}

/**
 * Runs axe on the page as it is now. Injected through the DevTools protocol (page.evaluate), which the page's
 * Content-Security-Policy does not govern, so the page's own policy stays as it is served.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const experimental = axe.getRules(["experimental"]).map((rule: { ruleId: string }) => rule.ruleId);
    const rules = Object.fromEntries(experimental.map((id: string) => [id, { enabled: true }]));
    const results = await axe.run(document, { rules, resultTypes: ["violations"] });
    return results.violations.map((violation: any) => ({
      rule: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      nodes: violation.nodes.map((node: any) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`.replace(/\s+/g, " ")),
    }));
  });
  return (violations as AxeViolation[]).filter((violation) => (FAILING_IMPACTS as readonly string[]).includes(violation.impact));
}

/** One line per violation and element, for a failure message a person can act on. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((violation) => violation.nodes.map((node) => `${where}: [${violation.impact}] ${violation.rule} (${violation.help}) at ${node}`));
}
