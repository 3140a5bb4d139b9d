// Jest globalSetup: names a fresh contract log for the whole run. Set in the parent before workers
// start, the variable reaches every worker and every service process a test spawns, and each
// service's contractCheck appends there a line per response that disagrees with its OpenAPI document.
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

module.exports = async () => {
  if (process.env.PAYRAIL_CONTRACT_CHECK === '0') return;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'payrail-contract-')), 'violations.jsonl');
  writeFileSync(file, '');
  process.env.PAYRAIL_CONTRACT_LOG = file;
};
