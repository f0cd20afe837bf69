// deploy/kubernetes/*.yaml: valid against Kubernetes' own API schemas (offline, kubernetes-models' bundled validators),
// and saying what the image and the server need: the token from a Secret, a claim for /data per replica, /tmp as an
// emptyDir under a read-only root, the probes on public routes that answer the Host the probes send.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import YAML from "yaml";
import { startTestServer, type TestServer } from "../helpers/server";

const ROOT = resolve(import.meta.dir, "../..");
const MANIFEST_DIR = join(ROOT, "deploy/kubernetes");
/** The validator: Kubernetes' OpenAPI schemas compiled to ajv validators, bundled (no network). A devDependency. */
const VALIDATOR_PACKAGE = "kubernetes-models";

interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: any;
}

function readManifests(): Manifest[] {
  const manifests: Manifest[] = [];
  for (const file of readdirSync(MANIFEST_DIR).filter((name) => /\.ya?ml$/.test(name)).sort()) {
    for (const document of YAML.parseAllDocuments(readFileSync(join(MANIFEST_DIR, file), "utf8"), { uniqueKeys: true })) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.join("; ")}`);
      const value = document.toJS();
      if (value !== null) manifests.push({ file, ...value });
    }
  }
  return manifests;
}

/** "apps/v1" + StatefulSet → kubernetes-models/apps/v1/StatefulSet; "v1" + Service → kubernetes-models/v1/Service. */
function modelPath(apiVersion: string, kind: string): string {
  return `${VALIDATOR_PACKAGE}/${apiVersion}/${kind}`;
}

async function validatorInstalled(): Promise<boolean> {
  try {
    await import(modelPath("v1", "Service"));
    return true;
  } catch {
    return false;
  }
}

/** What the Dockerfile's runtime stage says about the image: its user, its port, its volume. */
function imageFacts() {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
  const port = /^EXPOSE (\d+)$/m.exec(dockerfile);
  const volume = /^VOLUME \["([^"]+)"\]$/m.exec(dockerfile);
  if (!user || !port || !volume) throw new Error("the Dockerfile has no numeric USER, EXPOSE or VOLUME line");
  return { uid: Number(user[1]), gid: Number(user[2]), port: Number(port[1]), volume: volume[1]! };
}

const manifests = readManifests();
const statefulSet = manifests.find((manifest) => manifest.kind === "StatefulSet")!;
const service = manifests.find((manifest) => manifest.kind === "Service")!;
const pod = statefulSet?.spec.template.spec;
const container = pod?.containers.find((candidate: { name: string }) => candidate.name === "tgcf-server");
const image = imageFacts();
const hasValidator = await validatorInstalled();

describe("deploy/kubernetes", () => {
  test("holds a StatefulSet and its Service, and nothing kubectl apply -f would refuse (no Secret with a made-up token)", () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(["Service", "StatefulSet"]);
    for (const manifest of manifests) expect(typeof manifest.metadata.name).toBe("string");
  });

  test.skipIf(!hasValidator)(`every manifest is valid against Kubernetes' API schema (${VALIDATOR_PACKAGE})`, async () => {
    for (const manifest of manifests) {
      const { file, ...object } = manifest;
      const module = await import(modelPath(object.apiVersion, object.kind));
      const Model = module[object.kind] ?? module.default;
      expect(() => new Model(object).validate(), `${file}: ${object.kind} ${object.metadata.name}`).not.toThrow();
    }
  });

  test.skipIf(!hasValidator)("the schema check does catch a wrong type (so a passing check means something)", async () => {
    const { StatefulSet } = await import(modelPath("apps/v1", "StatefulSet"));
    const { file: _file, ...object } = structuredClone(statefulSet);
    object.spec.template.spec.containers[0].ports[0].containerPort = "8080";
    expect(() => new StatefulSet(object).validate()).toThrow(/containerPort must be integer/);
  });

  if (!hasValidator) {
    test.skip(`schema validation: ${VALIDATOR_PACKAGE} is not installed (a devDependency: bun install)`, () => {});
  }

  test("each replica gets its own volume claim, mounted where the image keeps everything", () => {
    const claims = statefulSet.spec.volumeClaimTemplates.map((claim: { metadata: { name: string } }) => claim.metadata.name);
    const dataMount = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === image.volume);
    expect(dataMount).toBeDefined();
    expect(claims).toContain(dataMount.name);
    expect(container.env.find((variable: { name: string }) => variable.name === "TGCF_SERVER_DATA_DIR")?.value).toBe(image.volume);
  });

  test("the token comes from a Secret, never a literal", () => {
    const token = container.env.find((variable: { name: string }) => variable.name === "TGCF_SERVER_TOKEN");
    expect(token.value).toBeUndefined();
    expect(token.valueFrom.secretKeyRef).toEqual({ name: "tgcf-server", key: "token" });
  });

  test("runs as the image's non-root user, read-only root, no privileges; writable only /data and /tmp", () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: image.uid, runAsGroup: image.gid, fsGroup: image.gid });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    const mounts = container.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath).sort();
    expect(mounts).toEqual([image.volume, "/tmp"].sort());
    const tmp = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === "/tmp");
    expect(pod.volumes.find((volume: { name: string }) => volume.name === tmp.name)?.emptyDir).toBeDefined();
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test("no service links: a Service named tgcf-server would set TGCF_SERVER_PORT=tcp://... in the container", () => {
    expect(pod.enableServiceLinks).toBe(false);
    const port = container.env.find((variable: { name: string }) => variable.name === "TGCF_SERVER_PORT");
    expect(Number(port.value)).toBe(image.port);
    expect(container.ports.map((entry: { containerPort: number }) => entry.containerPort)).toEqual([image.port]);
  });

  test("asks for resources, and limits memory only (a CPU limit would throttle tgcf)", () => {
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.requests.memory).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    expect(container.resources.limits.cpu).toBeUndefined();
  });

  test("the headless Service governs the StatefulSet, selects its pods and targets its port", () => {
    expect(statefulSet.spec.serviceName).toBe(service.metadata.name);
    expect(service.spec.clusterIP).toBe("None");
    expect(service.spec.publishNotReadyAddresses).toBe(true);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(statefulSet.spec.selector.matchLabels).toEqual(service.spec.selector);
    const portNames = container.ports.map((entry: { name: string }) => entry.name);
    expect(portNames).toContain(service.spec.ports[0].targetPort);
  });

  describe("the probes, against the real server", () => {
    let server: TestServer;
    // As a cluster deployment would: only its public name allowed, so the kubelet's default Host (the pod IP) is refused.
    beforeAll(async () => {
      server = await startTestServer({ allowedHosts: ["tgcf.example.com"] });
    });
    afterAll(async () => {
      await server?.stop();
    });

    for (const probeName of ["livenessProbe", "readinessProbe"] as const) {
      test(`${probeName} answers 200 with no token, with the Host it sends, port named in the container`, async () => {
        const probe = container[probeName].httpGet;
        expect(container.ports.some((entry: { name: string; containerPort: number }) => entry.name === probe.port || entry.containerPort === probe.port)).toBe(true);
        const headers: Record<string, string> = {};
        for (const header of probe.httpHeaders ?? []) headers[header.name] = header.value;
        expect(headers.Host).toBeDefined();
        const response = await fetch(server.url + probe.path, { headers: { host: headers.Host! } });
        expect(response.status).toBe(200);
        const withPodIp = await fetch(server.url + probe.path, { headers: { host: "10.1.2.3:8080" } });
        expect(withPodIp.status).toBe(421); // why the probes name their Host
      });
    }

    test("liveness is /api/health, readiness /api/ready", () => {
      expect(container.livenessProbe.httpGet.path).toBe("/api/health");
      expect(container.readinessProbe.httpGet.path).toBe("/api/ready");
    });
  });
});
