'use strict';
// numpool itself, a Pool of the given thread count per measurement.
const { Pool } = require('../..');
const { pooled } = require('./pooled');

module.exports = pooled({
  name: 'numpool',
  label: 'numpool',
  exact: true,
  open: (threads) => new Pool({ threads }),
  map: (pool, kernel, input, params, onProgress) => pool.map(kernel, input, { ...params, onProgress }),
  close: (pool) => pool.close(),
});
