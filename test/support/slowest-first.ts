import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The suite's slowest files, slowest first, as measured in full runs on a 2-core machine. The forks
 * take files from one queue; a long file taken last keeps one fork busy alone at the end (minutes,
 * with a clean clone's default order of larger files first). Started first, they end beside the rest.
 */
const SLOWEST = [
  "test/bench/benchmarks-smoke.test.ts",
  "test/console/journey.browser.test.ts",
  "test/console/wizard-checks.browser.test.ts",
  "test/runs/crash.test.ts",
  "test/cli/command-line.test.ts",
  "test/runs/on-demand.test.ts",
  "test/runs/cancel.test.ts",
  "test/process/startup.test.ts",
  "test/console/run-error-fixes.browser.test.ts",
  "test/runs/cdc-key-problems.test.ts",
  "test/console/accessibility.browser.test.ts",
  "test/notifications/webhook-outbox.test.ts",
  "test/architecture/type-check.test.ts",
  "test/runs/interrupted-export-cancel.test.ts",
  "test/runs/cdc.test.ts",
  "test/console/cluster-restart.browser.test.ts",
  "test/runs/warehouse-journey.test.ts",
  "test/cli/command-line-in-process.test.ts",
  "test/runs/worker-shutdown.test.ts",
  "test/dataprep/conversion-table.test.ts",
  "test/landing-zone/revocation-after-crash.test.ts",
  "test/runs/late-rows-exact-doubles.test.ts",
  "test/runs/cdc-net-change.test.ts",
  "test/runs/due-times-clock-skew.test.ts",
  "test/cli/configuration-errors.test.ts",
  "test/runs/two-hosts.test.ts",
  "test/http/no-5xx.property.test.ts",
  "test/flowservice/no-5xx.property.test.ts",
  "test/dataprep/expression-row-failures.test.ts",
  "test/runs/oauth-journey.test.ts",
  "test/dataflows/schedule-change-run-now.test.ts",
  "test/runs/source-columns-changed.test.ts",
  "test/cli/dev-secret.test.ts",
  "test/runs/retrigger-after-commit.test.ts",
  "test/docs/journey-doc.test.ts",
  "test/cli/demo.test.ts",
  "test/lake/rename-fast-path.test.ts",
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.indexOf(relative(file.project.config.root, file.moduleId));
      return index === -1 ? SLOWEST.length : index;
    };
    // a stable sort: the files not listed keep vitest's order (its cache's durations, or size) after these
    return ordered.sort((a, b) => rank(a) - rank(b));
  }
}
