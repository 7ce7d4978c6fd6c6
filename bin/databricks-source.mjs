#!/usr/bin/env node
// `npx databricks-source <command>`: runs src/cli.ts through tsx, as `npm start` does.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
