// No false alarms: every whole session the Patterns view offers, started as a user starts it (the
// settings' defaults, but free ports), runs beside the others and then stops, and the diagnoses of
// what the window's collector got, the same that the Insights tab and the Sessions view show, are
// none, while they run and after they stopped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Session } from '../../../src/extension/sessions/model';
import { pipelineWorkers } from '../../../src/extension/settings';
import { SCALED_PATTERNS } from '../../../src/shared/session-plan';
import { PATTERN_NAMES } from '../../../src/shared/workspace-config';
import { api, recordEvents, until, useFreePorts } from './helpers';

/** Long enough for each threshold to pass: a stuck request is one that waited 5 s. */
const RUN_MS = 7000;

describe('diagnoses of whole sessions in VS Code', function () {
  // Six sessions one after the other, each run for RUN_MS once its messages flow.
  this.timeout(6 * 30_000);
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    events = recordEvents((await api()).registry);
    // The defaults a user has: the seed's one-second server, 100 tasks, the publisher's own pace.
    await useFreePorts({ 'rep.delay': undefined, 'pipeline.tasks': undefined, 'pub.interval': undefined, launchMode: 'background' });
  });
  after(async () => {
    events.dispose();
    const { registry } = await api();
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    for (const session of [...registry.all]) await vscode.commands.executeCommand('zeromq.session.remove', session);
  });

  // Each alone: two sessions of publishers, say, bind the same port, as they would for a user.
  for (const pattern of PATTERN_NAMES) {
    it(`finds nothing in a whole ${pattern} session, while it runs and once stopped`, async () => {
      const { capture } = await api();
      capture.clear();
      const findings = () => capture.analytics.report(Date.now()).diagnoses.map((d) => `${d.kind}: ${d.summary}`);
      // The number of workers the start command offers by default.
      const workers = SCALED_PATTERNS.includes(pattern) ? pipelineWorkers() : undefined;
      const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern }, 'background', workers)) as Session;
      // Its messages flow, so that the silence below is about a working session.
      const said = () => session.roles.map((role) => `${role.id} ${JSON.stringify(role.state)} ${events.of(role).map((e) => e.event).slice(-8)}`).join('; ');
      await until(() => session.roles.some((role) => role.messages.sent + role.messages.received > 0), `messages in the ${pattern} session: ${said()}`, 30_000);
      await new Promise((resolve) => setTimeout(resolve, RUN_MS));
      assert.deepEqual(findings(), [], 'while it runs');

      await vscode.commands.executeCommand('zeromq.session.stopAll');
      // The roles' last telemetry arrives after they exit.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(findings(), [], 'once stopped');
      await vscode.commands.executeCommand('zeromq.session.remove', session);
    });
  }
});
