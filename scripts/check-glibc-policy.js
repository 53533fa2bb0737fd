'use strict';
// The linux prebuilds load on every glibc from 2.28 on (RHEL 8, Amazon Linux
// 2023, Debian 10, Ubuntu 20.04), whatever C++ runtime the system has, as
// Python's manylinux policy checks a wheel: read from each prebuild's dynamic
// section and symbol table (readelf reads every architecture's ELF), it
// needs no library beyond libc, libm and the dynamic loader; no symbol
// version but GLIBC_ ones up to 2.28 (libstdc++ and libgcc are linked in:
// no GLIBCXX_, CXXABI_ or GCC_); and it exports only the Node-API entry
// points, so its private copy of libstdc++ never interposes on Node's.
// Run after `npm run build:prebuilds`; other files to check may be named as
// arguments.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NEWEST_GLIBC = [2, 28];
const ALLOWED_LIBRARIES = /^(libc\.so\.6|libm\.so\.6|ld-linux-[\w-]+\.so\.\d)$/;
const EXPORTS = ['napi_register_module_v1', 'node_api_module_get_api_version_v1'];

const root = path.join(__dirname, '..');
const readelf = (file, ...args) => execFileSync('readelf', ['-W', ...args, file], { encoding: 'utf8' });

function violations(file) {
  const found = [];
  for (const [, library] of readelf(file, '--dynamic').matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)) {
    if (!ALLOWED_LIBRARIES.test(library)) found.push(`needs ${library}`);
  }
  const exported = [];
  // "Num: Value Size Type Bind Vis Ndx Name[@version (n)]"
  for (const line of readelf(file, '--dyn-syms').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(fields[0]) || fields.length < 8) continue;
    const [, , , type, bind, , ndx, name] = fields;
    const [symbol, version] = name.split(/@+/);
    if (ndx !== 'UND') {
      if (bind !== 'LOCAL' && type !== 'SECTION') exported.push(symbol);
      continue;
    }
    if (version === undefined) continue;
    const glibc = /^GLIBC_(\d+)\.(\d+)/.exec(version);
    if (!glibc) found.push(`${symbol} needs ${version}`);
    else if (Number(glibc[1]) * 1000 + Number(glibc[2]) > NEWEST_GLIBC[0] * 1000 + NEWEST_GLIBC[1]) {
      found.push(`${symbol} needs ${version}, newer than GLIBC_${NEWEST_GLIBC.join('.')}`);
    }
  }
  for (const symbol of exported) if (!EXPORTS.includes(symbol)) found.push(`exports ${symbol}`);
  if (!exported.includes(EXPORTS[0])) found.push(`does not export ${EXPORTS[0]}`);
  return found;
}

const defaults = ['linux-x64', 'linux-arm64'].map((dir) => path.join(root, 'prebuilds', dir, 'numpool.node'));
const prebuilds =
  process.argv.length > 2 ? process.argv.slice(2).map((file) => path.resolve(file)) : defaults;
for (const file of prebuilds) {
  assert.ok(fs.existsSync(file), `${file} is missing; run npm run build:prebuilds`);
  const found = violations(file);
  assert.deepEqual(found, [], `${path.relative(root, file)} breaks the glibc 2.28 policy`);
  console.log(`${path.relative(root, file)}: glibc <= ${NEWEST_GLIBC.join('.')}, no C++ runtime needed`);
}
