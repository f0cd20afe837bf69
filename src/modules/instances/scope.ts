// Route plugins are mounted twice: under /api/instances/:id for any instance, and under /api for the instance
// default (the seed's routes). A scope tells a plugin where it is mounted and how to find what a request addresses.
import type { DocumentDecoration } from "elysia";
import type { TgcfInstance } from "../instance/instance";
import type { InstanceRegistry } from "./registry";
import { DEFAULT_INSTANCE_ID } from "./layout";

export const INSTANCE_ROUTES_BASE = "/api/instances/:id";
const DOCS_BASE = "/api/instances/{id}";

type Params = Record<string, string | undefined>;

export interface RouteScope<T> {
  /** "/api" or "/api/instances/:id": a plugin's paths are `${base}/config` … */
  base: string;
  /** Under /api/instances/:id, where :id is taken: a plugin's own parameter needs another name there. */
  nested: boolean;
  /** Tells the two mounts of a plugin apart (Elysia mounts a named plugin once). */
  key: string;
  /** What a request addresses (ApiError 404 for an unknown instance). */
  pick(params: unknown): T;
  /** The route's docs; an alias says which route it stands for. `path` is the part after the base, e.g. "/config". */
  docs(detail: DocumentDecoration, path: string): DocumentDecoration;
}

export interface InstanceScope extends RouteScope<TgcfInstance> {
  /** The same scope handing routes a part of the instance (its config store, its logs …) rather than all of it. */
  of<T>(part: (instance: TgcfInstance) => T): RouteScope<T>;
}

function scope(base: string, nested: boolean, instanceOf: (params: Params) => TgcfInstance, docs: RouteScope<unknown>["docs"]): InstanceScope {
  const make = <T>(part: (instance: TgcfInstance) => T): RouteScope<T> => ({
    base,
    nested,
    key: nested ? "instance" : "default",
    pick: (params) => part(instanceOf((params ?? {}) as Params)),
    docs,
  });
  return { ...make((instance) => instance), of: make };
}

/** /api/instances/:id/…: any instance, by id. */
export function perInstanceScope(registry: InstanceRegistry): InstanceScope {
  return scope(INSTANCE_ROUTES_BASE, true, (params) => registry.get(params.id ?? ""), (detail) => detail);
}

/** /api/…: the instance default, as the seed's routes. */
export function defaultInstanceScope(registry: InstanceRegistry): InstanceScope {
  return scope("/api", false, () => registry.get(DEFAULT_INSTANCE_ID), (detail, path) => {
    const own = (detail as { description?: string }).description;
    return { ...detail, description: `Alias of ${DOCS_BASE}${path} with id=${DEFAULT_INSTANCE_ID}.` + (own ? ` ${own}` : "") };
  });
}
