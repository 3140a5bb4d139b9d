import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// What `kustomize build` (and `kubectl apply -k`) makes of a kustomization, for the fields deploy/k8s
// uses, with no kustomize binary: the resources' objects, the generated ConfigMaps and Secrets (a
// content hash added to their names and every reference to them rewritten, as kustomize does; the hash
// itself is not byte-identical to kustomize's), the `images:` retagging and `namespace:`. A field it does
// not implement is refused, so a kustomization never builds here to something kustomize would not make.

/** One Kubernetes object, as YAML gives it. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

interface Generator {
  name: string;
  envs?: string[];
  literals?: string[];
}

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  images?: ImageRule[];
}

/** What the build made, and the generated objects' names before and after their hash suffix. */
export interface KustomizeOutput {
  objects: KubeObject[];
  generatedNames: ReadonlyMap<string, string>;
}

export class KustomizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizeError';
  }
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'configMapGenerator', 'secretGenerator', 'images']);
const GENERATOR_FIELDS = new Set(['name', 'envs', 'literals']);
const IMAGE_FIELDS = new Set(['name', 'newName', 'newTag', 'digest']);
// A ConfigMap or Secret key: kubectl's IsConfigMapKey.
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const DATA_KEY_LENGTH_MAX = 253;
const ENV_LINES_MAX = 10_000;
const HASH_LENGTH = 10;

function refuseUnknown(where: string, value: object, known: ReadonlySet<string>): void {
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new KustomizeError(`${where}: ${unknown.join(', ')} is not implemented by deploy/test/kustomizeBuild.ts; extend it (or check with a real kustomize) before using it`);
}

/**
 * Reads an env file as kustomize's `envs:` does: one KEY=VALUE a line, `#` lines and blank lines
 * skipped, the value taken as written (no quotes removed). A line without `=` would make kustomize
 * read the variable from the environment of whoever builds: refused, as are duplicate keys.
 */
export function readEnvFile(file: string): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.length > ENV_LINES_MAX) throw new KustomizeError(`${file}: more than ${ENV_LINES_MAX} lines`);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = line.indexOf('=');
    const where = `${file}:${index + 1}`;
    if (at <= 0) throw new KustomizeError(`${where}: expected KEY=VALUE (a bare KEY would be read from the environment of whoever builds)`);
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    if (!DATA_KEY.test(key) || key.length > DATA_KEY_LENGTH_MAX) throw new KustomizeError(`${where}: ${JSON.stringify(key)} is not a valid ConfigMap or Secret key`);
    if (/^\s|\s$/.test(value) || /^["'].*["']$/.test(value)) throw new KustomizeError(`${where}: ${key}'s value has surrounding spaces or quotes, which kustomize would keep as part of it`);
    if (entries.has(key)) throw new KustomizeError(`${where}: ${key} appears twice`);
    entries.set(key, value);
  });
  return entries;
}

function generatorData(dir: string, generator: Generator): Map<string, string> {
  const data = new Map<string, string>();
  const add = (key: string, value: string, where: string): void => {
    if (data.has(key)) throw new KustomizeError(`${where}: ${key} is generated twice into ${generator.name}`);
    data.set(key, value);
  };
  for (const file of generator.envs ?? []) for (const [key, value] of readEnvFile(path.join(dir, file))) add(key, value, file);
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    if (at <= 0) throw new KustomizeError(`literal ${JSON.stringify(literal)} of ${generator.name}: expected KEY=VALUE`);
    add(literal.slice(0, at), literal.slice(at + 1), 'literals');
  }
  return data;
}

const hashOf = (kind: string, data: Record<string, string>): string =>
  createHash('sha256').update(JSON.stringify({ kind, data })).digest('hex').slice(0, HASH_LENGTH);

function generate(dir: string, kind: 'ConfigMap' | 'Secret', generators: readonly Generator[]): Array<{ name: string; object: KubeObject }> {
  return generators.map((generator, index) => {
    refuseUnknown(`${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'}[${index}]`, generator, GENERATOR_FIELDS);
    const entries = Object.fromEntries([...generatorData(dir, generator)].sort(([a], [b]) => a.localeCompare(b)));
    const data = kind === 'Secret' ? Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')])) : entries;
    const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name: `${generator.name}-${hashOf(kind, entries)}` }, ...(kind === 'Secret' ? { type: 'Opaque' } : {}), data };
    return { name: generator.name, object };
  });
}

/** Splits an image reference into name, tag and digest (a port in the registry host is no tag). */
function splitImage(image: string): { name: string; tag: string | null; digest: string | null } {
  const [rest = '', digest = null] = image.split('@');
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  return colon > slash ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest } : { name: rest, tag: null, digest };
}

function retag(image: string, rules: readonly ImageRule[]): string {
  const ref = splitImage(image);
  const rule = rules.find((r) => r.name === ref.name);
  if (rule === undefined) return image;
  const name = rule.newName ?? ref.name;
  if (rule.digest !== undefined) return `${name}@${rule.digest}`;
  const tag = rule.newTag ?? ref.tag;
  return `${name}${tag === null ? '' : `:${tag}`}${ref.digest === null ? '' : `@${ref.digest}`}`;
}

