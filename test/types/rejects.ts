// Misuse that tsc must refuse: every line after @ts-expect-error is an
// error, or tsc reports the unused directive (test/types.test.js).
import { compile, map, Pool } from '../../dist/index';

const pool = new Pool({ threads: 1 });
const xs = [1, 2, 3];

// A misspelled param.
// @ts-expect-error
export const misspelled = pool.map((x: number, p: { k: number }) => x * p.k, xs, { params: { kk: 3 } });
// A missing param: its options, or its field.
// @ts-expect-error
export const noOptions = map((x: number, p: { k: number }) => x * p.k, xs);
// @ts-expect-error
export const noField = map((x: number, p: { k: number }) => x * p.k, xs, { params: {} });
// A field read that options.params does not give.
// @ts-expect-error
export const unread = map((x, p) => x * p.j, xs, { params: { k: 1 } });
// A param that is not a number.
// @ts-expect-error
export const notNumber = map((x: number, p: { k: number }) => x * p.k, xs, { params: { k: 'a' } });
// An element typed as something else than a number.
// @ts-expect-error
export const notElement = map((a: number, b: string) => a + Number(b), [xs, xs]);
// Inputs that are not numeric arrays.
// @ts-expect-error
export const strings = map((a, b) => a + b, [xs, ['a']]);
// A kernel compiled for two inputs given one, and for one given two.
const two = compile((a: number, b: number) => a * b, { inputs: 2 });
// @ts-expect-error
export const oneForTwo = map(two, xs);
const one = compile((a: number) => a);
// @ts-expect-error
export const twoForOne = map(one, [xs, xs]);
// A compiled kernel's params are checked too.
const withK = compile((x: number, p: { k: number }) => x * p.k);
// @ts-expect-error
export const kernelParams = map(withK, xs, { params: { j: 1 } });
