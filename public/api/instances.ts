// The instance API (GET/POST/PATCH/DELETE api/instances) and one instance's run/stop/restart, with the server's own types.
import type { InstanceSummary } from "../../src/modules/instances/model";
import type { MoveConnectionsAnswer, MoveConnectionsRequest } from "../../src/modules/instances/move-connections";
import type { InstanceSettingsReport } from "../../src/modules/instances/instance-settings";
import type { ApiInstanceSettingKey } from "../../src/settings";
import { instanceApi } from "../state/instance.ts";
import { request } from "./http.ts";

export type { InstanceSummary };

export interface NewInstance {
  id: string;
  name?: string;
  /** Copy this instance's config, without its logins and session files. */
  copyFrom?: string;
}

export async function listInstances(): Promise<InstanceSummary[]> {
  return (await request<{ instances: InstanceSummary[] }>("api/instances")).data.instances;
}

export async function createInstance(instance: NewInstance): Promise<InstanceSummary> {
  return (await request<InstanceSummary>("api/instances", { method: "POST", body: instance })).data;
}

export async function renameInstance(id: string, name: string): Promise<InstanceSummary> {
  return (await request<InstanceSummary>(`api/instances/${encodeURIComponent(id)}`, { method: "PATCH", body: { name } })).data;
}

/** Moves the instance's folder to the server's trash folder; answers where it went. */
export async function deleteInstance(id: string): Promise<{ deleted: string; trashedTo: string | null }> {
  return (await request<{ deleted: string; trashedTo: string | null }>(`api/instances/${encodeURIComponent(id)}`, { method: "DELETE" })).data;
}

export type InstanceAction = "run" | "stop" | "restart";

/** POST api/instances/<id>/run|stop|restart; throws ApiFailure when refused. */
export async function instanceAction(id: string, action: InstanceAction): Promise<void> {
  await request(instanceApi(action, id), { method: "POST", body: {} });
}

export type { MoveConnectionsRequest };

/** POST api/instances/<from>/move-connections: a new instance with these connections (and a copy of the rest of the config, no logins). */
export async function moveConnections(from: string, body: MoveConnectionsRequest): Promise<MoveConnectionsAnswer> {
  return (await request<MoveConnectionsAnswer>(`api/instances/${encodeURIComponent(from)}/move-connections`, { method: "POST", body })).data;
}

export type { InstanceSettingsReport };
export type { ApiInstanceSettingKey };

/** GET api/instances/<id>/settings: what the instance's tgcf runs with, and its own overrides. */
export async function loadInstanceSettings(id: string): Promise<InstanceSettingsReport> {
  return (await request<InstanceSettingsReport>(`api/instances/${encodeURIComponent(id)}/settings`)).data;
}

/** PUT api/instances/<id>/settings: the overrides it keeps (a key left out takes the server's value). */
export async function saveInstanceSettings(id: string, overrides: Partial<Record<ApiInstanceSettingKey, number | boolean>>): Promise<InstanceSettingsReport> {
  return (await request<InstanceSettingsReport>(`api/instances/${encodeURIComponent(id)}/settings`, { method: "PUT", body: { overrides } })).data;
}
