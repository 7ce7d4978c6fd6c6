/**
 * SQL Warehouses API 2.0: list, get, create, start, stop. Edit and delete answer 501: the local
 * warehouses are the one npm start provides and those created here.
 */
import type { FastifyInstance } from "fastify";
import { apiErrors } from "../errors.js";
import type { Warehouses } from "../warehouses/warehouse.js";
import { fields } from "./params.js";

const BASE = "/api/2.0/sql/warehouses";

export function warehouseRoutes(app: FastifyInstance, warehouses: Warehouses): void {
  const idOf = (req: { params: unknown }) => (req.params as { id: string }).id;
  app.get(BASE, async () => ({ warehouses: warehouses.list() }));
  app.post(BASE, async (req) => ({ id: warehouses.create(fields(req)) }));
  app.get(`${BASE}/:id`, async (req) => warehouses.details(idOf(req)));
  app.post(`${BASE}/:id/start`, async (req) => {
    warehouses.start(idOf(req));
    return {};
  });
  app.post(`${BASE}/:id/stop`, async (req) => {
    warehouses.stop(idOf(req));
    return {};
  });
  app.post(`${BASE}/:id/edit`, async () => {
    throw apiErrors.notImplemented("warehouses/edit");
  });
  app.delete(`${BASE}/:id`, async () => {
    throw apiErrors.notImplemented("deleting a SQL warehouse");
  });
}
