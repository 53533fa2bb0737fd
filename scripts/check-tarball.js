'use strict';
// The packed tarball holds exactly what a user needs: the compiled entry
// points and types, the prebuilds, the native sources for a source build,
// README and LICENSE, and the benchmark runner behind the `numpool bench`
// command; no tests, benchmark results, source maps or build output.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');

const files = execFileSync('tar', ['-tzf', process.argv[2]], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((entry) => entry.replace(/^package\//, ''));
const allowed = [
  /^dist\/((distributed|compiler)\/)?[\w-]+\.(js|mjs|d\.ts|d\.mts)$/,
  /^prebuilds\/(linux-x64|linux-arm64|win32-x64)\/numpool\.node$/,
  /^native\/((kernels|program|portable)\/)?\w+\.(h|cc)$/,
  /^native\/portable\/exports\.map$/,
  /^(binding\.gyp|package\.json|README\.md|LICENSE)$/,
  /^bin\/numpool\.js$/,
  /^bench\/(contenders\/)?[\w-]+\.(js|py)$/,
];
const required = [
  'dist/index.js',
  'dist/index.mjs',
  'dist/index.d.ts',
  'dist/index.d.mts',
  'dist/distributed/index.js',
  'dist/distributed/index.mjs',
  'dist/distributed/index.d.ts',
  'prebuilds/linux-x64/numpool.node',
  'prebuilds/linux-arm64/numpool.node',
  'prebuilds/win32-x64/numpool.node',
  'native/binding.cc',
  'binding.gyp',
  'README.md',
  'LICENSE',
  'bin/numpool.js',
  'bench/main.js',
];
assert.deepEqual(
  files.filter((file) => !allowed.some((pattern) => pattern.test(file))),
  [],
  'unexpected files',
);
assert.deepEqual(
  required.filter((file) => !files.includes(file)),
  [],
  'missing files',
);
console.log(`tarball: ${files.length} files, all expected`);
