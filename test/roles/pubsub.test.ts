import { strict as assert } from 'node:assert';
import { parseWeather } from '../../src/shared/format';
import { ANY_PORT, Roles } from '../helpers/cli';

describe('publish-subscribe roles', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  it('pub sends the seed\'s weather updates and sub averages five for zipcode 10001', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--no-messages']);
    const sub = roles.start('sub', ['--connect', (await pub.ready).bound[0]]);
    assert.equal((await sub.exited).code, 0);
    const updates = sub.of('received').map((event) => parseWeather(event.frames[0].text!)!);
    assert.equal(updates.length, 5);
    for (const update of updates) {
      assert.equal(update.zipcode, 10001);
      assert.ok(update.temperature >= -80 && update.temperature < 135);
      assert.ok(update.relhumidity >= 10 && update.relhumidity < 60);
    }
    const average = Math.trunc(updates.reduce((sum, update) => sum + update.temperature, 0) / 5);
    assert.equal(sub.text, `Collecting updates from weather server…\nAverage temperature for zipcode '10001' was ${average}F\n`);
  });

  it('sub receives only what its filters match, and "" receives everything', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--interval', '1', '--message', 'alpha 1', '--no-messages']);
    const other = roles.start('pub', ['--bind', ANY_PORT, '--interval', '1', '--message', 'beta 2', '--no-messages']);
    const endpoints = [(await pub.ready).bound[0], (await other.ready).bound[0]];
    const connect = endpoints.flatMap((endpoint) => ['--connect', endpoint]);
    const alpha = roles.start('sub', [...connect, '--filter', 'al', '--count', '20']);
    const all = roles.start('sub', [...connect, '--filter', '', '--count', '60']);
    assert.equal((await alpha.exited).code, 0);
    assert.equal((await all.exited).code, 0);
    assert.deepEqual(new Set(alpha.of('received').map((event) => event.frames[0].text)), new Set(['alpha 1']));
    assert.deepEqual(new Set(all.of('received').map((event) => event.frames[0].text)), new Set(['alpha 1', 'beta 2']));
    assert.match(alpha.text, /Received: alpha 1\n/);
  });

  it('a subscriber misses what was published before it connected', async () => {
    // Numbered messages: what the subscriber got says which ones it missed.
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--interval', '2', '--count', '0', '--message', 'tick {n}']);
    await pub.ready;
    await pub.until((event) => event.event === 'sent', 50);
    const sub = roles.start('sub', ['--connect', (await pub.ready).bound[0], '--filter', '', '--count', '10']);
    assert.equal((await sub.exited).code, 0);
    const numbers = sub.of('received').map((event) => Number(/^tick (\d+)$/.exec(event.frames[0].text ?? '')?.[1]));
    assert.equal(numbers.length, 10);
    assert.ok(numbers[0] > 50, `at least 50 were published before it joined, and it got none of them: first ${numbers[0]}`);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in order');
  });
});
