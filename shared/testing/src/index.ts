export { makeTempDataDir } from './tempDir';
export { startNode, stopChild, waitFor, type RunningChild } from './childProcess';
export { REPO_ROOT, freePort, startService, testEnv, type RunningService } from './services';
export { filesUnder } from './files';
export { fuzzHttp, fuzzRawSockets, fuzzOptions, formatReport, errorShapeProblem, type FuzzTarget, type FuzzOptions, type FuzzReport, type RecordedRefusal } from './fuzz/fuzzService';
export { type FuzzRoute, type HostileInputContext, type HostileRequest } from './fuzz/hostileRequests';
export { digestFolder, changedFiles, settledDigest } from './fuzz/dataFolder';
export { inert } from './fuzz/inert';
export { describeHostileInput, type HostileInputSuite } from './fuzz/hostileInputSuite';
