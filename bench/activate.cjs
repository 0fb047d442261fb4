// Loads the extension's bundle and runs activate() and deactivate() in plain Node, against a stub
// of the `vscode` module: every API call returns an inert object. It times what the bundle itself
// costs (its code, zeromq's addon, the collector's bind); VS Code's own work is not in it.
// Prints one JSON line: { loadMs, activateMs, deactivateMs }.
const Module = require('node:module');
const path = require('node:path');
const os = require('node:os');

const inert = () => {
  const fields = new Map();
  return new Proxy(function () {}, {
    get: (_target, key) => (fields.has(key) ? fields.get(key) : key === 'then' || typeof key === 'symbol' ? undefined : inert()),
    set: (_target, key, value) => fields.set(key, value) !== undefined,
    apply: () => inert(),
    construct: () => inert(),
  });
};
const namespace = (fields = {}) => new Proxy(fields, { get: (target, key) => (key in target ? target[key] : inert()) });

class Disposable {
  constructor(callOnDispose) {
    this.dispose = () => callOnDispose?.();
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
}
class EventEmitter {
  listeners = new Set();
  event = (listener) => (this.listeners.add(listener), new Disposable(() => this.listeners.delete(listener)));
  fire(value) {
    for (const listener of this.listeners) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}
class Uri {
  constructor(fsPath) {
    this.fsPath = this.path = fsPath;
    this.scheme = 'file';
  }
  static file = (fsPath) => new Uri(fsPath);
  static parse = (text) => new Uri(text.replace(/^file:\/\//, ''));
  static joinPath = (base, ...parts) => new Uri(path.join(base.fsPath, ...parts));
  toString() {
    return `file://${this.fsPath}`;
  }
}
class Plain {
  constructor(...args) {
    this.args = args;
  }
}
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const vscode = {
  Disposable,
  EventEmitter,
  Uri,
  ...Object.fromEntries(['TreeItem', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'Position', 'Range', 'Task', 'ProcessExecution', 'CustomExecution', 'FileSystemError'].map((name) => [name, class extends Plain {}])),
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  TaskScope: { Global: 1, Workspace: 2 },
  window: namespace(),
  commands: namespace(),
  tasks: namespace(),
  languages: namespace(),
  env: namespace(),
  workspace: namespace({ workspaceFolders: undefined, isTrusted: true, getConfiguration: () => configuration }),
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

(async () => {
  const root = path.resolve(__dirname, '..');
  const context = { subscriptions: [], extensionPath: root, extensionUri: Uri.file(root), globalStorageUri: Uri.file(os.tmpdir()), workspaceState: configuration, globalState: configuration, secrets: { get: async () => undefined, store: async () => undefined, onDidChange: new EventEmitter().event } };
  const loadStart = performance.now();
  const extension = require(path.join(root, 'dist/extension.js'));
  const activateStart = performance.now();
  await extension.activate(context);
  const activateEnd = performance.now();
  for (const item of context.subscriptions) item.dispose?.();
  await extension.deactivate();
  const deactivateEnd = performance.now();
  const ms = (value) => Math.round(value * 100) / 100;
  console.log(JSON.stringify({ loadMs: ms(activateStart - loadStart), activateMs: ms(activateEnd - activateStart), deactivateMs: ms(deactivateEnd - activateEnd) }));
  process.exit(0);
})().catch((error) => {
  console.error(error.stack);
  process.exit(1);
});
