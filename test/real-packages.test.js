'use strict';
// Proof on real code: every per-element export of four popular numeric npm
// packages (devDependencies at exact versions), the packages' own function
// objects as shipped, compiled and mapped on 1 and 2 threads, inline and in
// chunks, and on every other SIMD path, Object.is-identical to calling them in
// JavaScript over their domains (random draws plus edge values); where they
// throw, the map rejects as a JavaScript loop would. Each export the compiler
// refuses is asserted refused for the reason the README's table gives, and
// every export of each package is accounted for, so neither the counts nor
// the reasons go stale.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const acorn = require('acorn');
const { Pool, compile, info, map } = require('..');
const { runOnPath } = require('./simd-child');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');

const pools = [1, 2].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

const EDGES = [...EDGE_INPUTS, ...EDGE_INPUTS.map((x) => -x)];
const DRAWS = 3000;
// For the few functions whose own JavaScript runs a long loop per element
// (hundreds of terms, each of calls with loops), fewer draws keep the test
// quick; the edge values and every part of the domain stay.
const SLOW_DRAWS = 300;
/** Uniform in [lo, hi), every double the 53-bit grid holds. */
const uniform = (lo, hi) => (next) => lo + ((hi - lo) * Number(next() >> 11n)) / 2 ** 53;
const integers = (below) => (next) => Number(next() % BigInt(below));

/**
 * One input's values: the edge values (rotated by `seed`, so that the
 * columns of a several-input function meet in varied pairs) kept by `keep`,
 * then `count` random values shared among `draws`.
 */
function domain(seed, draws, keep = () => true, count = DRAWS) {
  const shift = seed % EDGES.length;
  const edges = [...EDGES.slice(shift), ...EDGES.slice(0, shift)].filter(keep);
  const random = draws.flatMap((draw, k) => [...randomDoubles(count / draws.length, seed * 31 + k, draw)]);
  return Float64Array.from([...edges, ...random]);
}

// The domains the functions below are checked on (edge values in every one).
const REALS = [uniform(0, 1), anyDouble, uniform(-125, 125)];
const COUNTS = [integers(1000), uniform(0, 1e6)];
const PROBABILITIES = [uniform(0, 1)];
const SYMMETRIC_UNIT = [uniform(-1, 1)];

/**
 * A function that a package does not export, taken from its shipped file:
 * the declaration's source text, evaluated on its own (compile reads only
 * that text; what it closes over is passed in options).
 */
function shippedFunction(file, name) {
  const source = fs.readFileSync(file, 'utf8');
  const program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const node = program.body.find((n) => n.type === 'FunctionDeclaration' && n.id.name === name);
  assert.ok(node, `${name} is declared in ${file}`);
  return new Function(`return ${source.slice(node.start, node.end)}`)();
}

/** The rows where `fn` returns, what it returns there, and the first row where it throws. */
function callRows(fn, columns) {
  const kept = [];
  const expected = [];
  let thrown;
  for (let i = 0; i < columns[0].length; i++) {
    try {
      expected.push(fn(...columns.map((column) => column[i])));
      kept.push(i);
    } catch (error) {
      thrown ??= { index: i, error };
    }
  }
  return { kept, expected: Float64Array.from(expected), thrown };
}

const asInput = (columns) => (columns.length === 1 ? columns[0] : columns);

const CHILD = 'NUMPOOL_REAL_PACKAGES_TEST_CHILD';
const ON_SIMD_PATH = Boolean(process.env[CHILD]);

/** A map over all of `columns` rejects as the JavaScript loop throws (`thrown`: callRows's). */
async function assertRejects(mapped, thrown) {
  await assert.rejects(mapped, (rejection) => {
    assert.ok(rejection instanceof RangeError, String(rejection));
    assert.equal(rejection.message, `the function threw at element ${thrown.index}: ${String(thrown.error)}`);
    assert.equal(rejection.cause.constructor, thrown.error.constructor);
    assert.equal(rejection.cause.message, thrown.error.message);
    return true;
  });
}

/**
 * Checks `fn` over `columns` (one per input, `draws` random values each),
 * the rows where it throws in JavaScript apart: the map over all rows
 * rejects naming the first of them and its error. The main process maps on every pool, a few elements
 * (inline) and all of them (in chunks on 2 threads), through pool.map and
 * through compile(); on another SIMD path (a child) only the kernel's
 * results depend on the path, so the child maps the compiled kernel once.
 */
