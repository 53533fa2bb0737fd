'use strict';
// The bench's command line: parsed and validated, every mistake named.
const path = require('node:path');
const { availableThreads } = require('..');
const { EXPERIMENT_IDS } = require('./experiments');

const USAGE = `usage: numpool bench [options]   (or: npm run bench -- [options])

  --quick            every contender on reduced sizes (under a minute)
  --threads <n>      threads (and Python processes) per pool, 1 to 256; default: usable CPUs (${availableThreads()})
                     experiment 5 sweeps 1, 2, 4, ... up to twice this
  --only <id>        one experiment: ${EXPERIMENT_IDS.join(', ')}
  --json <path>      where the figures go (default bench/results/latest.json); the SVG charts go beside it
  --no-python        skip Python's multiprocessing.Pool
  --no-piscina       skip piscina
  --help             this text`;

class UsageError extends Error {}

/** A --threads value: 1 to 256 (Python starts a process for each). */
function parseThreads(text) {
  const threads = Number(text);
  if (!/^\d+$/.test(text) || threads < 1 || threads > 256) {
    throw new UsageError(`--threads must be an integer from 1 to 256, got ${JSON.stringify(text)}`);
  }
  return threads;
}

function parse(argv) {
  const options = {
    quick: false,
    threads: availableThreads(),
    only: undefined,
    json: path.join(__dirname, 'results', 'latest.json'),
    python: true,
    piscina: true,
    help: false,
  };
  const value = (i, name) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--quick':
        options.quick = true;
        break;
      case '--no-python':
        options.python = false;
        break;
      case '--no-piscina':
        options.piscina = false;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--threads':
        options.threads = parseThreads(value(i++, arg));
        break;
      case '--only': {
        const id = value(i++, arg);
        if (!EXPERIMENT_IDS.includes(id)) {
          throw new UsageError(
            `--only must be one of ${EXPERIMENT_IDS.join(', ')}, got ${JSON.stringify(id)}`,
          );
        }
        options.only = id;
        break;
      }
      case '--json':
        options.json = path.resolve(value(i++, arg));
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return options;
}

/**
 * A bench command's main: `run(options)` resolves to the exit code; a usage
 * mistake in `argv` prints itself and `usage`, and gives 2.
 */
function command(name, usage, parseArgv, run) {
  return async (argv) => {
    let options;
    try {
      options = parseArgv(argv);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    return run(options);
  };
}

/** Sets the process's exit code from a main's promise; a throw prints and gives 1. */
function exitWith(exitCode) {
  exitCode.then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

module.exports = { command, exitWith, parse, parseThreads, USAGE, UsageError };
