'use strict';
// How the bench and the demo print durations and spreads.

function seconds(value) {
  if (value < 1e-3) return `${(value * 1e6).toFixed(1)} µs`;
  if (value < 1) return `${(value * 1e3).toFixed(2)} ms`;
  return `${value.toFixed(2)} s`;
}

/**
 * Half the interquartile range, relative to the median: `±4%`, or `1 run`.
 * (With 3 runs the quartiles are the extremes.)
 */
function spread({ runs, median, q1, q3 }) {
  if (runs < 2) return '1 run';
  return `±${Math.round(((q3 - q1) / 2 / median) * 100)}%`;
}

/** How many times faster: `1.9x`, `35x`, `0.065x`. */
function ratio(value) {
  if (value >= 10) return `${Math.round(value)}x`;
  if (value >= 1) return `${value.toFixed(1)}x`;
  return `${value.toPrecision(2)}x`;
}

module.exports = { seconds, spread, ratio };
