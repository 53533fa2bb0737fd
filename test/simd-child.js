'use strict';
// Checks that must run on every SIMD path run in a child process per path,
// forced through NUMPOOL_SIMD (the path is chosen once, at load).

/** Runs `file` as a child on `simd`, with `flag` set; returns its stdout. */
function runOnPath(file, flag, simd) {
  const { execFileSync } = require('node:child_process');
  return execFileSync(process.execPath, [file], {
    env: { ...process.env, NUMPOOL_SIMD: simd, [flag]: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** In the child (`flag` set): runs `checks`, failing the process on error; true there. */
function runIfChild(flag, checks) {
  if (!process.env[flag]) return false;
  checks().catch((error) => {
    process.stderr.write(String(error.stack));
    process.exitCode = 1;
  });
  return true;
}

module.exports = { runOnPath, runIfChild };
