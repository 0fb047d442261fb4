import { strict as assert } from 'node:assert';
import { splitEnvelope } from '../../src/shared/envelope';
import { envelopeLabels } from '../../src/shared/frame-view';
import { FramePreview } from '../../src/shared/role-events';

const id = (hex: string): FramePreview => ({ size: hex.length / 2, hex });
const text = (value: string): FramePreview => ({ size: value.length, text: value });
const size = (frame: FramePreview) => frame.size;

describe('ROUTER envelopes', () => {
  it('splits a REQ client\'s request at its delimiter, a bare DEALER\'s after its identity', () => {
    assert.deepEqual(splitEnvelope([id('00aa'), text(''), text('Hello')], size), { envelope: [id('00aa'), text('')], body: [text('Hello')], delimited: true });
    assert.deepEqual(splitEnvelope([id('00aa'), text('Hello'), text('1')], size), { envelope: [id('00aa')], body: [text('Hello'), text('1')], delimited: false });
    // Through a broker: the broker's identity at the worker's ROUTER, then the client's.
    assert.deepEqual(splitEnvelope([id('00bb'), id('00aa'), text(''), text('Hello')], size).envelope.length, 3);
  });

  it('names each frame of a ROUTER or DEALER message in the frame view', () => {
    const request = [id('00bb'), id('00aa'), text(''), text('Hello'), text('there')];
    assert.deepEqual(envelopeLabels('router', 'router', request), ['identity', 'identity, earlier hop', 'delimiter', 'body', 'body']);
    assert.deepEqual(envelopeLabels('broker', 'frontend', [id('00aa'), text(''), text('Hello')]), ['identity', 'delimiter', 'body']);
    assert.deepEqual(envelopeLabels('broker', 'backend', [id('00aa'), text(''), text('World')]), ['identity, earlier hop', 'delimiter', 'body']);
    assert.deepEqual(envelopeLabels('dealer', 'dealer', [text(''), text('World')]), ['delimiter', 'body']);
    assert.equal(envelopeLabels('rep', 'rep', [text('Hello')]), undefined, 'REP hides the envelope');
    assert.equal(envelopeLabels(null, 'router', request), undefined, 'a source whose role is not known yet');
  });
});
