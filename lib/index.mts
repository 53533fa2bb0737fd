// The ES module entry: the CommonJS build re-exported, so that `import` and
// `require` share one instance and one set of native pools.
import numpool from './index.js';

export const {
  Pool,
  PoolClosedError,
  QueueFullError,
  CompiledKernel,
  availableThreads,
  compile,
  info,
  liveNativeMaps,
  map,
  reduce,
} = numpool;
