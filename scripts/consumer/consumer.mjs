// An ES module consumer of the installed package.
import * as numpool from 'numpool';
import check from './check.cjs';

await check(numpool, 'ES module');
