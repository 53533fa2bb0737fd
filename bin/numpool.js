#!/usr/bin/env node
'use strict';
// The numpool command. `numpool bench [options]` runs the benchmark.
const [command, ...rest] = process.argv.slice(2);

if (command === 'bench') {
  require('../bench/main')
    .main(rest)
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
