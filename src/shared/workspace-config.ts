// Reads `.vscode/zeromq.json`, where a workspace declares its own programs as custom roles.
// One broken entry must not hide the others: every problem is reported at the text it is about,
// and every valid role in the file is still returned, so the sidebar keeps working while the
// user fixes the rest. schemas/zeromq.schema.json describes the same file for the JSON editor;
// keep the two in step (test/unit/workspace-config.test.ts checks that they agree).
import { findNodeAtLocation, Node, ParseError, parseTree, printParseErrorCode, stripComments } from 'jsonc-parser';
import { EndpointError, parseEndpoint } from './endpoint';
import { ROLE_NAMES, RoleName } from './role-events';
import { INSPECT_MODES, InspectMode } from './traceable';

export const PATTERN_NAMES = ['reqrep', 'pubsub', 'pipeline', 'broker', 'forwarder', 'pair'] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

/** The roles of each pattern, in the order the Patterns view lists them. */
export const PATTERN_ROLES: Record<PatternName, readonly RoleName[]> = {
  reqrep: ['rep', 'req', 'router', 'dealer'],
  pubsub: ['pub', 'sub'],
  pipeline: ['ventilator', 'worker', 'sink', 'streamer'],
  // Extended request-reply: clients (req, dealer) and workers (rep, router) around a broker.
  broker: ['broker', 'rep', 'req', 'router', 'dealer'],
  forwarder: ['pub', 'forwarder', 'sub'],
  pair: ['pair'],
};

export const LAUNCH_MODES = ['terminal', 'background'] as const;
export type LaunchMode = (typeof LAUNCH_MODES)[number];

export interface CustomRole {
  /** Unique within the file; shown in the tree. */
  name: string;
  pattern: PatternName;
  /** The role it plays in its pattern, one of PATTERN_ROLES[pattern]. */
  role: RoleName;
  command: string;
  args: string[];
  /** May contain ${workspaceFolder}, which the extension resolves. */
  cwd?: string;
  env: Record<string, string>;
  /** What it binds or connects; informational, each one a valid bind or connect endpoint. */
  endpoints: string[];
  launch?: LaunchMode;
  /** How it is inspected; when absent, the setting zeromq.inspect.userPrograms says. */
  inspect?: InspectMode;
  description?: string;
  /** What differs on a platform, as tasks.json's "windows", "osx" and "linux" (see roleForPlatform). */
  platforms?: Partial<Record<PlatformKey, LaunchOverride>>;
}

export const PLATFORM_KEYS = ['windows', 'osx', 'linux'] as const;
export type PlatformKey = (typeof PLATFORM_KEYS)[number];
export type LaunchOverride = Partial<Pick<CustomRole, 'command' | 'args' | 'cwd' | 'env'>>;
const OVERRIDABLE = ['command', 'args', 'cwd', 'env'];

export interface ConfigProblem {
  message: string;
  offset: number;
  length: number;
}

export interface WorkspaceConfig {
  roles: CustomRole[];
  problems: ConfigProblem[];
}

const REQUIRED_HINTS = {
  name: 'the name shown in the sidebar, e.g. "hwserver"',
  pattern: `the pattern it takes part in, one of ${PATTERN_NAMES.join(', ')}`,
  role: 'the role it plays in that pattern, e.g. "rep"',
  command: 'the program to run, e.g. "python3"',
};
const PROPERTIES = [...Object.keys(REQUIRED_HINTS), 'args', 'cwd', 'env', 'endpoints', 'launch', 'inspect', 'description', ...PLATFORM_KEYS];

// jsonc-parser names its errors; these say the same to someone editing the file by hand.
const SYNTAX: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'unexpected character; strings and property names need double quotes',
  InvalidNumberFormat: 'this is not a valid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected after the property name',
  CommaExpected: 'a comma is expected between items',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'the file holds one object only; remove what follows it',
  InvalidCommentToken: 'this is not a valid comment',
  UnexpectedEndOfComment: 'a /* comment is not closed with */',
  UnexpectedEndOfString: 'a string is not closed with "',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a \\u escape needs four hex digits',
  InvalidEscapeCharacter: 'this escape is not valid after a \\',
  InvalidCharacter: 'a control character must be escaped inside a string',
  '<unknown ParseErrorCode>': 'the text cannot be read as JSON',
};

