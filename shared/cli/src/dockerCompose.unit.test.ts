import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseEnv } from 'node:util';
import { REPO_ROOT } from './startCommand';

// No Docker engine runs on the build machines: this checks docker-compose.yml against the repository.
interface ComposeService {
  build?: { context: string; dockerfile: string };
  env_file?: string | string[];
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const env = parseEnv(readFileSync(path.join(REPO_ROOT, '.env'), 'utf8')) as Record<string, string>;
const serviceDirs = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const portOf = (name: string): string => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as { payrail: { port_env: string } };
  return env[pkg.payrail.port_env] ?? '';
};

describe('docker-compose.yml', () => {
  it('has a service for every folder in services/', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...serviceDirs].sort());
  });

  it.each(serviceDirs)('%s mounts the data volume at /data, uses .env, and checks /ready on its .env port', (name) => {
    const service = compose.services[name] as ComposeService;
    expect(service.volumes).toContain('payrail-data:/data');
    expect(compose.volumes).toHaveProperty('payrail-data');
    expect([service.env_file].flat()).toContain('.env');
    expect(service.environment?.['DATA_DIR']).toBe('/data');
    const port = portOf(name);
    expect(port).toMatch(/^\d+$/);
    expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/ready`);
    // Each published port is the same on both sides, and one of the service's .env ports (the gateway also has STRIPE_API_PORT).
    const ports = name === 'api-gateway' ? [port, env['STRIPE_API_PORT'] ?? ''] : [port];
    const published = (service.ports ?? []).map((p) => p.split(':'));
    for (const [host, container] of published) {
      expect(host).toBe(container);
      expect(ports).toContain(host);
    }
    for (const other of Object.values(compose.services)) {
      for (const [key, value] of Object.entries(other.environment ?? {})) {
        if (key.endsWith('_URL') && value.includes(`//${name}:`)) expect(value).toBe(`http://${name}:${port}`);
      }
    }
  });

  it('publishes only the gateway and merchant-sim, and waits for healthy dependencies', () => {
    const published = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).length > 0).map(([n]) => n).sort();
    expect(published).toEqual(['api-gateway', 'merchant-sim']);
    for (const service of Object.values(compose.services)) {
      for (const dependency of Object.values(service.depends_on ?? {})) expect(dependency.condition).toBe('service_healthy');
    }
  });

  it.each(serviceDirs)('%s has a multi-stage, non-root Dockerfile whose start command exists in its package.json', (name) => {
    const service = compose.services[name] as ComposeService;
    const dockerfile = path.join(REPO_ROOT, service.build?.dockerfile ?? '');
    expect(existsSync(dockerfile)).toBe(true);
    const text = readFileSync(dockerfile, 'utf8');
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^USER node$/m);
    const cmd = /^CMD (\[.*\])$/m.exec(text);
    const argv = JSON.parse(cmd?.[1] ?? '[]') as string[];
    expect(argv.slice(0, 2)).toEqual(['npm', 'run']);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as { name: string; scripts: Record<string, string> };
    expect(argv).toContain(pkg.name);
    expect(pkg.scripts[argv[2] ?? '']).toBeDefined();
  });

  it('the dev override mounts the source and runs each workspace dev script', () => {
    const dev = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.dev.yml'), 'utf8'), { merge: true }) as { services: Record<string, { command: string[]; volumes: string[] }> };
    for (const name of serviceDirs) {
      const service = dev.services[name];
      expect(service?.volumes).toEqual(expect.arrayContaining(['./shared:/app/shared', './services:/app/services']));
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts[service?.command[2] ?? '']).toBeDefined();
    }
  });
});

describe('docker-compose.observability.yml', () => {
  interface ObservabilityService extends ComposeService {
    image?: string;
    command?: string[];
  }
  const observability = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.observability.yml'), 'utf8'), { merge: true }) as { services: Record<string, ObservabilityService>; volumes?: Record<string, unknown> };
  const tools = Object.keys(observability.services).filter((name) => !serviceDirs.includes(name)).sort();

  it('adds Prometheus, Grafana and Jaeger, and gives every service only the OTLP endpoint of Jaeger (and waits for it)', () => {
    expect(tools).toEqual(['grafana', 'jaeger', 'prometheus']);
    for (const name of serviceDirs) {
      const service = observability.services[name];
      expect({ name, keys: Object.keys(service ?? {}).sort() }).toEqual({ name, keys: ['depends_on', 'environment'] });
      expect(service?.environment).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' });
      expect(Object.keys(service?.depends_on ?? {})).toEqual(['jaeger']);
    }
  });

  it('runs Jaeger with OTLP on, listening where the services send it', () => {
    const jaeger = observability.services['jaeger'];
    expect(jaeger?.environment?.['COLLECTOR_OTLP_ENABLED']).toBe('true');
    const endpoint = new URL(observability.services['api-gateway']?.environment?.['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '');
    expect(endpoint.hostname).toBe('jaeger');
    expect(jaeger?.expose).toContain(endpoint.port);
  });

  it.each(tools)('%s runs a pinned image version, publishes only on loopback, and mounts files that exist', (name) => {
    const service = observability.services[name] as ObservabilityService;
    expect(service.image).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/);
    expect(service.build).toBeUndefined();
    for (const port of service.ports ?? []) {
      const [address, host, container] = port.split(':');
      expect({ port, address, same: host === container }).toEqual({ port, address: '127.0.0.1', same: true });
    }
    for (const volume of service.volumes ?? []) {
      const [source = ''] = volume.split(':');
      if (source.startsWith('.')) expect(existsSync(path.join(REPO_ROOT, source))).toBe(true);
      else expect(observability.volumes).toHaveProperty(source);
    }
  });

  it('waits for a healthy dependency when it has a healthcheck, and for its start when it has none', () => {
    for (const service of Object.values(observability.services)) {
      for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
        const target = observability.services[name];
        expect({ name, condition: dependency.condition }).toEqual({ name, condition: target?.healthcheck === undefined ? 'service_started' : 'service_healthy' });
      }
    }
  });
});
