/** A process that stops the way the service does (exitOnSignals), its one stop step taking STOP_MS: for signal tests. */
import { exitOnSignals } from "../../src/process/shutdown.js";

const stopMs = Number(process.env.STOP_MS ?? 300);
const log = { info: (fields: object, message: string) => console.log(message, JSON.stringify(fields)), error: (fields: object, message: string) => console.log(message, JSON.stringify(fields)) };
exitOnSignals([() => new Promise((resolve) => setTimeout(resolve, stopMs))], log);
setInterval(() => {}, 60_000);
console.log("ready");
