// Mocha reporter: the spec output, plus the suite's counts written to $TEST_RESULTS_FILE so that
// scripts/test.mjs can print one closing line over every suite (unit, interop, extension host, UI),
// with the titles of the failed tests just above it, where a truncated CI log still shows them.
// The counts are written at the start (with the number of tests), after every test, and at the
// end with `done`: a run that crashes or is killed leaves what it got through, and the runner
// counts the tests it never reached as failed.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_BEGIN, EVENT_TEST_END, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    const write = (done) => {
      const file = process.env.TEST_RESULTS_FILE;
      if (!file) return;
      const { passes, pending } = runner.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures.length || runner.stats.failures, skipped: pending, total: runner.total, failures, done }));
    };
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      // The first lines of the message: an assertion's own first line says little ("Expected
      // values to be strictly equal:"); the values come after it.
      const message = String(err && err.message).split('\n').filter((line) => line.trim()).slice(0, 4).join(' | ');
      failures.push(`${test.fullTitle()}: ${message.slice(0, 400)}`);
      write(false);
    });
    runner.once(EVENT_RUN_BEGIN, () => write(false));
    runner.on(EVENT_TEST_END, () => write(false));
    runner.on(EVENT_TEST_PENDING, () => write(false));
    runner.once(EVENT_RUN_END, () => write(true));
  }
}

module.exports = CountingReporter;
