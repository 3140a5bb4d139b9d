import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { Server } from 'node:http';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseEnv } from 'node:util';
import { REPO_ROOT } from './startCommand';

// No Docker engine runs on the build machines: this checks docker-compose.yml, the root Dockerfile and the
// gateway proxy's nginx.conf against the repository.
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  env_file?: string | string[];
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
}

/** One nginx directive: its name, its arguments and, for a block, the directives inside it. */
interface NginxDirective {
  name: string;
  args: string[];
  block?: NginxDirective[];
}

const IMAGE = 'payrail:latest';
const PROXY = 'gateway-proxy';
const GATEWAY = 'api-gateway';
// Open-source nginx re-resolves an upstream server by DNS (`resolve`) from 1.27.3 on.
const NGINX_RESOLVE_SINCE = [1, 27, 3];
// Docker's embedded DNS server, inside every container on a user-defined network.
const DOCKER_DNS = '127.0.0.11';

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const env = parseEnv(readFileSync(path.join(REPO_ROOT, '.env'), 'utf8')) as Record<string, string>;
const serviceDirs = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const portOf = (name: string): string => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as { payrail: { port_env: string } };
  return env[pkg.payrail.port_env] ?? '';
};
const gatewayPorts = [env['GATEWAY_PORT'] ?? '', env['STRIPE_API_PORT'] ?? ''];

