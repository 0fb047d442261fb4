// Entry point for the untrusted-workspace run (runTest.js --untrusted): the tests beside it.
import { runTestsIn } from '../../helpers/host-mocha';

export const run = (): Promise<void> => runTestsIn(__dirname);
