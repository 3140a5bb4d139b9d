// The bank file reader's thread (see readBankFileInWorker).
import { parentPort, workerData } from 'node:worker_threads';
import { runBankFileWorker } from './bankFileColumns';

const { file, date } = workerData as { file: string; date: string };
void runBankFileWorker((message, transfer) => parentPort?.postMessage(message, transfer ?? []), file, date);
