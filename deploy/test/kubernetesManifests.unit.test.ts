import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import type { ConfigSpec } from '@payrail/service-kit';
import { GATEWAY_CONFIG } from '../../services/api-gateway/src/config';
import { WEBHOOK_CONFIG } from '../../services/api-gateway/src/webhooks/webhookConfig';
import { LEDGER_CONFIG } from '../../services/ledger-service/src/config';
import { MERCHANT_SIM_CONFIG } from '../../services/merchant-sim/src/config';
import { PROVIDER_SIM_CONFIG } from '../../services/provider-sim/src/config';
import { VAULT_CONFIG } from '../../services/vault-service/src/config';
import { KustomizeError, kustomizeBuild, type KubeObject } from './kustomizeBuild';
import { schemaProblems, unknownFieldProblems } from './kubernetesSchema';

// deploy/k8s, built as `kubectl apply -k deploy/k8s` would build it (no kustomize binary, no cluster):
// every object must pass Kubernetes' schemas, and the objects must fit together and fit the services
// (their ports, the variables their config requires, the data folder they share).

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const K8S_DIR = path.join(REPO_ROOT, 'deploy', 'k8s');
const IMAGE = 'payrail:latest';
const DATA_MOUNT = '/data';

// Every config spec each service loads (loadConfig(SPEC, ...) in its source; a test below keeps this whole).
const SPECS: Readonly<Record<string, Readonly<Record<string, ConfigSpec>>>> = {
  'api-gateway': { GATEWAY_CONFIG, WEBHOOK_CONFIG },
  'ledger-service': { LEDGER_CONFIG },
  'merchant-sim': { MERCHANT_SIM_CONFIG },
  'provider-sim': { PROVIDER_SIM_CONFIG },
  'vault-service': { VAULT_CONFIG },
};
const REPLICAS: Readonly<Record<string, number>> = { 'api-gateway': 3, 'ledger-service': 2, 'merchant-sim': 1, 'provider-sim': 1, 'vault-service': 1 };
const MIN_AVAILABLE: Readonly<Record<string, number>> = { 'api-gateway': 2, 'ledger-service': 1 };

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  livenessProbe?: { httpGet?: { path: string; port: number | string } };
  readinessProbe?: { httpGet?: { path: string; port: number | string } };
  startupProbe?: { httpGet?: { path: string; port: number | string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean; runAsUser?: number };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  enableServiceLinks?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
}
interface Deployment extends KubeObject {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; strategy?: { type: string }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
interface Service extends KubeObject {
  spec: { selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort?: number | string }> };
}