/** Parses nginx's configuration syntax: directives end in `;`, blocks are `{ ... }`, `#` starts a comment. */
function parseNginx(text: string): NginxDirective[] {
  const tokens = [...text.replace(/#[^\n]*/g, '').matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"']+)/g)].map((m) => ({ word: m[1] ?? m[2] ?? m[4], punct: m[3] }));
  let at = 0;
  const block = (): NginxDirective[] => {
    const directives: NginxDirective[] = [];
    const words: string[] = [];
    while (at < tokens.length) {
      const token = tokens[at++];
      if (token?.punct === '}') break;
      if (token?.word !== undefined) words.push(token.word);
      else if (token?.punct === ';' || token?.punct === '{') {
        const [name = '', ...args] = words.splice(0);
        directives.push(token.punct === '{' ? { name, args, block: block() } : { name, args });
      }
    }
    return directives;
  };
  return block();
}
const find = (directives: readonly NginxDirective[] | undefined, name: string): NginxDirective[] => (directives ?? []).filter((d) => d.name === name);

describe('docker-compose.yml', () => {
  it('has a service for every folder in services/, and the gateway proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...serviceDirs, PROXY].sort());
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
    // Each published port is the same on both sides, and the service's .env port.
    for (const [host, container] of (service.ports ?? []).map((p) => p.split(':'))) {
      expect(host).toBe(container);
      expect(host).toBe(port);
    }
    for (const other of Object.values(compose.services)) {
      for (const [key, value] of Object.entries(other.environment ?? {})) {
        if (key.endsWith('_URL') && value.includes(`//${name}:`)) expect(value).toBe(`http://${name}:${port}`);
      }
    }
  });

  it.each(serviceDirs)('%s runs the one image, built from the root Dockerfile, its command naming the service', (name) => {
    const service = compose.services[name] as ComposeService;
    expect(service.image).toBe(IMAGE);
    expect(service.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(service.command).toEqual([name]);
  });

  it('publishes only the gateway proxy and merchant-sim, and waits for healthy dependencies', () => {
    const published = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).length > 0).map(([n]) => n).sort();
    expect(published).toEqual([PROXY, 'merchant-sim']);
    for (const service of Object.values(compose.services)) {
      for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services).toHaveProperty(name);
        expect(dependency.condition).toBe('service_healthy');
      }
    }
  });

  it('runs the gateway as replicas, one process each, reached by the other services through the proxy', () => {
    const gateway = compose.services[GATEWAY] as ComposeService;
    expect(gateway.deploy?.replicas).toBe(3);
    expect(gateway.environment?.['GATEWAY_WORKERS']).toBe('1');
    expect(gateway.ports).toBeUndefined();
    expect(gateway.expose?.sort()).toEqual([...gatewayPorts].sort());
    for (const [name, service] of Object.entries(compose.services)) {
      const url = service.environment?.['GATEWAY_URL'];
      if (url !== undefined) expect({ name, url }).toEqual({ name, url: `http://${PROXY}:${env['GATEWAY_PORT']}` });
      if (name !== PROXY && service.depends_on !== undefined) expect({ name, waitsForReplicas: GATEWAY in service.depends_on }).toEqual({ name, waitsForReplicas: false });
    }
  });

  it('runs the proxy on a pinned nginx that re-resolves by DNS, publishing the gateway ports, once a replica is ready', () => {
    const proxy = compose.services[PROXY] as ComposeService;
    const version = /^nginx:(\d+)\.(\d+)\.(\d+)(-alpine)?$/.exec(proxy.image ?? '');
    expect(version).not.toBeNull();
    const [major = 0, minor = 0, patch = 0] = (version ?? []).slice(1, 4).map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual((NGINX_RESOLVE_SINCE[0] ?? 0) * 1e6 + (NGINX_RESOLVE_SINCE[1] ?? 0) * 1e3 + (NGINX_RESOLVE_SINCE[2] ?? 0));
    expect(proxy.build).toBeUndefined();
    expect(proxy.volumes).toEqual(['./ops/nginx/nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(proxy.ports?.sort()).toEqual(gatewayPorts.map((p) => `${p}:${p}`).sort());
    expect(proxy.depends_on).toEqual({ [GATEWAY]: { condition: 'service_healthy' } });
    expect(proxy.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${env['GATEWAY_PORT']}/ready`);
  });
});

describe('ops/nginx/nginx.conf', () => {
  const conf = parseNginx(readFileSync(path.join(REPO_ROOT, 'ops', 'nginx', 'nginx.conf'), 'utf8'));
  const http = find(conf, 'http')[0]?.block;
  const upstreams = new Map(find(http, 'upstream').map((u) => [u.args[0] ?? '', u.block ?? []]));
  const header = (name: string): string[] | undefined => find(http, 'proxy_set_header').find((d) => d.args[0] === name)?.args.slice(1);

  it('parses into directives (the parser reads blocks, quotes and comments)', () => {
    expect(parseNginx('a 1; # b;\nc "x y" { d \'e;\'; }')).toEqual([{ name: 'a', args: ['1'] }, { name: 'c', args: ['x y'], block: [{ name: 'd', args: ['e;'] }] }]);
  });

  it('listens on each gateway port and passes it to an upstream of the replicas at the same port, resolved by Docker\'s DNS', () => {
    expect(find(http, 'resolver')[0]?.args).toEqual(expect.arrayContaining([DOCKER_DNS, expect.stringMatching(/^valid=\d+s$/)]));
    const servers = find(http, 'server');
    expect(servers.map((s) => find(s.block, 'listen')[0]?.args[0]).sort()).toEqual([...gatewayPorts].sort());
    for (const server of servers) {
      const port = find(server.block, 'listen')[0]?.args[0];
      const target = /^http:\/\/([a-z_]+)$/.exec(find(find(server.block, 'location')[0]?.block, 'proxy_pass')[0]?.args[0] ?? '')?.[1] ?? '';
      const upstream = upstreams.get(target);
      expect({ port, servers: find(upstream, 'server').map((d) => d.args) }).toEqual({ port, servers: [[`${GATEWAY}:${port}`, 'resolve']] });
      // `resolve` needs a shared memory zone; keepalive keeps the upstream connections open.
      expect(find(upstream, 'zone')).toHaveLength(1);
      expect(Number(find(upstream, 'keepalive')[0]?.args[0])).toBeGreaterThan(0);
      // Under the gateway's Node keep-alive (5 s by default), so nginx never reuses a connection being closed.
      expect(Number.parseInt(find(upstream, 'keepalive_timeout')[0]?.args[0] ?? '', 10) * 1000).toBeLessThan(new Server().keepAliveTimeout);
    }
  });

  it('keeps upstream connections alive and passes the client address on', () => {
    expect(find(http, 'proxy_http_version')[0]?.args).toEqual(['1.1']);
    expect(header('Connection')).toEqual(['']);
    expect(header('X-Forwarded-For')).toEqual(['$proxy_add_x_forwarded_for']);
    expect(header('Host')).toEqual(['$http_host']);
  });
});

describe('the root Dockerfile', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const stages = text.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM '));
  const final = stages.at(-1) ?? '';

  it('is the only Dockerfile', () => {
    expect(serviceDirs.filter((name) => existsSync(path.join(REPO_ROOT, 'services', name, 'Dockerfile')))).toEqual([]);
  });

  it('builds in a stage of its own and runs as the node user with the data folder at /data', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^FROM \S+ AS build$/m);
    expect(stages[0]).toMatch(/^RUN npm ci\b/m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^ENV .*\bDATA_DIR=\/data\b/m);
    // Every port of .env a service listens on.
    const exposed = /^EXPOSE (.+)$/m.exec(final)?.[1]?.split(/\s+/) ?? [];
    expect(exposed.sort()).toEqual([...new Set([...serviceDirs.map(portOf), env['STRIPE_API_PORT'] ?? ''])].sort());
  });

  it('copies into the build stage every project the root tsconfig references (npm ci builds them all with tsc -b)', () => {
    const references = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as { references: Array<{ path: string }> }).references;
    const copied = [...(stages[0] ?? '').matchAll(/^COPY (\S+) \.\/\S+$/gm)].map((m) => m[1] as string);
    const missing = references.map((r) => r.path.split('/')[0] as string).filter((top) => !copied.includes(top));
    expect(missing).toEqual([]);
  });

  it('runs the entrypoint and the healthcheck it copies from ops/docker', () => {
    const workdir = /^WORKDIR (\S+)$/m.exec(final)?.[1] ?? '';
    const inImage = (file: string): string => path.join(REPO_ROOT, path.posix.relative(workdir, file));
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(final)?.[1] ?? '[]') as string[];
    const healthcheck = JSON.parse(/^HEALTHCHECK .* CMD (\[.*\])$/m.exec(final)?.[1] ?? '[]') as string[];
    expect(entrypoint[0]).toBe('sh');
    expect(healthcheck[0]).toBe('node');
    expect(final).toMatch(/^COPY --chown=node:node ops\/docker \.\/ops\/docker$/m);
    for (const file of [entrypoint[1] ?? '', healthcheck[1] ?? '']) {
      expect(file.startsWith(`${workdir}/ops/docker/`)).toBe(true);
      expect(existsSync(inImage(file))).toBe(true);
    }
    // The image carries no default service: a container names the one it runs.
    expect(final).not.toMatch(/^CMD /m);
  });

  it('the dev override builds its build stage under another tag, mounts the source and runs each workspace dev script', () => {
    const dev = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.dev.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService & { command: string[]; volumes: string[] }> };
    for (const name of serviceDirs) {
      const service = dev.services[name];
      expect(service?.build?.target).toBe('build');
      expect(service?.image).not.toBe(IMAGE);
      expect(service?.volumes).toEqual(expect.arrayContaining(['./shared:/app/shared', './services:/app/services']));
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts[service?.command[2] ?? '']).toBeDefined();
    }
    // One replica there: each would run its own tsc --watch over the one mounted source.
    expect(dev.services[GATEWAY]?.deploy?.replicas).toBe(1);
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
