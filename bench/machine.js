'use strict';
// What the figures were measured on: machine, CPU and software versions.
const os = require('node:os');
const { availableThreads } = require('..');
const { version } = require('../package.json');

async function machine(contenders) {
  const cpus = os.cpus();
  const versions = { node: process.version, numpool: version };
  for (const contender of contenders) {
    if (contender.version === undefined) continue;
    versions[contender.name] =
      typeof contender.version === 'function' ? await contender.version() : contender.version;
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    logicalCpus: cpus.length,
    availableThreads: availableThreads(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    versions,
  };
}

module.exports = { machine };