export function parseWorkspaceConfig(text: string): WorkspaceConfig {
  if (stripComments(text).trim() === '') {
    return { roles: [], problems: [{ message: 'The file is empty: add { "roles": [ ] } and declare your programs in it.', offset: 0, length: 0 }] };
  }
  const errors: ParseError[] = [];
  // Comments and trailing commas are allowed, as in VS Code's own settings files.
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const problems = errors.map(({ error, offset, length }) => ({ message: `Syntax error: ${SYNTAX[printParseErrorCode(error)]}.`, offset, length }));
  if (!root) return { roles: [], problems };
  if (root.type !== 'object') {
    problems.push({ message: 'The file must be an object with a "roles" array, e.g. { "roles": [ ] }.', ...at(root) });
    return { roles: [], problems };
  }
  const list = findNodeAtLocation(root, ['roles']);
  if (list?.type !== 'array') {
    const message = list ? '"roles" must be an array of roles, e.g. "roles": [ { "name": "hwserver", … } ].' : 'The file needs a "roles" array listing your programs, e.g. { "roles": [ ] }.';
    problems.push({ message, ...(list ? at(list) : brace(root)) });
    return { roles: [], problems };
  }
  const names = new Set<string>();
  const roles = (list.children ?? []).flatMap((entry, index) => readRole(entry, index + 1, names, problems) ?? []);
  return { roles, problems };
}

type Fail = (node: Node, message: string) => void;

/** One entry of "roles", or undefined when it is invalid; its problems go to `problems`. */
function readRole(entry: Node, number: number, names: Set<string>, problems: ConfigProblem[]): CustomRole | undefined {
  if (entry.type !== 'object') {
    problems.push({ message: `Role ${number} must be an object with "name", "pattern", "role" and "command".`, ...at(entry) });
    return undefined;
  }
  const values = new Map<string, Node>();
  const keys: Node[] = [];
  // A property whose value was lost to a syntax error is not "missing": the syntax error says what
  // is wrong. But the role is left out, since it would run without what the user wrote there.
  let invalid = false;
  for (const [key, value] of (entry.children ?? []).map((property) => property.children ?? [])) {
    keys.push(key);
    if (value) values.set(key.value, value);
    else invalid = true;
  }
  const nameNode = values.get('name');
  const name = nameNode && nonEmptyString(nameNode);
  const label = name === undefined ? `Role ${number}` : `Role ${JSON.stringify(name)}`;
  // An unknown property is most likely a typo: say so, but it does not make the role unusable.
  for (const key of keys.filter((key) => !PROPERTIES.includes(key.value))) {
    problems.push({ message: `${label}: unknown property "${key.value}"; check its spelling or remove it. The properties are ${PROPERTIES.join(', ')}.`, ...at(key) });
  }
  const fail = (node: Node, message: string, location = at(node)) => {
    invalid = true;
    problems.push({ message: `${label}: ${message}`, ...location });
  };

  const present = new Set(keys.map((key) => key.value));
  for (const [field, hint] of Object.entries(REQUIRED_HINTS)) if (!present.has(field)) fail(entry, `"${field}" is required: ${hint}.`, brace(entry));
  if (nameNode && name === undefined) fail(nameNode, '"name" must be a non-empty string, e.g. "hwserver".');
  if (nameNode && name !== undefined) {
    if (names.has(name)) fail(nameNode, 'another role above has the same name; give each role its own name.');
    names.add(name);
  }

  const patternNode = values.get('pattern');
  const pattern = patternNode && oneOf(patternNode, PATTERN_NAMES);
  if (patternNode && !pattern) fail(patternNode, `"pattern" must be one of ${PATTERN_NAMES.join(', ')}.`);
  const roleNode = values.get('role');
  // Without a valid pattern, any role name is plausible; the pattern's own problem says the rest.
  const allowed = pattern ? PATTERN_ROLES[pattern] : ROLE_NAMES;
  const role = roleNode && oneOf(roleNode, allowed);
  if (roleNode && !role) fail(roleNode, `"role" must be one of ${allowed.join(', ')}${pattern ? ` for pattern "${pattern}"` : ''}.`);

  const commandNode = values.get('command');
  const command = commandNode && nonEmptyString(commandNode);
  if (commandNode && command === undefined) fail(commandNode, '"command" must be a non-empty string: the program to run, e.g. "python3".');

  const args = stringItems(values.get('args'), 'args', '["hwserver.py"]', fail).map((node) => node.value);
  const endpointNodes = stringItems(values.get('endpoints'), 'endpoints', '["tcp://localhost:5555"]', fail);
  for (const node of endpointNodes) {
    const problem = endpointProblem(node.value);
    if (problem) fail(node, problem);
  }
  const endpoints = endpointNodes.map((node) => node.value);

  const env = readEnv(values.get('env'), fail);

  const cwdNode = values.get('cwd');
  if (cwdNode && cwdNode.type !== 'string') fail(cwdNode, '"cwd" must be a string: the folder to run in, e.g. "${workspaceFolder}".');
  const launchNode = values.get('launch');
  const launch = launchNode && oneOf(launchNode, LAUNCH_MODES);
  if (launchNode && !launch) fail(launchNode, '"launch" must be "terminal" (to type into the program) or "background".');
  const inspectNode = values.get('inspect');
  const inspect = inspectNode && oneOf(inspectNode, INSPECT_MODES);
  if (inspectNode && !inspect) fail(inspectNode, '"inspect" must be "trace" (from inside: Python and Node programs), "wire" (captured traffic) or "off".');
  const descriptionNode = values.get('description');
  if (descriptionNode && descriptionNode.type !== 'string') fail(descriptionNode, '"description" must be a string.');

  const platforms: Partial<Record<PlatformKey, LaunchOverride>> = {};
  for (const key of PLATFORM_KEYS) {
    const node = values.get(key);
    if (node) platforms[key] = readOverride(node, key, fail);
  }

  // When the role is valid the last four conditions hold too; they are spelled out for the types.
  if (invalid || name === undefined || !pattern || !role || command === undefined) return undefined;
  return {
    name, pattern, role, command, args, env, endpoints,
    ...(cwdNode && { cwd: cwdNode.value }),
    ...(launch && { launch }),
    ...(inspect && { inspect }),
    ...(descriptionNode && { description: descriptionNode.value }),
    ...(Object.keys(platforms).length && { platforms }),
  };
}

