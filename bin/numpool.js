#!/usr/bin/env node
'use strict';
// The numpool command. `numpool bench [options]` runs the benchmark.
const path = require('node:path');

const [command, ...rest] = process.argv.slice(2);
// Installed as a dependency, the package folder is no place for results:
// they go to ./numpool-bench/ unless --json says otherwise.
const defaultJson = ['--json', path.resolve('numpool-bench', 'latest.json')];

if (command === 'bench') {
  require('../bench/main')
    .main(rest.includes('--json') ? rest : [...rest, ...defaultJson])
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
} else {
  console.error(`usage: numpool bench [options]   (numpool bench --help lists them)`);
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}
