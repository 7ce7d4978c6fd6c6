/**
 * Body parsers: JSON (any application/*+json), IMS's form bodies, and a catch-all that lets the
 * gateway answer a wrong Content-Type in AEP's words instead of Fastify's 415.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { JSON_CONTENT_TYPE } from "./gateway.js";

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Errors.malformedJson((error as Error).message), undefined);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
}
