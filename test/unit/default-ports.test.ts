import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PORTS, defaultBind, PORT_SETTINGS, portsFrom, TOOL_PORTS } from '../../src/shared/catalog';

const packageJson = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
const contributed: Record<string, { default?: unknown }> = packageJson.contributes.configuration.properties;

describe('the table of default ports', () => {
  it("package.json's port settings are exactly the table's, with the table's defaults", () => {
    const settings = Object.keys(contributed).filter((key) => key.startsWith('zeromq.ports.'));
    assert.deepEqual(settings.sort(), Object.values(PORT_SETTINGS).map((setting) => `zeromq.${setting}`).sort());
    for (const [name, setting] of Object.entries(PORT_SETTINGS)) {
      assert.equal(contributed[`zeromq.${setting}`].default, DEFAULT_PORTS[name as keyof typeof DEFAULT_PORTS], setting);
    }
  });

  it('settings left unset give the default ports', () => {
    assert.deepEqual(portsFrom((_setting, fallback) => fallback), DEFAULT_PORTS);
    assert.equal(portsFrom((setting, fallback) => (setting === 'ports.pipelineResults' ? 7000 : fallback)).sink, 7000);
  });

  it("no two defaults share a port: record's collector runs beside a broker", () => {
    const ports = [...Object.values(DEFAULT_PORTS), ...Object.values(TOOL_PORTS)];
    assert.equal(new Set(ports).size, ports.length, ports.join(' '));
    assert.equal(defaultBind('collector'), `tcp://127.0.0.1:${TOOL_PORTS.collector}`);
  });
});
