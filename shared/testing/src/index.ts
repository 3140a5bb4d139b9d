export { makeTempDataDir } from './tempDir';
export { startNode, stopChild, waitFor, type RunningChild } from './childProcess';
export { REPO_ROOT, freePort, startService, testEnv, type RunningService } from './services';
export { filesUnder } from './files';
