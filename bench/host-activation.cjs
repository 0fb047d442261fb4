// Run inside a real VS Code extension host by `runTest.js HOST --tests bench/host-activation.cjs`:
// times the extension's first activation as VS Code does it (its own work, loading the bundle,
// activate()), in a workspace where nothing has activated it yet. Writes host-activation.json
// beside the bench's other results.
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async () => {
  const extension = vscode.extensions.getExtension('zeromq-sessions.zeromq-sessions');
  if (!extension) throw new Error('the extension is not installed in this host');
  if (extension.isActive) throw new Error('the extension was active before the measurement');
  // The tests start while the window is still starting (built-in extensions, the workbench's
  // restore), which doubled or tripled the figure at random: measure in a settled host.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const start = performance.now();
  await extension.activate();
  const activateMs = performance.now() - start;
  writeFileSync(path.join(__dirname, 'results', 'host-activation.json'), JSON.stringify({ vscode: vscode.version, activateMs }));
};
