/** The process logger: pino, JSON lines, secrets redacted (see http/log-redaction.ts). */
import pino, { type Logger } from "pino";
import { REDACT_PATHS, redactUrl } from "./http/log-redaction.js";

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: req.url ? redactUrl(req.url) : req.url,
        }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
