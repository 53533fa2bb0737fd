// What this numpool runs on: the kernel path chosen at load (the widest the
// CPU supports, or the one NUMPOOL_SIMD forces), and what else it could use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { native } from './native';

/** Every kernel path numpool knows, lowest first. */
export const SIMD_PATHS = ['scalar', 'sse2', 'avx2', 'avx512', 'neon'] as const;
export type SimdPath = (typeof SIMD_PATHS)[number];

export interface Info {
  /** numpool's version. */
  readonly version: string;
  /** The instruction set the kernels run on. */
  readonly simd: SimdPath;
  /** The paths this CPU supports, lowest first; NUMPOOL_SIMD may pick any. */
  readonly simdPaths: readonly SimdPath[];
  /** The kernels `map` accepts. */
  readonly kernels: readonly string[];
}

const supported = native.simdPaths() as SimdPath[];

function chooseSimd(): SimdPath {
  const forced = process.env.NUMPOOL_SIMD;
  if (forced === undefined || forced === '') return supported[supported.length - 1] as SimdPath;
  if (!(SIMD_PATHS as readonly string[]).includes(forced)) {
    throw new RangeError(
      `NUMPOOL_SIMD must be one of ${SIMD_PATHS.join(', ')}; got ${JSON.stringify(forced)}`,
    );
  }
  if (!(supported as string[]).includes(forced)) {
    throw new RangeError(
      `NUMPOOL_SIMD=${forced} is not supported by this CPU; it supports ${supported.join(', ')}`,
    );
  }
  native.useSimd(forced);
  return forced as SimdPath;
}

const simd = chooseSimd();
const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

/** The version, the SIMD path in use and the kernels. */
export function info(): Info {
  return {
    version,
    simd,
    simdPaths: [...supported],
    kernels: native.kernels().map((kernel) => kernel.name),
  };
}
