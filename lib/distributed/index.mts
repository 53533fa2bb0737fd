// The ES module entry of numpool/distributed: the CommonJS build re-exported,
// so that `import` and `require` share one instance.
import distributed from './index.js';

export const { DistributedPool, RedisUnreachableError, ShardFailedError, startWorker } = distributed;