async function checkOnDomain(label, fn, columns, options, draws = DRAWS) {
  const { kept, expected, thrown } = callRows(fn, columns);
  assert.ok(kept.length >= draws / 2, `${label} returns on most of its domain`);
  const returning = asInput(columns.map((column) => Float64Array.from(kept, (i) => column[i])));
  const kernel = compile(fn, { inputs: columns.length, ...options });
  if (ON_SIMD_PATH) {
    assertSameBits(await map(kernel, returning), expected, `compiled ${label}`);
    if (thrown !== undefined) await assertRejects(map(kernel, asInput(columns)), thrown);
    return;
  }
  const few = asInput(columns.map((column) => Float64Array.from(kept.slice(0, 12), (i) => column[i])));
  for (const pool of pools) {
    const context = `${label} on ${pool.threads} threads`;
    assertSameBits(await pool.map(fn, few, options), expected.subarray(0, 12), `${context}, 12 elements`);
    // The function itself on 1 thread, its compiled kernel on 2.
    const all = pool.threads === 1 ? pool.map(fn, returning, options) : pool.map(kernel, returning);
    assertSameBits(await all, expected, `${context}, ${kept.length} elements`);
    if (thrown !== undefined) await assertRejects(pool.map(fn, asInput(columns), options), thrown);
  }
}

const words = (text) => text.trim().split(/\s+/);
/** An entry for each of `names`, as `entryOf(name)` gives it. */
const entriesFor = (names, entryOf) => Object.fromEntries(names.map((name) => [name, entryOf(name)]));

// The methods of jstat's distributions that compile (its special functions
// betacf and significant too, with their own domains).
const JSTAT_COMPILES = words(`
  beta.mean beta.mode beta.variance centralF.mean centralF.mode centralF.variance cauchy.pdf cauchy.cdf
  cauchy.inv cauchy.median cauchy.mode chisquare.mean chisquare.median chisquare.mode chisquare.variance
  exponential.pdf exponential.cdf exponential.inv exponential.mean exponential.median exponential.variance
  gamma.mean gamma.mode gamma.variance invgamma.mean invgamma.mode invgamma.variance kumaraswamy.pdf
  kumaraswamy.cdf kumaraswamy.inv kumaraswamy.median kumaraswamy.mode laplace.pdf laplace.cdf laplace.mean
  laplace.median laplace.mode laplace.variance lognormal.pdf lognormal.mean lognormal.median lognormal.mode
  lognormal.variance normal.pdf normal.mean normal.median normal.mode normal.variance pareto.pdf pareto.cdf
  pareto.inv pareto.mean pareto.median pareto.mode pareto.variance studentt.mean studentt.variance
  weibull.pdf weibull.cdf weibull.inv weibull.median weibull.mode uniform.pdf uniform.cdf uniform.inv
  uniform.mean uniform.variance poisson.mean poisson.variance triangular.pdf triangular.cdf triangular.inv
  triangular.mean triangular.median triangular.mode triangular.variance arcsine.pdf arcsine.cdf arcsine.inv
  arcsine.mean arcsine.median arcsine.variance
`);

// Those that call jStat's own functions as methods (`jStat.gammaln(a)`),
// compiled with the package's own object: `functions: { jStat }`.
const JSTAT_THROUGH = words(`
  beta.pdf beta.cdf centralF.pdf centralF.cdf chisquare.pdf chisquare.cdf chisquare.inv gamma.pdf gamma.cdf
  gamma.inv invgamma.pdf invgamma.cdf invgamma.inv kumaraswamy.mean lognormal.cdf lognormal.inv
  normal.cdf normal.inv studentt.pdf studentt.cdf weibull.mean
  weibull.variance binomial.pdf negbin.pdf poisson.pdf
`);

/** The options of a jstat export: its own jStat, whose functions it calls as methods. */
const functionsOf = () => ({ functions: { jStat: require('jstat').jStat } });

const D3_EASE_FILE = require.resolve('d3-ease');

