import { fuzzHttp, fuzzOptions, fuzzRawSockets, formatReport, type FuzzOptions, type FuzzTarget } from './fuzzService';
import type { FuzzRoute } from './hostileRequests';
import { makeTempDataDir } from '../tempDir';

export interface HostileInputSuite {
  /** The service's name, as it appears in reports. */
  service: string;
  /** Its fixed CI seed (`npm run fuzz` draws a fresh one). */
  seed: number;
  /** Its routes, read from its app (routeTable); or leave out and let `start` read them (OpenAPI). */
  routes?: FuzzRoute[];
  /** A few routes the table must hold: proof it was read, not empty. */
  expectedRoutes: FuzzRoute[];
  /** Starts the real process on `dataDir`; returns the rest of the target and how to stop it. */
  start(dataDir: string): Promise<{ target: Omit<FuzzTarget, 'name' | 'dataDir' | 'routes'> & { routes?: FuzzRoute[] }; stop(): Promise<void> }>;
  /** Generated HTTP requests and raw-socket requests in CI (defaults 150 and 40). */
  runs?: number;
  rawRuns?: number;
}

/**
 * The hostile-input suite of one service (issue 12): generated requests to every route and malformed
 * requests on raw sockets against the real process; no 5xx, the documented error shape, no write for a
 * refusal. CI runs it short with the fixed seed; `npm run fuzz` runs it long (FUZZ_RUNS, FUZZ_SEED).
 */
export function describeHostileInput(suite: HostileInputSuite): void {
  const options: FuzzOptions = fuzzOptions({ runs: suite.runs ?? 150, rawRuns: suite.rawRuns ?? 40, seed: suite.seed });
  const timeout_ms = 60_000 + options.runs * 200;
  describe(`${suite.service} under hostile input (fuzz)`, () => {
    const data = makeTempDataDir(`${suite.service}-fuzz`);
    let target: FuzzTarget;
    let stop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      const started = await suite.start(data.dir);
      stop = started.stop;
      target = { ...started.target, name: suite.service, dataDir: data.dir, routes: started.target.routes ?? suite.routes ?? [] };
    }, 120_000);
    afterAll(async () => {
      await stop();
      data.cleanup();
    });

    it('reads its route table from the app', () => {
      expect(target.routes).toEqual(expect.arrayContaining(suite.expectedRoutes.map((route) => expect.objectContaining(route))));
    });

    it('answers generated requests to every route with no 5xx, errors in the documented shape, and no write when it refuses', async () => {
      const report = await fuzzHttp(target, options);
      process.stdout.write(`${formatReport(target.name, report)}\n`);
      expect(report.requests).toBe(options.runs);
    }, timeout_ms);

    it('answers malformed requests on raw sockets in the documented shape, or closes, and writes nothing', async () => {
      const report = await fuzzRawSockets(target, options);
      process.stdout.write(`${formatReport(`${target.name} raw`, report)}\n`);
      expect(report.requests).toBe(options.rawRuns);
    }, timeout_ms);
  });
}
