'use strict';
// The plain JavaScript loop on the main thread: the reference every other
// contender is checked against, and what a user has without any pool.
const { referenceMap } = require('../reference');
const { time } = require('../stats');

module.exports = {
  name: 'js',
  label: 'JS loop',
  exact: true,
  async maps({ kernel, params, warmup, input, runs }) {
    return time(() => referenceMap(kernel, input, params), {
      runs,
      warmup: () => referenceMap(kernel, input, warmup),
    });
  },
  async stop() {},
};
