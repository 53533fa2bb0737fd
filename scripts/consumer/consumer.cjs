'use strict';
// A CommonJS consumer of the installed package.
require('./check.cjs')(require('numpool'), 'CommonJS').catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
