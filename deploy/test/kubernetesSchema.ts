import * as path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import * as ts from 'typescript';
import type { KubeObject } from './kustomizeBuild';

// Kubernetes' own schemas for the objects deploy/k8s makes, from kubernetes-models: it is generated from
// the OpenAPI document the Kubernetes API publishes, and ships each definition twice, as a JSON-schema
// validator compiled by ajv (types, required fields, enums, formats such as quantities and int-or-string)
// and as a TypeScript interface. The validators accept fields the schema does not know, as the API
// server's schema does; kubectl's strict field validation refuses them, and so does the second check
// here: each object, type-checked against its interface, fails on any field the interface lacks.

/** How kubernetes-models names the model of each kind deploy/k8s uses. */
const MODELS: ReadonlyMap<string, { model: new (data: never) => { validate(): void }; module: string; type: string }> = new Map([
  ['apps/v1/Deployment', { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' }],
  ['v1/Service', { model: Service, module: 'kubernetes-models/v1/Service', type: 'IService' }],
  ['v1/PersistentVolumeClaim', { model: PersistentVolumeClaim, module: 'kubernetes-models/v1/PersistentVolumeClaim', type: 'IPersistentVolumeClaim' }],
  ['v1/ConfigMap', { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' }],
  ['v1/Secret', { model: Secret, module: 'kubernetes-models/v1/Secret', type: 'ISecret' }],
  ['policy/v1/PodDisruptionBudget', { model: PodDisruptionBudget, module: 'kubernetes-models/policy/v1/PodDisruptionBudget', type: 'IPodDisruptionBudget' }],
  ['networking.k8s.io/v1/Ingress', { model: Ingress, module: 'kubernetes-models/networking.k8s.io/v1/Ingress', type: 'IIngress' }],
]);

const PROBLEMS_PER_OBJECT_MAX = 20;

const idOf = (object: KubeObject): string => `${object.kind}/${object.metadata?.name ?? '?'}`;
const modelOf = (object: KubeObject) => MODELS.get(`${object.apiVersion}/${object.kind}`);

/** Each object against the JSON schema of its apiVersion and kind; an object of a kind with no schema here is a problem too. */
export function schemaProblems(objects: readonly KubeObject[]): string[] {
  return objects.flatMap((object) => {
    const known = modelOf(object);
    if (known === undefined) return [`${idOf(object)}: no schema for ${object.apiVersion} ${object.kind} (add it to deploy/test/kubernetesSchema.ts)`];
    try {
      new known.model(object as never).validate();
      return [];
    } catch (error) {
      const errors = (error as { errors?: Array<{ instancePath: string; message?: string }> }).errors;
      if (errors === undefined) throw error;
      return errors.slice(0, PROBLEMS_PER_OBJECT_MAX).map((e) => `${idOf(object)}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    }
  });
}

/**
 * Each object type-checked against the TypeScript interface of its kind: a field the interface does not
 * have (a typo such as `contianerPort`, a field at the wrong level) is reported with its object. The
 * compiler stops at the first problem of each object, so an object shows one problem at a time.
 */
export function unknownFieldProblems(objects: readonly KubeObject[], repoRoot: string): string[] {
  const typed = objects.map((object) => ({ object, known: modelOf(object) })).filter((o) => o.known !== undefined);
  const imports = [...new Set(typed.map(({ known }) => `import type { ${known?.type} } from '${known?.module}';`))];
  // One object a line, so a diagnostic's line says which object it is about.
  const lines = [...imports, ...typed.map(({ object, known }, index) => `export const object${index}: ${known?.type} = ${JSON.stringify(object)};`)];
  const file = path.join(repoRoot, '__kubernetes_manifests__.ts');
  const text = lines.join('\n');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], strict: true, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? text : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return `type check: ${message}`;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line - imports.length;
    const object = typed[line]?.object;
    return `${object === undefined ? 'imports' : idOf(object)}: ${message}`;
  });
}
