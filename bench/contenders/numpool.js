'use strict';
// numpool itself, a Pool of the given thread count per measurement.
const { Pool } = require('../..');
const { pooled } = require('./pooled');

module.exports = pooled({
  name: 'numpool',
  label: 'numpool',
  exact: true,
  open: (threads) => new Pool({ threads }),
  map: (pool, kernel, input, params) => pool.map(kernel, input, params),
  close: (pool) => pool.close(),
});
