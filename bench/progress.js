'use strict';
// Progress on stderr: a bar redrawn in place on a terminal (the heavy
// contenders take seconds to minutes), one plain line per measurement
// otherwise. Weights are estimated costs, so the bar moves with time spent.
const { seconds, spread } = require('./format');

const WIDTH = 30;

function progress(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let total = 1;
  let doneWeight = 0;
  let current;
  let timer;

  const draw = () => {
    if (!tty || !current) return;
    const share = Math.min(1, doneWeight / total);
    const filled = Math.round(share * WIDTH);
    const elapsed = (performance.now() - current.started) / 1000;
    // numpool's own maps report how far they are (onProgress).
    const map = current.map === undefined ? '' : `  map ${Math.round(current.map * 100)}%`;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${current.label}  ${elapsed.toFixed(1)} s${map}`;
    stream.write(`\r${line.slice(0, (stream.columns || 100) - 1)}\x1b[K`);
  };

  return {
    start(weight) {
      total = weight || 1;
      if (tty) {
        timer = setInterval(draw, 250);
        timer.unref();
      }
    },
    /** Starts a measurement; call the returned function with its figures when it ends. */
    begin(label, weight) {
      current = { label, started: performance.now() };
      draw();
      return (stats) => {
        doneWeight += weight;
        if (!tty) stream.write(`${label}: ${seconds(stats.median)} median, ${spread(stats)}\n`);
        draw();
      };
    },
    /** A map's onProgress: the current map is `done` of `total` elements through. */
    onMapProgress(done, total) {
      if (current) current.map = total === 0 ? 1 : done / total;
    },
    stop() {
      clearInterval(timer);
      if (tty && current) stream.write('\r\x1b[K');
      current = undefined;
    },
  };
}

module.exports = { progress };
