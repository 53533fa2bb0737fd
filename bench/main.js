'use strict';
// `npm run bench` and `numpool bench`: runs the experiments, prints the
// table, writes the figures as JSON and the charts as SVG beside it.
const fs = require('node:fs');
const path = require('node:path');
const { command, exitWith, parse, USAGE } = require('./cli');
const { progress } = require('./progress');
const { runBench } = require('./run');
const { charts } = require('./svg');
const { table } = require('./table');

const main = command('numpool bench', USAGE, parse, async (options) => {
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const report = await runBench(options, progress());
  console.log(table(report));
  fs.mkdirSync(path.dirname(options.json), { recursive: true });
  fs.writeFileSync(options.json, `${JSON.stringify(report, null, 1)}\n`);
  const written = [options.json];
  for (const [name, svg] of Object.entries(charts(report))) {
    const file = path.join(path.dirname(options.json), name);
    fs.writeFileSync(file, svg);
    written.push(file);
  }
  const shown = written.map((file) =>
    file.startsWith(process.cwd()) ? path.relative(process.cwd(), file) : file,
  );
  console.log(`\nwrote ${shown.join(', ')}`);
  const disagree = report.experiments.some((e) =>
    Object.values(e.results)
      .flat()
      .some((row) => !row.agreement.ok),
  );
  if (disagree) {
    console.error('numpool bench: some results disagree with the JS loop (see above)');
    return 1;
  }
  return 0;
});

module.exports = { main };

if (require.main === module) exitWith(main(process.argv.slice(2)));