/**
 * The packages. `compiles`: each per-element export, the domain of each of
 * its inputs, and what it closes over (options.functions, options.constants).
 * `refused`: the per-element exports the compiler refuses, in groups by
 * the message it must give and the reason the README states. `other`: the exports that do
 * not map numbers to a number, by kind.
 */
const PACKAGES = [
  {
    name: 'd3-ease',
    load: () => import('d3-ease'),
    compiles(d3) {
      // d3-ease/dist/d3-ease.mjs: the module's constants, which it does not export.
      const pi = Math.PI;
      const [b1, b2, b3, b4, b5, b6, b7, b8, b9] = [
        4 / 11,
        6 / 11,
        8 / 11,
        3 / 4,
        9 / 11,
        10 / 11,
        15 / 16,
        21 / 22,
        63 / 64,
      ];
      const shared = {
        functions: { tpmt: shippedFunction(D3_EASE_FILE, 'tpmt'), bounceOut: d3.easeBounceOut },
        constants: { pi, halfPi: pi / 2, b0: 1 / b1 / b1, b1, b2, b3, b4, b5, b6, b7, b8, b9 },
      };
      // The values its factories close over, as it calls them: custom(exponent = 3),
      // custom(overshoot = 1.70158), and for elastic custom(amplitude = 1, period = 0.3)
      // with `var s = Math.asin(1 / (a = Math.max(1, a))) * (p /= tau)`.
      const tau = 2 * Math.PI;
      const a = Math.max(1, 1);
      const p = 0.3 / tau;
      const closures = { poly: { e: 3 }, back: { s: 1.70158 }, elastic: { a, p, s: Math.asin(1 / a) * p } };
      return entriesFor(Object.keys(d3), (name) => {
        const kind = Object.keys(closures).find((k) => name.toLowerCase().startsWith(`ease${k}`));
        const constants = { ...shared.constants, ...(kind && closures[kind]) };
        return { inputs: [REALS], functions: shared.functions, constants };
      });
    },
    refused: [],
    other: {},
  },
  {
    name: 'eases',
    load: () => require('eases'),
    compiles(eases) {
      return entriesFor(Object.keys(eases), () => ({
        inputs: [REALS],
        functions: { bounceOut: eases.bounceOut },
      }));
    },
    refused: [],
    other: {},
  },
  {
    name: 'simple-statistics',
    load: () => require('simple-statistics'),
    compiles(ss) {
      const { epsilon } = ss;
      const reals = { inputs: [REALS] };
      return {
        addToMean: { inputs: [REALS, COUNTS, REALS] },
        approxEqual: {
          inputs: [REALS, REALS, PROBABILITIES],
          functions: { relativeError: ss.relativeError },
          constants: { epsilon },
        },
        combineMeans: { inputs: [REALS, COUNTS, REALS, COUNTS] },
        combineVariances: {
          inputs: [[uniform(0, 1e6)], REALS, COUNTS, [uniform(0, 1e6)], REALS, COUNTS],
          functions: { combineMeans: ss.combineMeans },
        },
        cumulativeStdLogisticProbability: reals,
        erf: reals,
        errorFunction: reals,
        // Beyond 2^20 its loop runs for ever on Infinity and for minutes on 1e308.
        factorial: { inputs: [[integers(250), uniform(0, 200)]], keep: (x) => !(x > 2 ** 20) },
        inverseErrorFunction: { inputs: [SYMMETRIC_UNIT] },
        logit: { inputs: [PROBABILITIES] },
        normalDistribution: {
          inputs: [REALS, REALS, [uniform(0, 100)], [integers(2)]],
          functions: { errorFunction: ss.errorFunction },
        },
        probit: {
          inputs: [PROBABILITIES],
          functions: { inverseErrorFunction: ss.inverseErrorFunction },
          constants: { epsilon },
        },
        relativeError: { inputs: [REALS, REALS] },
        sign: reals,
        subtractFromMean: { inputs: [REALS, COUNTS, REALS] },
        zScore: { inputs: [REALS, REALS, [uniform(0, 100)]] },
      };
    },
    refused: [
      {
        names: ['cumulativeStdNormalProbability'],
        message: /cannot compile the property standardNormalTable\.length/,
        reason: 'reads a lookup table (the array `standardNormalTable`)',
      },
      {
        names: ['gamma'],
        message: /cannot compile a recursive call, gamma -> gamma/,
        reason: 'recursion (`gamma(n + 1) / n` and the reflection formula)',
        // NEMES_MIN = 20: simple-statistics/dist/simple-statistics.cjs, not exported.
        options: (ss) => ({
          functions: { gamma: ss.gamma, factorial: ss.factorial },
          constants: { NEMES_MIN: 20 },
        }),
      },
      {
        names: ['gammaln'],
        message: /cannot compile a property access .* `COEFFICIENTS\[0\]`/,
        reason: 'reads a table of coefficients (an array)',
        // g = 607 / 128 and LOGSQRT2PI: simple-statistics/dist/simple-statistics.cjs, not exported.
        options: () => ({ constants: { g: 607 / 128, LOGSQRT2PI: Math.log(Math.sqrt(2 * Math.PI)) } }),
      },
    ],
    other: {
      'takes arrays of data': words(`
        average averageSimple chiSquaredGoodnessOfFit chunk ckmeans coefficientOfVariation
        combinations combinationsReplacement equalIntervalBreaks extent extentSorted geometricMean
        harmonicMean interquartileRange iqr jenks kMeansCluster kde kernelDensityEstimation
        linearRegression logAverage mad max maxSorted mean meanSimple median
        medianAbsoluteDeviation medianSorted min minSorted mode modeFast modeSorted numericSort
        permutationTest permutationsHeap product quantile quantileRank quantileRankSorted
        quantileSorted quickselect rSquared rms rootMeanSquare sample sampleCorrelation
        sampleCovariance sampleKurtosis sampleRankCorrelation sampleSkewness
        sampleStandardDeviation sampleVariance sampleWithReplacement scaledRootMeanSquare shuffle
        shuffleInPlace silhouette silhouetteMetric standardDeviation sum sumNthPowerDeviations
        sumSimple tTest tTestTwoSample uniqueCountSorted variance weightedLinearRegression
        weightedMean weightedQuantile weightedStandardDeviation weightedVariance wilcoxonRankSum
      `),
      'returns an array (a distribution table)': [
        'bernoulliDistribution',
        'binomialDistribution',
        'poissonDistribution',
      ],
      'takes or returns a function': ['bisect', 'linearRegressionLine'],
      'classes and models': ['BayesianClassifier', 'PerceptronModel', 'bayesian', 'perceptron'],
      'data, not functions': ['chiSquaredDistributionTable', 'epsilon', 'standardNormalTable'],
    },
  },
  {
    name: 'jstat',
    // Its per-element functions are jStat's special functions and the
    // methods of its distributions (jStat.normal.pdf is `normal.pdf` here).
    load: () => {
      const { jStat } = require('jstat');
      const flat = {};
      for (const [name, value] of Object.entries(jStat)) {
        const distribution = typeof value?.pdf === 'function' || typeof value?.cdf === 'function';
        if (!distribution) flat[name] = value;
        else for (const [method, fn] of Object.entries(value)) flat[`${name}.${method}`] = fn;
      }
      return flat;
    },
    compiles(jStat) {
      // A distribution's parameters: positive mostly (scales, shapes, degrees
      // of freedom); the edge values add the rest. pdf and cdf take any x,
      // inv a probability.
      const PARAMETERS = [uniform(0, 10), uniform(0, 1000)];
      const first = { pdf: REALS, cdf: REALS, inv: PROBABILITIES };
      const method = (name) => {
        const [, kind] = name.split('.');
        const arity = jStat[name].length;
        return { inputs: Array.from({ length: arity }, (_, k) => (k === 0 && first[kind]) || PARAMETERS) };
      };
      const { functions } = functionsOf();
      // Far below 0, gammafn's loop of (1 - x | 0) - 1 steps runs for minutes.
      const through = (inputs) => ({ inputs, functions, keep: (x) => !(x < -200) });
      const SMALL = [integers(200), uniform(0, 200)];
      return {
        ...entriesFor(JSTAT_COMPILES, method),
        ...entriesFor(JSTAT_THROUGH, (name) => through(method(name).inputs)),
        betafn: through([PARAMETERS, PARAMETERS]),
        betaln: through([PARAMETERS, PARAMETERS]),
        combination: through([SMALL, SMALL]),
        combinationln: through([SMALL, SMALL]),
        erfc: through([REALS]),
        erfcinv: through([[uniform(0, 2)]]),
        factorial: through([SMALL]),
        factorialln: through([SMALL]),
        gammap: through([PARAMETERS, PARAMETERS]),
        gammapinv: through([PROBABILITIES, PARAMETERS]),
        ibeta: through([PROBABILITIES, PARAMETERS, PARAMETERS]),
        lowRegGamma: through([PARAMETERS, PARAMETERS]),
        // Its loop runs x times, each a gammaln and more: checked on counts
        // below 10^3, on SLOW_DRAWS draws (all edge values kept).
        'negbin.cdf': {
          ...through([[integers(1000)], PARAMETERS, PROBABILITIES]),
          keep: (x) => !(Math.abs(x) > 1e3),
          count: SLOW_DRAWS,
        },
        // At least 200 terms of two beta.cdf each (pdf: two cdf) per element: on SLOW_DRAWS draws.
        'noncentralt.pdf': { ...through(method('noncentralt.pdf').inputs), count: SLOW_DRAWS },
        'noncentralt.cdf': { ...through(method('noncentralt.cdf').inputs), count: SLOW_DRAWS },
        permutation: through([SMALL, SMALL]),
        betacf: { inputs: [PROBABILITIES, PARAMETERS, PARAMETERS] },
        significant: { inputs: [PROBABILITIES, PROBABILITIES] },
        // Their coefficients are read-only tables (`var cof = [...]`, read as cof[j]).
        erf: { inputs: [REALS] },
        gammaln: { inputs: [REALS] },
        // Far below 0 their loops (of (1 - x | 0) - 1 and floor(7 - x) steps) run for minutes.
        gammafn: { inputs: [[uniform(0, 1), uniform(-125, 125)]], keep: (x) => !(x < -200) },
        loggam: { inputs: [[uniform(0, 1), uniform(-125, 125), uniform(0, 1e6)]], keep: (x) => !(x < -200) },
      };
    },
    refused: [
      {
        names: words('beta.inv beta.median centralF.inv studentt.inv ibetainv'),
        message: /cannot compile === between values that may be of different types .* `x === 0`/,
        reason: '`ibetainv` compares with `===` a variable that may be a number or undefined (`x === 0`)',
        options: functionsOf,
      },
      {
        names: ['uniform.median'],
        message: /cannot compile the property arr\.length .*\(in options\.functions\.jStat\.sum\)/,
        reason: 'calls `jStat.mean` of an array',
        options: functionsOf,
      },
      {
        names: ['binomial.cdf'],
        message: /cannot compile a call to betinc/,
        reason: 'calls `betinc`, a function jstat.js does not export',
        options: functionsOf,
      },
      {
        names: words('hypgeom.pdf hypgeom.cdf'),
        message: /cannot compile a recursive call, jStat\.hypgeom\.(pdf|cdf) -> jStat\.hypgeom\.\1/,
        reason: 'recursion (`jStat.hypgeom.pdf` calls itself with its arguments swapped)',
        options: functionsOf,
      },
      {
        names: ['poisson.cdf'],
        message: /cannot compile a method of the table sumarr/,
        reason: 'builds an array of terms (`sumarr.push(...)`)',
      },
      {
        names: words(
          'exponential.mode kumaraswamy.variance studentt.median studentt.mode uniform.mode arcsine.mode',
        ),
        message: /cannot compile a function of 0 parameters for 1 input/,
        reason: 'declares no parameters (they are in a comment: `mode(/*rate*/)`)',
      },
      {
        names: ['tukey.cdf'],
        message: /cannot compile a call to tukeyWprob/,
        reason: 'calls `tukeyWprob`, a function jstat.js does not export',
      },
      {
        names: ['tukey.inv'],
        message: /cannot compile a call to tukeyQinv/,
        reason: 'calls `tukeyQinv`, a function jstat.js does not export, and `jStat.tukey.cdf`',
      },
    ],
    other: {
      'random samples': words(`
        beta.sample centralF.sample cauchy.sample chisquare.sample exponential.sample gamma.sample
        invgamma.sample laplace.sample lognormal.sample normal.sample studentt.sample weibull.sample
        uniform.sample poisson.sampleSmall poisson.sample poisson.sampleLarge triangular.sample
        arcsine.sample randn randg
      `),
      'arrays, vectors and matrices; tests, regressions and utilities': words(`
        fn _init utils _random_fn setRandom extend rows cols dimensions row rowa col cola diag antidiag
        transpose map cumreduce alter create zeros ones rand identity symmetric clear seq arange slice
        sliceAssign diagonal copy sum sumsqrd sumsqerr sumrow product min max unique mean meansqerr
        geomean median cumsum cumprod diff rank mode range variance pooledvariance deviation stdev
        pooledstdev meandev meddev coeffvar quartiles quantiles percentile percentileOfScore histogram
        covariance corrcoeff spearmancoeff stanMoment skewness kurtosis add subtract divide multiply
        outer dot pow exp log abs norm angle aug inv det gauss_elimination gauss_jordan triaUpSolve
        triaLowSolve lu cholesky gauss_jacobi gauss_seidel SOR householder QR lstsq jacobi rungekutta
        romberg richardson simpson hermite lagrange cubic_spline gauss_quadrature PCA zscore ztest
        tscore ttest anovafscore anovaftest ftest qscore qtest tukeyhsd normalci tci models
        buildxmatrix builddxmatrix buildjxmatrix buildymatrix buildjymatrix matrixmult regress regresst
        xtranspx xtranspxinv jMatYBar residuals ssr sse sst matrixsubtract jStat
      `),
    },
  },
];

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
/** A Markdown table row of exactly these cells, however padded. */
const tableRow = (...cells) =>
  new RegExp(
    `^\\|${cells.map((cell) => ` *${String(cell).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *`).join('\\|')}\\|$`,
    'm',
  );

/** The installed version (d3-ease's exports field hides its package.json from require). */
const versionOf = (name) => require(path.join(__dirname, '..', 'node_modules', name, 'package.json')).version;

for (const pkg of PACKAGES) {
  describe(`${pkg.name} ${versionOf(pkg.name)}`, () => {
    let exports;
    let compiles;
    before(async () => {
      exports = await pkg.load();
      compiles = pkg.compiles(exports);
    });

    it('accounts for every export', () => {
      const listed = [
        ...Object.keys(compiles),
        ...pkg.refused.flatMap((group) => group.names),
        ...Object.values(pkg.other).flat(),
      ];
      assert.deepEqual([...listed].sort(), Object.keys(exports).sort());
      for (const name of Object.keys(compiles)) assert.equal(typeof exports[name], 'function', name);
    });

    it('compiles each per-element export it can, bit-identical to JavaScript on its domain', async () => {
      for (const [name, entry] of Object.entries(compiles)) {
        const columns = entry.inputs.map((draws, k) => domain(k + 1, draws, entry.keep, entry.count));
        const { functions, constants } = entry;
        await checkOnDomain(
          `${pkg.name} ${name}`,
          exports[name],
          columns,
          { functions, constants },
          entry.count,
        );
      }
    });

    it('refuses the others with a TypeError for the stated reason', () => {
      for (const { names, message, options } of pkg.refused) {
        for (const name of names) {
          const fn = exports[name];
          assert.throws(
            () => compile(fn, { inputs: Math.max(1, fn.length), ...options?.(exports) }),
            (error) => {
              assert.ok(error instanceof TypeError, `${name}: ${error}`);
              assert.match(error.message, message, name);
              return true;
            },
          );
        }
      }
    });

    it("matches the README's tables", () => {
      const refused = pkg.refused.flatMap((group) => group.names).length;
      const compiled = Object.keys(compiles).length;
      const share = Math.round((100 * compiled) / (compiled + refused));
      const cells = [`${pkg.name} ${versionOf(pkg.name)}`, Object.keys(exports).length, compiled + refused];
      assert.match(README, tableRow(...cells, `${compiled} (${share}%)`));
      for (const { names, reason } of pkg.refused) {
        assert.match(README, tableRow(pkg.name, reason, names.map((name) => `\`${name}\``).join(', ')));
      }
    });
  });
}

if (!ON_SIMD_PATH) {
  describe('every SIMD path', () => {
    for (const simd of info().simdPaths.filter((simdPath) => simdPath !== info().simd)) {
      it(`${simd}: the checks above`, () => {
        // Throws, with the child's output, when a check fails there.
        runOnPath(__filename, CHILD, simd);
      });
    }
  });
}
