'use strict';
// piscina's task: one chunk of a map, run by the same JavaScript functions
// as the plain loop (so Math.log, bit for bit) in a worker thread.
const { referenceMap } = require('../reference');

module.exports = ({ kernel, params, input }) => referenceMap(kernel, input, params);
