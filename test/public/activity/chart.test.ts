import { describe, expect, test } from "bun:test";
import { busyPoints, CHART_RANGES, linePath, MINUTE_RANGE_MARGIN_MS, niceMax, rangeQuery, stepWords, summarise, tickTimes } from "../../../public/activity/chart.ts";
import { MINUTE_RETENTION_MS } from "../../../src/modules/activity/buckets";
import { seriesRange } from "../../../src/modules/activity/series";

/** The vertices of a path "M0 100L1 50…" as [x, y] pairs. */
function vertices(path: string): Array<[number, number]> {
  return [...path.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

describe("linePath", () => {
  test("scales each value so max reaches the top and 0 the bottom, one vertex per point that bends the line", () => {
    expect(linePath([0, 5, 10], 10)).toBe("M0 100L1 50L2 0");
  });

  test("a run of equal values keeps only its two ends, and the line still passes through every point", () => {
    const values = [0, 0, 0, 0, 4, 4, 4, 0, 0];
    const path = linePath(values, 4);
    expect(vertices(path)).toEqual([
      [0, 100],
      [3, 100],
      [4, 0],
      [6, 0],
      [7, 100],
      [8, 100],
    ]);
    // Every point dropped lies on the segment between the vertices around it.
    const kept = vertices(path);
    values.forEach((value, x) => {
      const after = kept.findIndex(([vx]) => vx >= x);
      const [x1, y1] = kept[after]!;
      const [x0, y0] = kept[Math.max(after - 1, 0)]!;
      const y = x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
      expect(y).toBeCloseTo(100 - value * 25);
    });
  });

  test("nothing for no values; one value is a flat line one unit long", () => {
    expect(linePath([], 1)).toBe("");
    expect(linePath([3], 6)).toBe("M0 50L1 50");
  });

  test("values above max are drawn at the top, and max 0 draws the bottom line", () => {
    expect(linePath([20, 1], 10)).toBe("M0 0L1 90");
    expect(linePath([0, 0, 0], 0)).toBe("M0 100L2 100");
  });

  test("90 days of hour points (2,160) make one path, built in a few milliseconds", () => {
    const values = Array.from({ length: 2_160 }, (_, index) => (index * 7919) % 13);
    const started = performance.now();
    const path = linePath(values, 12);
    expect(performance.now() - started).toBeLessThan(50);
    const points = vertices(path);
    expect(points.at(-1)![0]).toBe(2_159);
    expect(points.length).toBeLessThanOrEqual(2_160);
    expect(path.startsWith("M0 ")).toBe(true);
  });
});

describe("axes", () => {
  test("niceMax rounds up to 1, 2 or 5 × 10ⁿ, and gives 1 when there is nothing", () => {
    expect([0, 0.3, 1, 3, 7, 12, 20, 51, 999].map(niceMax)).toEqual([1, 0.5, 1, 5, 10, 20, 20, 100, 1000]);
  });

  test("stepWords names the width of one point", () => {
    expect([60, 900, 3_600, 21_600, 86_400, 90].map(stepWords)).toEqual(["minute", "15 minutes", "hour", "6 hours", "day", "90 seconds"]);
  });

  test("tickTimes spreads the ticks from the first point's start to the last point's end", () => {
    expect(tickTimes(1_000, 60, 4, 5)).toEqual([1_000, 61_000, 121_000, 181_000, 241_000]);
    expect(tickTimes(1_000, 60, 4, 1)).toEqual([1_000]);
  });
});

describe("ranges", () => {
  const now = Date.parse("2026-03-01T12:34:56.000Z");

  test("every range asks the server for points of its step, within the points one answer may hold", () => {
    for (const range of CHART_RANGES) {
      const query = rangeQuery(range, now);
      const answered = seriesRange(query, now);
      expect(answered.stepMs).toBe(range.stepSeconds * 1000);
      expect(answered.points).toBeLessThanOrEqual(Math.ceil(range.ms / answered.stepMs) + 1);
    }
    const ninetyDays = seriesRange(rangeQuery(CHART_RANGES.find((range) => range.id === "90d")!, now), now);
    expect([ninetyDays.resolution, ninetyDays.points]).toEqual(["hour", 2_161]);
  });

  test("48 hours in minute steps stays inside the minute slots even when the browser's clock runs a minute ahead", () => {
    const range = CHART_RANGES.find((choice) => choice.id === "48h")!;
    const query = rangeQuery(range, now + 60_000);
    expect(Date.parse(query.to!) - Date.parse(query.from!)).toBe(MINUTE_RETENTION_MS - MINUTE_RANGE_MARGIN_MS);
    expect(seriesRange(query, now).resolution).toBe("minute");
  });
});

describe("summary and table rows", () => {
  test("summarise totals the points and finds the first busiest one", () => {
    expect(summarise([0, 3, 7, 7, 1])).toEqual({ total: 18, peak: { index: 2, value: 7 } });
    expect(summarise([0, 0])).toEqual({ total: 0, peak: null });
  });

  test("busyPoints lists the points where any column counted something", () => {
    expect(busyPoints([[0, 1, 0, 0], [0, 0, 0, 2]], 4)).toEqual([1, 3]);
  });
});
