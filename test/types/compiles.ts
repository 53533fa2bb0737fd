// A consumer's code that must type-check against numpool's declarations
// (test/types.test.js runs tsc on it).
import { compile, map, Pool } from '../../dist/index';

const pool = new Pool({ threads: 1 });
const xs = [1, 2, 3];
const lat = new Float64Array(3);

// Params typed as the user writes them, given in options.params.
export const scaled = pool.map((x: number, p: { k: number }) => x * p.k, xs, { params: { k: 3 } });
export const inferred = pool.map((x, p) => x * p.k, xs, { params: { k: 3 } });
// The index, as Array.prototype.map passes it, with and without params.
export const indexed = map((x, i) => x * i + 1, xs);
export const annotatedIndex = map((x: number, i: number) => x * i, xs);
export const both = map((x: number, i: number, p: { k: number }) => x * i + p.k, xs, { params: { k: 1 } });
// Params it does not read: any numeric fields.
export const loose = map((x) => x * 2, xs, { params: { unused: 1 } });
// Several inputs: the arity comes from the tuple of inputs.
export const two = pool.map((a, b) => a * b, [xs, lat]);
export const haversine = map(
  (la1: number, lo1: number, la2: number, lo2: number, p: { r: number }) => p.r * (la1 - la2 + lo1 - lo2),
  [xs, xs, lat, lat],
  { params: { r: 6371 } },
);
export const withIndex = map((a, b, i) => a + b + i, [xs, new Int32Array(3)]);
// Compiled kernels carry their params and inputs.
const weighted = compile((x: number, w: number, p: { bias: number }) => x * w + p.bias, { inputs: 2 });
export const compiled = pool.map(weighted, [xs, lat], { params: { bias: 1 } });
const single = compile((x: number, p: { k: number }) => x + p.k);
export const compiledSingle = map(single, xs, { params: { k: 2 } });
export const kernel = map('logSum', xs, { iterations: 2 });