const serviceDirs = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const portEnvOf = (dir: string): string => (JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', dir, 'package.json'), 'utf8')) as { payrail: { port_env: string } }).payrail.port_env;
const dotEnv = parseEnv(readFileSync(path.join(REPO_ROOT, '.env'), 'utf8')) as Record<string, string>;

const { objects, generatedNames } = kustomizeBuild(K8S_DIR);
const ofKind = <T extends KubeObject>(kind: string): T[] => objects.filter((o): o is T => o.kind === kind);
const deployments = ofKind<Deployment>('Deployment');
const services = ofKind<Service>('Service');
const configMap = ofKind<KubeObject & { data: Record<string, string> }>('ConfigMap').find((o) => o.metadata.name === generatedNames.get('payrail-config'));
const secret = ofKind<KubeObject & { data: Record<string, string> }>('Secret').find((o) => o.metadata.name === generatedNames.get('payrail-secrets'));
const config = configMap?.data ?? {};
const secrets = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
const deploymentOf = (name: string): Deployment | undefined => deployments.find((d) => d.metadata.name === name);
const containerOf = (name: string): Container | undefined => deploymentOf(name)?.spec.template.spec.containers[0];
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
/** The containerPort a probe or a targetPort names, by number or by name. */
const containerPortOf = (container: Container | undefined, port: number | string | undefined): number | undefined => container?.ports?.find((p) => p.containerPort === port || p.name === port)?.containerPort;
const secretVars = new Set(Object.values(SPECS).flatMap((specs) => Object.values(specs).flatMap((spec) => Object.entries(spec).filter(([, v]) => v.secret === true).map(([k]) => k))));

describe('the schema check', () => {
  // What keeps the manifests honest: a broken copy of deploy/k8s must fail it.
  const broken = mkdtempSync(path.join(tmpdir(), 'payrail-k8s-'));
  beforeAll(() => cpSync(K8S_DIR, broken, { recursive: true }));
  afterAll(() => rmSync(broken, { recursive: true, force: true }));

  it('refuses a wrong type, a missing required field, a bad quantity and a misspelt field', () => {
    const file = path.join(broken, 'vault-service.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('containerPort: 8083', 'containerPort: "8083"').replace('memory: 128Mi', 'memory: 128 megabytes').replace(/ {2}selector:\n {4}matchLabels:\n {6}app.kubernetes.io\/name: vault-service\n/, ''));
    // The type check reports the first problem of each object: the misspelt field goes into another one.
    const other = path.join(broken, 'provider-sim.yaml');
    writeFileSync(other, readFileSync(other, 'utf8').replace('containerPort: 8081', 'containerPort: 8081\n              protocl: TCP'));
    const built = kustomizeBuild(broken).objects;
    const problems = schemaProblems(built);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Deployment\/vault-service: \/spec\/template\/spec\/containers\/0\/ports\/0\/containerPort must be integer/),
      expect.stringMatching(/^Deployment\/vault-service: \/spec\/template\/spec\/containers\/0\/resources\/requests\/memory must match format "quantity"/),
      expect.stringMatching(/^Deployment\/vault-service: \/spec must have required property '?selector'?/),
    ]));
    expect(unknownFieldProblems(built, REPO_ROOT)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/provider-sim: .*'"protocl"' does not exist in type 'IContainerPort'/)]));
  });

  it('refuses a kind it has no schema for, and a kustomization field the build does not implement', () => {
    expect(schemaProblems([{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' } }])).toEqual(['StatefulSet/x: no schema for apps/v1 StatefulSet (add it to deploy/test/kubernetesSchema.ts)']);
    writeFileSync(path.join(broken, 'kustomization.yaml'), `${readFileSync(path.join(K8S_DIR, 'kustomization.yaml'), 'utf8')}\npatches:\n  - path: x.yaml\n`);
    expect(() => kustomizeBuild(broken)).toThrow(KustomizeError);
    expect(() => kustomizeBuild(broken)).toThrow(/patches is not implemented/);
  });
});

describe('deploy/k8s', () => {
  it('passes the JSON schemas of Kubernetes for its apiVersion and kind', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('has no field the Kubernetes types lack (kubectl --validate=strict)', () => {
    expect(unknownFieldProblems(objects, REPO_ROOT)).toEqual([]);
  });

  it('has a Deployment and a Service for every folder in services/, with the replicas the README promises', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(serviceDirs);
    expect(services.map((s) => s.metadata.name).sort()).toEqual(serviceDirs);
    expect(Object.fromEntries(deployments.map((d) => [d.metadata.name, d.spec.replicas]))).toEqual(REPLICAS);
    // One process at a time for a single-replica service: a rolling update would run the old and the new one together.
    for (const d of deployments) if (d.spec.replicas === 1) expect({ name: d.metadata.name, strategy: d.spec.strategy?.type }).toEqual({ name: d.metadata.name, strategy: 'Recreate' });
  });

  it.each(serviceDirs)('%s runs the one image, its entrypoint naming the service, as a non-root user with requests and limits', (name) => {
    const pod = deploymentOf(name)?.spec.template.spec;
    const container = containerOf(name);
    expect(pod?.containers).toHaveLength(1);
    expect(container?.image).toBe(IMAGE);
    expect(container?.args).toEqual([name]);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    // runAsNonRoot cannot check the image's user by name (USER node): the uid is given.
    expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container?.securityContext?.allowPrivilegeEscalation).toBe(false);
    for (const kind of ['requests', 'limits'] as const) expect(Object.keys(container?.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    // Service links would set <SERVICE>_PORT=tcp://..., and MERCHANT_SIM_PORT, PROVIDER_SIM_PORT are config.env's ports.
    expect(pod?.enableServiceLinks).toBe(false);
  });

  it.each(serviceDirs)('%s listens on its .env port, probed live at /health and ready at /ready on a port of its container', (name) => {
    const container = containerOf(name);
    const port = Number(config[portEnvOf(name)]);
    expect(port).toBe(Number(dotEnv[portEnvOf(name)]));
    expect(container?.ports?.map((p) => p.containerPort)).toContain(port);
    expect(container?.livenessProbe?.httpGet?.path).toBe('/health');
    expect(container?.readinessProbe?.httpGet?.path).toBe('/ready');
    for (const probe of [container?.livenessProbe, container?.readinessProbe, container?.startupProbe]) {
      if (probe === undefined) continue;
      expect(containerPortOf(container, probe.httpGet?.port)).toBe(port);
    }
  });

  it('selects each Deployment\'s pods with its Service, at ports its container has', () => {
    for (const service of services) {
      const targets = deployments.filter((d) => matches(service.spec.selector, d.spec.template.metadata.labels));
      expect({ service: service.metadata.name, targets: targets.map((d) => d.metadata.name) }).toEqual({ service: service.metadata.name, targets: [service.metadata.name] });
      for (const port of service.spec.ports) expect({ port: port.name, found: containerPortOf(containerOf(service.metadata.name), port.targetPort ?? port.port) }).toEqual({ port: port.name, found: port.port });
    }
    for (const d of deployments) expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
  });

  it('mounts one ReadWriteMany volume at /data in every pod, where DATA_DIR points', () => {
    const claims = ofKind<KubeObject & { spec: { accessModes: string[] } }>('PersistentVolumeClaim');
    expect(claims).toHaveLength(1);
    expect(claims[0]?.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(config['DATA_DIR']).toBe(DATA_MOUNT);
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      const volume = pod.volumes?.find((v) => v.persistentVolumeClaim?.claimName === claims[0]?.metadata.name);
      const mount = pod.containers[0]?.volumeMounts?.find((m) => m.name === volume?.name);
      expect({ name: d.metadata.name, mountPath: mount?.mountPath }).toEqual({ name: d.metadata.name, mountPath: DATA_MOUNT });
    }
  });

  it('keeps two gateway pods and one ledger-service pod through voluntary disruptions, and never blocks a drain', () => {
    const budgets = ofKind<KubeObject & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>('PodDisruptionBudget');
    const covered = Object.fromEntries(budgets.map((b) => [deployments.find((d) => matches(b.spec.selector.matchLabels, d.spec.template.metadata.labels))?.metadata.name ?? `${b.metadata.name} selects nothing`, b.spec.minAvailable]));
    expect(covered).toEqual(MIN_AVAILABLE);
    for (const [name, min] of Object.entries(covered)) expect(min).toBeLessThan(deploymentOf(name)?.spec.replicas ?? 0);
  });

  it('runs each gateway pod as one process: replicas scale it, not cluster workers', () => {
    expect(containerOf('api-gateway')?.env).toContainEqual({ name: 'GATEWAY_WORKERS', value: '1' });
  });

  it.each(serviceDirs)('%s is given every variable its config requires, and its secrets only from the Secret', (name) => {
    const container = containerOf(name);
    const refs = container?.envFrom ?? [];
    expect(refs.map((r) => r.configMapRef?.name ?? r.secretRef?.name).sort()).toEqual([configMap?.metadata.name, secret?.metadata.name].sort());
    const plain = new Map((container?.env ?? []).map((e) => [e.name, e]));
    const provided = new Set([...Object.keys(config), ...Object.keys(secrets), ...plain.keys()]);
    const specs = Object.values(SPECS[name] ?? {});
    expect(specs.length).toBeGreaterThan(0);
    const missing = specs.flatMap((spec) => Object.entries(spec).filter(([key, v]) => v.default === undefined && !provided.has(key)).map(([key]) => key));
    expect(missing).toEqual([]);
    const exposed = [...secretVars].filter((key) => key in config || plain.get(key)?.value !== undefined);
    expect(exposed).toEqual([]);
  });

  it('config.env and secret.env hold the variables of .env, each read by some service, secrets in secret.env', () => {
    const known = new Set(Object.values(SPECS).flatMap((specs) => Object.values(specs).flatMap((spec) => Object.keys(spec))));
    const all = [...Object.keys(config), ...Object.keys(secrets)];
    expect(all.filter((key) => !known.has(key))).toEqual([]);
    expect(Object.keys(dotEnv).filter((key) => !all.includes(key))).toEqual([]);
    expect(Object.keys(secrets).filter((key) => !secretVars.has(key))).toEqual([]);
    expect(Object.keys(dotEnv).filter((key) => secretVars.has(key) && !(key in secrets))).toEqual([]);
  });

  it('points every *_URL at the Service of that name and its port', () => {
    const urls = Object.entries(config).filter(([key]) => key.endsWith('_URL'));
    expect(urls.length).toBe(serviceDirs.length);
    for (const [key, value] of urls) {
      const url = new URL(value);
      const service = services.find((s) => s.metadata.name === url.hostname);
      expect({ key, port: service?.spec.ports.some((p) => p.port === Number(url.port)) }).toEqual({ key, port: true });
    }
  });

  it('sends the Ingress to a Service port that exists', () => {
    for (const ingress of ofKind<KubeObject & { spec: { rules: Array<{ http: { paths: Array<{ backend: { service: { name: string; port: { name?: string; number?: number } } } }> } }> } }>('Ingress')) {
      for (const { backend } of ingress.spec.rules.flatMap((r) => r.http.paths)) {
        const service = services.find((s) => s.metadata.name === backend.service.name);
        expect(service?.spec.ports.some((p) => p.name === backend.service.port.name || p.port === backend.service.port.number)).toBe(true);
      }
    }
  });

  it('knows every config spec the services load', () => {
    const loaded = (dir: string): string[] => {
      const root = path.join(REPO_ROOT, 'services', dir, 'src');
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.split(path.sep).includes('testing'));
      return [...new Set(files.flatMap((f) => [...readFileSync(path.join(root, f), 'utf8').matchAll(/\bloadConfig\(\s*([A-Z_]+)/g)].map((m) => m[1] ?? '')))].sort();
    };
    expect(Object.fromEntries(serviceDirs.map((dir) => [dir, loaded(dir)]))).toEqual(Object.fromEntries(serviceDirs.map((dir) => [dir, Object.keys(SPECS[dir] ?? {}).sort()])));
  });

  it('references only ConfigMaps and Secrets it generates', () => {
    const names = new Set(generatedNames.values());
    for (const d of deployments) {
      for (const ref of d.spec.template.spec.containers.flatMap((c) => c.envFrom ?? [])) expect(names.has(ref.configMapRef?.name ?? ref.secretRef?.name ?? '')).toBe(true);
    }
  });
});
