'use strict';
// The two build paths compile the same sources with the same flags that
// matter: node-gyp's (binding.gyp: what ships) as its generated Makefile
// says, and cmake-js's (CMakeLists.txt: development) as its
// compile_commands.json says. Run after `npm run build:native` and
// `npm run build:cmake`.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

// The flags that decide results, speed or linkage; later flags of one kind
// override earlier ones, so each kind keeps its last value.
const KINDS = [
  ['optimization', /^-O/],
  ['language', /^-std=/],
  ['fused multiply-add', /^-ffp-contract=/],
  ['math errno', /^-f(no-)?math-errno$/],
  ['signed overflow', /^-f(no-)?wrapv$/],
  ['fast math', /^-f(no-)?(fast-math|finite-math-only|unsafe-math-optimizations)$/],
  ['visibility', /^-fvisibility=/],
  ['exceptions', /^-f(no-)?exceptions$/],
  ['assertions', /^-DNDEBUG$/],
];
const API_DEFINES = /^-D(NAPI_|NODE_ADDON_API_)/;

function settings(flags) {
  const kinds = {};
  for (const [kind, pattern] of KINDS) kinds[kind] = flags.findLast((flag) => pattern.test(flag)) ?? null;
  return { ...kinds, api: flags.filter((flag) => API_DEFINES.test(flag)).sort() };
}

function gypBuild() {
  const makefile = fs.readFileSync(path.join(root, 'build', 'numpool.target.mk'), 'utf8');
  const variable = (name) => {
    const match = new RegExp(`^${name} := ((?:.*\\\\\\n)*.*)$`, 'm').exec(makefile);
    assert.ok(match, `build/numpool.target.mk has no ${name}`);
    return match[1].split(/\s*\\\n\s*|\s+/).filter(Boolean);
  };
  const flags = [
    ...variable('DEFS_Release'),
    ...variable('CFLAGS_Release'),
    ...variable('CFLAGS_CC_Release'),
  ];
  const objects = variable('OBJS').map((object) => object.replace(/^\$\(obj\)\.target\/\$\(TARGET\)\//, ''));
  const common = settings(flags.map((flag) => flag.replace(/^'(.*)'$/, '$1')));
  return Object.fromEntries(objects.map((object) => [object.replace(/\.o$/, '.cc'), common]));
}

function cmakeBuild() {
  const commands = JSON.parse(
    fs.readFileSync(path.join(root, 'build-cmake', 'compile_commands.json'), 'utf8'),
  );
  return Object.fromEntries(
    commands.map(({ file, command }) => [path.relative(root, file), settings(command.split(/\s+/))]),
  );
}

const gyp = gypBuild();
const cmake = cmakeBuild();
assert.deepEqual(
  Object.keys(cmake).sort(),
  Object.keys(gyp).sort(),
  'the two builds compile different sources',
);
for (const [source, expected] of Object.entries(gyp)) {
  // Node-API defines matter only where Node-API is included: the binding.
  const relevant = ({ api, ...codegen }) => (source === 'native/binding.cc' ? { ...codegen, api } : codegen);
  assert.deepEqual(
    relevant(cmake[source]),
    relevant(expected),
    `${source}: CMakeLists.txt and binding.gyp disagree`,
  );
}
const agreed = Object.values(gyp['native/binding.cc']).flat().filter(Boolean).join(' ');
console.log(`build flags: node-gyp and cmake-js agree on ${Object.keys(gyp).length} sources: ${agreed}`);