/** The role as it runs on `platform` (a value of process.platform): its override for that platform applied, env merged. */
export function roleForPlatform(role: CustomRole, platform: string): CustomRole {
  const key: PlatformKey | undefined = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'osx' : platform === 'linux' ? 'linux' : undefined;
  const override = key && role.platforms?.[key];
  return override ? { ...role, ...override, env: { ...role.env, ...override.env } } : role;
}

function readEnv(node: Node | undefined, fail: Fail): Record<string, string> {
  const env: Record<string, string> = {};
  if (node?.type === 'object') {
    for (const [key, value] of (node.children ?? []).map((property) => property.children ?? [])) {
      if (value?.type === 'string') env[key.value] = value.value;
      else if (value) fail(value, `"env" value of "${key.value}" must be a string; put it in double quotes.`);
    }
  } else if (node) {
    fail(node, '"env" must be an object of strings, e.g. { "PYTHONUNBUFFERED": "1" }.');
  }
  return env;
}

/** "windows", "osx" or "linux": the command, args, cwd or env that differ on that platform. */
function readOverride(node: Node, key: PlatformKey, fail: Fail): LaunchOverride {
  const override: LaunchOverride = {};
  if (node.type !== 'object') {
    fail(node, `"${key}" must be an object of what differs on that platform, e.g. { "command": "py" }.`);
    return override;
  }
  for (const [name, value] of (node.children ?? []).map((property) => property.children ?? [])) {
    if (!value) continue;
    if (!OVERRIDABLE.includes(name.value)) fail(name, `"${key}" may set ${OVERRIDABLE.join(', ')}; "${name.value}" is the same on every platform, so it goes outside "${key}".`);
    else if (name.value === 'command' && nonEmptyString(value) === undefined) fail(value, `"${key}.command" must be a non-empty string, e.g. "py".`);
    else if (name.value === 'command') override.command = value.value;
    else if (name.value === 'args') override.args = stringItems(value, 'args', '["hwserver.py"]', fail).map((item) => item.value);
    else if (name.value === 'cwd' && value.type !== 'string') fail(value, `"${key}.cwd" must be a string: the folder to run in.`);
    else if (name.value === 'cwd') override.cwd = value.value;
    else override.env = readEnv(value, fail);
  }
  return override;
}

/** The items of an array of strings (none when it is missing); each wrong item, or the value itself, is a problem. */
function stringItems(node: Node | undefined, field: string, example: string, fail: Fail): Node[] {
  if (!node) return [];
  if (node.type !== 'array') {
    fail(node, `"${field}" must be an array of strings, e.g. ${example}.`);
    return [];
  }
  const items = node.children ?? [];
  const wrong = items.filter((item) => item.type !== 'string');
  for (const item of wrong) fail(item, `"${field}" item ${items.indexOf(item) + 1} must be a string; put it in double quotes.`);
  return wrong.length ? [] : items;
}

/** The file does not say which endpoints a role binds and which it connects, so either use will do. */
function endpointProblem(text: string): string | undefined {
  const messages: string[] = [];
  for (const use of ['bind', 'connect'] as const) {
    try {
      parseEndpoint(text, use);
      return undefined;
    } catch (error) {
      if (!(error instanceof EndpointError)) throw error;
      messages.push(error.message);
    }
  }
  // A bind accepts the most forms, so its complaint is the one that applies to both.
  return messages[0];
}

function nonEmptyString(node: Node): string | undefined {
  return node.type === 'string' && node.value.trim() !== '' ? node.value : undefined;
}

function oneOf<T extends string>(node: Node, allowed: readonly T[]): T | undefined {
  return allowed.find((value) => node.type === 'string' && node.value === value);
}

function at(node: Node): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

/** A problem about a whole object goes on its opening brace, not across all its lines. */
function brace(node: Node): { offset: number; length: number } {
  return { offset: node.offset, length: 1 };
}
