// Entry point that VS Code's extension host loads (--extensionTestsPath): the tests beside it.
import { runTestsIn } from '../../helpers/host-mocha';

export const run = (): Promise<void> => runTestsIn(__dirname);