type PodSpec = { containers?: Array<Record<string, unknown>>; initContainers?: Array<Record<string, unknown>>; volumes?: Array<Record<string, unknown>> };

/** The pod spec of a workload, or of a Pod. */
export function podSpecOf(object: KubeObject): PodSpec | null {
  if (object.kind === 'Pod') return (object['spec'] as PodSpec | undefined) ?? null;
  const spec = object['spec'] as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec ?? null;
}

/** Rewrites every reference a pod makes to a generated ConfigMap or Secret, and retags its images. */
function rewritePod(pod: PodSpec, names: { ConfigMap: ReadonlyMap<string, string>; Secret: ReadonlyMap<string, string> }, images: readonly ImageRule[]): void {
  const rename = (holder: Record<string, unknown> | undefined, field: string, kind: 'ConfigMap' | 'Secret'): void => {
    const name = holder?.[field];
    if (holder !== undefined && typeof name === 'string' && names[kind].has(name)) holder[field] = names[kind].get(name);
  };
  for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    if (typeof container['image'] === 'string') container['image'] = retag(container['image'], images);
    for (const source of (container['envFrom'] as Array<Record<string, Record<string, unknown>>> | undefined) ?? []) {
      rename(source['configMapRef'], 'name', 'ConfigMap');
      rename(source['secretRef'], 'name', 'Secret');
    }
    for (const variable of (container['env'] as Array<{ valueFrom?: Record<string, Record<string, unknown>> }> | undefined) ?? []) {
      rename(variable.valueFrom?.['configMapKeyRef'], 'name', 'ConfigMap');
      rename(variable.valueFrom?.['secretKeyRef'], 'name', 'Secret');
    }
  }
  for (const volume of pod.volumes ?? []) {
    rename(volume['configMap'] as Record<string, unknown> | undefined, 'name', 'ConfigMap');
    rename(volume['secret'] as Record<string, unknown> | undefined, 'secretName', 'Secret');
    for (const source of ((volume['projected'] as { sources?: Array<Record<string, Record<string, unknown>>> } | undefined)?.sources ?? [])) {
      rename(source['configMap'], 'name', 'ConfigMap');
      rename(source['secret'], 'name', 'Secret');
    }
  }
}

function readResources(dir: string, file: string): KubeObject[] {
  if (/^[a-z]+:\/\//.test(file) || !/\.ya?ml$/.test(file)) throw new KustomizeError(`resource ${file}: only YAML files beside the kustomization are implemented here`);
  const full = path.resolve(dir, file);
  if (path.relative(dir, full).startsWith('..')) throw new KustomizeError(`resource ${file} is outside ${dir}: kustomize's load restrictor refuses it`);
  return parseAllDocuments(readFileSync(full, 'utf8')).flatMap((document, index) => {
    if (document.errors.length > 0) throw new KustomizeError(`${file} document ${index + 1}: ${document.errors[0]?.message}`);
    const object = document.toJS() as KubeObject | null;
    if (object === null) return [];
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') throw new KustomizeError(`${file} document ${index + 1}: not a Kubernetes object (apiVersion, kind and metadata.name)`);
    return [object];
  });
}

/** Builds the kustomization in `dir` (its kustomization.yaml) as kustomize would. */
export function kustomizeBuild(dir: string): KustomizeOutput {
  const kustomization = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  refuseUnknown('kustomization.yaml', kustomization, KNOWN_FIELDS);
  if (kustomization.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || kustomization.kind !== 'Kustomization') throw new KustomizeError('kustomization.yaml: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization');
  (kustomization.images ?? []).forEach((rule, index) => refuseUnknown(`images[${index}]`, rule, IMAGE_FIELDS));
  const resources = (kustomization.resources ?? []).flatMap((file) => readResources(dir, file));
  const configMaps = generate(dir, 'ConfigMap', kustomization.configMapGenerator ?? []);
  const secrets = generate(dir, 'Secret', kustomization.secretGenerator ?? []);
  const names = { ConfigMap: new Map(configMaps.map((g) => [g.name, g.object.metadata.name])), Secret: new Map(secrets.map((g) => [g.name, g.object.metadata.name])) };
  for (const object of resources) {
    const pod = podSpecOf(object);
    if (pod !== null) rewritePod(pod, names, kustomization.images ?? []);
  }
  const objects = [...resources, ...configMaps.map((g) => g.object), ...secrets.map((g) => g.object)];
  if (kustomization.namespace !== undefined) for (const object of objects) object.metadata.namespace = kustomization.namespace;
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.apiVersion}/${object.kind}/${object.metadata.name}`;
    if (seen.has(id)) throw new KustomizeError(`${id} is defined twice`);
    seen.add(id);
  }
  return { objects, generatedNames: new Map([...names.ConfigMap, ...names.Secret]) };
}
