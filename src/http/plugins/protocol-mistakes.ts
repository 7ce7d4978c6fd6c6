/**
 * HTTP/1.1 mistakes Node's server answers itself, before Fastify has a request, and bare: an Expect
 * other than 100-continue (a 417 with no body), a CONNECT (the socket closed without a word), a
 * request with no Host header (an empty 400). Each gets the AEP envelope saying what to fix instead.
 * The Host check moves into a hook (Node is told not to make it) so the error handler answers it.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { requestIdOf } from "../request-id.js";
import { answerOnSocket, closingAnswer } from "./client-errors.js";

/** Node's own Host check, which answers without a body, is left to registerHostCheck. */
export const NODE_HOST_CHECK_OFF = { requireHostHeader: false } as const;

export function answerProtocolMistakes(server: Server, logger: FastifyBaseLogger): void {
  server.on("checkExpectation", (request: IncomingMessage, response: ServerResponse) => {
    const apiError = Errors.expectationUnsupported(String(request.headers.expect));
    const { status, headers, body } = closingAnswer(apiError, requestIdOf(request.headers), logger);
    // the body it came with is never read: the connection closes rather than parse it as a request
    response.writeHead(status, headers).end(body);
  });
  server.on("connect", (request: IncomingMessage, socket: Duplex) => {
    const apiError = Errors.invalidRequest(
      "CONNECT asks for a tunnel, and this service is no proxy. Send the API's requests (GET, POST, PUT, PATCH, DELETE) to it directly.",
    );
    answerOnSocket(socket as Socket, apiError, requestIdOf(request.headers), logger);
    socket.destroy();
  });
}

/**
 * An HTTP/1.1 request must name its host (RFC 9112 §3.2), HTTP/1.0 need not; none may name two
 * (Node keeps the first and drops the others without a word).
 */
export function registerHostCheck(app: FastifyInstance): void {
  app.addHook("onRequest", (request, _reply, done) => {
    if (request.raw.httpVersion === "1.1" && !request.headers.host) {
      throw Errors.invalidRequest(
        "it has no Host header, which every HTTP/1.1 request must carry. Name the host and port the request is sent to (Host: localhost:8080) and try again.",
      );
    }
    const hosts = hostHeaderCount(request.raw.rawHeaders);
    if (hosts > 1) throw Errors.invalidRequest(`it has ${hosts} Host headers, which name different hosts or the same one twice. Send one and try again.`);
    done();
  });
}

/** rawHeaders alternates names and values, as sent */
function hostHeaderCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === "host") count++;
  return count;
}
