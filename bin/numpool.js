#!/usr/bin/env node
'use strict';
// The numpool command. `numpool bench [options]` runs the benchmark;
// `numpool worker [options]` takes shards of DistributedPool maps (numpool/distributed).
const path = require('node:path');

const [command, ...rest] = process.argv.slice(2);
// Installed as a dependency, the package folder is no place for results:
// they go to ./numpool-bench/ unless --json says otherwise.
const defaultJson = ['--json', path.resolve('numpool-bench', 'latest.json')];

if (command === 'bench') {
  const { exitWith } = require('../bench/cli');
  const { main } = require('../bench/main');
  exitWith(main(rest.includes('--json') ? rest : [...rest, ...defaultJson]));
} else if (command === 'worker') {
  worker(rest);
} else {
  console.error(`usage: numpool bench [options]   (numpool bench --help lists them)
       numpool worker [options]  (numpool worker --help lists them)`);
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}

async function worker(argv) {
  try {
    // Throws, naming the package, when the optional bullmq or ioredis is missing.
    const { main } = require('../dist/distributed/command');
    process.exitCode = await main(argv);
  } catch (error) {
    console.error(`numpool worker: ${error.message}`);
    process.exitCode = 1;
  }
}
