/**
 * The import rules of .dependency-cruiser.cjs hold for the real tree, and they do catch what they
 * forbid: a tree with deliberately bad imports is cruised with the same configuration.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

const run = promisify(execFile);
const CONFIG = path.join(REPO_ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = path.join(REPO_ROOT, "node_modules", ".bin", "depcruise");

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ["--config", CONFIG, "--output-type", "err", "src", "local"], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

describe("the import rules", () => {
  const badTree = mkdtempSync(path.join(tmpdir(), "ds-import-rules-"));
  afterAll(() => rmSync(badTree, { recursive: true, force: true }));

  it("hold for the project's own src/ and local/", async () => {
    const result = await cruise(REPO_ROOT);
    expect(result.output).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  });

  it("fail on a store that imports upward, a cycle, src/ reaching into local/, and a family importing a family above it", async () => {
    writeTree(badTree, {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
      "package.json": JSON.stringify({ type: "module" }),
      "src/http/app.ts": "export const app = 1;\n",
      "src/store/leak.ts": 'import { app } from "../http/app.js";\nexport const leak = app;\n',
      "src/runs/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "src/runs/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      "local/workspace/engine.ts": "export const engine = 1;\n",
      "src/flowservice/explore.ts": 'import { engine } from "../../local/workspace/engine.js";\nexport const explore = engine;\n',
      "src/schemaregistry/schemas.ts": 'import { a } from "../runs/a.js";\nexport const schemas = a;\n',
    });
    const result = await cruise(badTree);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/store-imports: src\/store\/leak\.ts → src\/http\/app\.ts/);
    expect(result.output).toMatch(/no-circular: src\/runs\/a\.ts → /);
    expect(result.output).toMatch(/product-talks-to-local-over-http: src\/flowservice\/explore\.ts → local\/workspace\/engine\.ts/);
    expect(result.output).toMatch(/schemaregistry-imports: src\/schemaregistry\/schemas\.ts → src\/runs\/a\.ts/);
  });
});

describe("each folder's README", () => {
  const config = createRequire(import.meta.url)(CONFIG) as { forbidden: Array<{ name: string; to: { pathNot?: string[] } }> };
  const folderRules = config.forbidden.filter((rule) => rule.name.endsWith("-imports"));

  it("states the import rule the configuration enforces, for every folder of src/", () => {
    const folders = readdirSync(path.join(REPO_ROOT, "src"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const folder of folders) {
      const readme = readFileSync(path.join(REPO_ROOT, "src", folder, "README.md"), "utf8");
      const stated = /^May import: (.*)$/m.exec(readme)?.[1];
      expect(stated, `src/${folder}/README.md has a "May import:" line`).toBeDefined();
      const rule = folderRules.find((r) => r.name === `${folder}-imports`);
      if (folder === "http") {
        expect(rule, "src/http may import every folder, so it has no folder rule").toBeUndefined();
        continue;
      }
      expect(rule, `.dependency-cruiser.cjs has a rule for src/${folder}`).toBeDefined();
      const allowed = (rule!.to.pathNot ?? [])
        .map((p) => p.replace(/^\^src\/(.*)\/$/, "src/$1").replace(/^\^src\/(.*)\\\.ts\$$/, "src/$1.ts"))
        .filter((f) => f !== `src/${folder}`);
      const said = stated === "nothing of ours." ? [] : stated!.replace(/\.$/, "").split(", ");
      expect(said.sort(), `src/${folder}/README.md`).toEqual(allowed.sort());
    }
  });
});
