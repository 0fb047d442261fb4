import { strict as assert } from 'node:assert';
import { ANY_PORT } from '../helpers/cli';
import { figure, freePort, listed, ofKind, sleep, Stage } from './diagnoses-stage';

describe('diagnoses staged with publish-subscribe roles', () => {
  let stage: Stage;
  beforeEach(async () => {
    stage = new Stage();
    await stage.open();
  });
  afterEach(() => stage.close());

  it('filter-matches-nothing: a subscriber with filter ZZZ beside a publisher at 200 messages a second', async () => {
    const pub = stage.start('pub', 'pub', ['--bind', ANY_PORT, '--interval', '5']);
    const endpoint = (await pub.ready).bound[0];
    const sub = stage.start('sub', 'sub', ['--connect', endpoint, '--filter', 'ZZZ', '--count', '0']);
    await sub.ready;
    await sleep(1500);
    const found = await stage.diagnoses();

    const [nothing] = ofKind(found, 'filter-matches-nothing');
    assert.ok(nothing, listed(found));
    assert.deepEqual(nothing.sources, ['sub', 'pub']);
    assert.ok(Number(figure(nothing, 'published while subscribed')) >= 100, listed(found));
    // How the published messages begin: weather updates, "zipcode temperature humidity".
    assert.match(String(figure(nothing, 'messages begin like')), /^"\d+ -?\d+ \d+"/);
    assert.match(nothing.advice, /zguide, Chapter 1, "Getting the Message Out"/);
  });

  it('slow-joiner: a subscriber started first misses what the publisher sends before it connects', async () => {
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const sub = stage.start('sub', 'sub', ['--connect', endpoint, '--filter', '', '--count', '0']);
    await sub.ready;
    stage.start('pub', 'pub', ['--bind', endpoint, '--interval', '1', '--message', 'update {n}']);
    await sub.until((event) => event.event === 'received', 50);
    const found = await stage.diagnoses();

    const [slow] = ofKind(found, 'slow-joiner');
    assert.ok(slow, listed(found));
    assert.deepEqual(slow.sources, ['sub', 'pub']);
    assert.ok(Number(String(figure(slow, 'missed before join')).replace('~', '')) >= 1);
    assert.match(slow.advice, /zguide, Chapter 2, "Node Coordination"/);
    assert.deepEqual(ofKind(found, 'hwm-drop'), [], listed(found));
  });

  it('hwm-drop: a publisher at full speed drops what its subscriber cannot take at a high-water mark of 100', async () => {
    const pub = stage.start('pub', 'pub', ['--bind', ANY_PORT, '--hwm', '100']);
    const endpoint = (await pub.ready).bound[0];
    const sub = stage.start('sub', 'sub', ['--connect', endpoint, '--filter', '', '--count', '0', '--hwm', '100']);
    await sub.ready;
    await sleep(1500);
    const found = await stage.diagnoses();

    const [drop] = ofKind(found, 'hwm-drop');
    assert.ok(drop, listed(found));
    assert.deepEqual(drop.sources, ['sub', 'pub']);
    assert.equal(figure(drop, 'high-water mark'), 100);
    assert.ok(Number(String(figure(drop, 'dropped')).replace('~', '')) >= 10, listed(found));
    assert.ok(Number(figure(drop, 'drop rate')) > 0);
  });
});
