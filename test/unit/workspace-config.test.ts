import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EndpointError, parseEndpoint } from '../../src/shared/endpoint';
import { ROLE_NAMES } from '../../src/shared/role-events';
import { LAUNCH_MODES, parseWorkspaceConfig, PATTERN_NAMES, PATTERN_ROLES } from '../../src/shared/workspace-config';
import { INSPECT_MODES } from '../../src/shared/traceable';

const root = resolve(__dirname, '..', '..', '..');
const seedWorkspace = resolve(root, 'test/fixtures/seed-workspace');
const schema = JSON.parse(readFileSync(resolve(root, 'schemas/zeromq.schema.json'), 'utf8'));
const roleSchema = schema.definitions.role;

/** A file of these roles as people write it: indented JSON. */
const file = (...roles: unknown[]) => JSON.stringify({ roles }, null, 2);
const hwserver = { name: 'hwserver', pattern: 'reqrep', role: 'rep', command: 'python3', args: ['hwserver.py'] };
const hwclient = { name: 'hwclient', pattern: 'reqrep', role: 'req', command: 'python3', args: ['hwclient.py'] };
/** A role with every property, so that each one can be left out in turn. */
const complete = {
  ...hwserver, cwd: '${workspaceFolder}', env: { PYTHONUNBUFFERED: '1' }, endpoints: ['tcp://*:5555'], launch: 'background', inspect: 'trace', description: 'Hello World server',
  windows: { command: 'py' }, osx: { env: { PYTHONPATH: 'lib' } }, linux: { command: '/usr/bin/python3' },
};

/** Each problem's message and the text it points at. */
function located(text: string): [string, string][] {
  return parseWorkspaceConfig(text).problems.map(({ message, offset, length }) => [message, text.slice(offset, offset + length)]);
}

function endpointMessage(text: string): string {
  try {
    parseEndpoint(text, 'bind');
  } catch (error) {
    if (error instanceof EndpointError) return error.message;
  }
  throw new Error(`'${text}' was expected to be a malformed endpoint`);
}

describe('workspace config', () => {
  it('reads the seed workspace: its seven Python programs as roles', () => {
    const { roles, problems } = parseWorkspaceConfig(readFileSync(resolve(seedWorkspace, '.vscode/zeromq.json'), 'utf8'));
    assert.deepEqual(problems, []);
    assert.deepEqual(roles[0], {
      ...hwserver, command: '/usr/bin/python3', env: { PYTHONUNBUFFERED: '1' }, endpoints: ['tcp://*:5555'], description: 'Hello World server: answers each "Hello" with "World"',
      platforms: { windows: { command: 'py' }, osx: { command: 'python3' } },
    });
    for (const role of roles) assert.deepEqual(role.platforms, { windows: { command: 'py' }, osx: { command: 'python3' } }, role.name);
    assert.deepEqual(roles.map(({ name, pattern, role, command, args, launch }) => [name, pattern, role, command, args.join(' '), launch]), [
      ['hwserver', 'reqrep', 'rep', '/usr/bin/python3', 'hwserver.py', undefined],
      ['hwclient', 'reqrep', 'req', '/usr/bin/python3', 'hwclient.py', undefined],
      ['wuserver', 'pubsub', 'pub', '/usr/bin/python3', 'wuserver.py', undefined],
      ['wuclient', 'pubsub', 'sub', '/usr/bin/python3', 'wuclient.py 10001', undefined],
      ['taskvent', 'pipeline', 'ventilator', '/usr/bin/python3', 'taskvent.py', 'terminal'],
      ['taskwork', 'pipeline', 'worker', '/usr/bin/python3', 'taskwork.py', undefined],
      ['tasksink', 'pipeline', 'sink', '/usr/bin/python3', 'tasksink.py', undefined],
    ]);
    for (const { args } of roles) assert.ok(existsSync(resolve(seedWorkspace, args[0])), `${args[0]} is in the fixture`);
  });

  it('fills in the defaults and leaves absent optional properties out', () => {
    const { name, pattern, role, command } = hwserver;
    assert.deepEqual(parseWorkspaceConfig(file({ name, pattern, role, command })), {
      roles: [{ name, pattern, role, command, args: [], env: {}, endpoints: [] }],
      problems: [],
    });
  });

  it('accepts comments and trailing commas', () => {
    const text = `// roles of this workspace
      { /* the REP server */ "roles": [ { "name": "hwserver", "pattern": "reqrep", "role": "rep", "command": "python3", "args": ["hwserver.py",], }, ], }`;
    assert.deepEqual(parseWorkspaceConfig(text), { roles: [{ ...hwserver, env: {}, endpoints: [] }], problems: [] });
  });

  it('reports a syntax error where it is and keeps the roles it can still read', () => {
    const text = `{ "roles": [ ${JSON.stringify(hwserver)} ${JSON.stringify(hwclient)} ] }`;
    const { roles, problems } = parseWorkspaceConfig(text);
    assert.deepEqual(problems, [{ message: 'Syntax error: a comma is expected between items.', offset: text.lastIndexOf('{'), length: 1 }]);
    assert.deepEqual(roles.map((role) => role.name), ['hwserver', 'hwclient']);
  });

  it('leaves out a role whose value a syntax error swallowed, without calling it missing', () => {
    const text = `{ "roles": [ { "name": 'hwserver', "pattern": "reqrep", "role": "rep", "command": "python3" } ] }`;
    assert.deepEqual(located(text), [
      ['Syntax error: unexpected character; strings and property names need double quotes.', "'hwserver'"],
      ['Syntax error: a value is expected.', ','],
    ]);
    assert.deepEqual(parseWorkspaceConfig(text).roles, []);
  });

  it('says what to write in an empty file', () => {
    for (const text of ['', '  \n', '// nothing yet\n']) {
      assert.deepEqual(parseWorkspaceConfig(text), {
        roles: [],
        problems: [{ message: 'The file is empty: add { "roles": [ ] } and declare your programs in it.', offset: 0, length: 0 }],
      });
    }
  });

  it('needs an object with a "roles" array', () => {
    assert.deepEqual(located('[]'), [['The file must be an object with a "roles" array, e.g. { "roles": [ ] }.', '[]']]);
    assert.deepEqual(located(' { "role": [] }'), [['The file needs a "roles" array listing your programs, e.g. { "roles": [ ] }.', '{']]);
    assert.deepEqual(located('{ "roles": { "name": "hwserver" } }'), [['"roles" must be an array of roles, e.g. "roles": [ { "name": "hwserver", … } ].', '{ "name": "hwserver" }']]);
    assert.deepEqual(parseWorkspaceConfig('{ "roles": {} }').roles, []);
  });

  // Each entry is wrong in one field; its problem points at that field's value, and the role is left out.
  const wrong: [string, object, string, string][] = [
    ['a missing name', { pattern: 'reqrep', role: 'rep', command: 'python3' }, 'Role 1: "name" is required: the name shown in the sidebar, e.g. "hwserver".', '{'],
    ['an empty name', { ...hwserver, name: '' }, 'Role 1: "name" must be a non-empty string, e.g. "hwserver".', '""'],
    ['a name that is not a string', { ...hwserver, name: 42 }, 'Role 1: "name" must be a non-empty string, e.g. "hwserver".', '42'],
    ['a missing pattern', { name: 'hwserver', role: 'rep', command: 'python3' }, 'Role "hwserver": "pattern" is required: the pattern it takes part in, one of reqrep, pubsub, pipeline, broker, forwarder, pair.', '{'],
    ['an unknown pattern', { ...hwserver, pattern: 'reqresp' }, 'Role "hwserver": "pattern" must be one of reqrep, pubsub, pipeline, broker, forwarder, pair.', '"reqresp"'],
    ['a missing role', { name: 'hwserver', pattern: 'reqrep', command: 'python3' }, 'Role "hwserver": "role" is required: the role it plays in that pattern, e.g. "rep".', '{'],
    ['a role not of the pattern', { ...hwserver, role: 'pub' }, 'Role "hwserver": "role" must be one of rep, req, router, dealer for pattern "reqrep".', '"pub"'],
    ['an unknown role', { ...hwserver, pattern: 'pipeline', role: 'server' }, 'Role "hwserver": "role" must be one of ventilator, worker, sink, streamer for pattern "pipeline".', '"server"'],
    ['a missing command', { name: 'hwserver', pattern: 'reqrep', role: 'rep' }, 'Role "hwserver": "command" is required: the program to run, e.g. "python3".', '{'],
    ['a blank command', { ...hwserver, command: '  ' }, 'Role "hwserver": "command" must be a non-empty string: the program to run, e.g. "python3".', '"  "'],
    ['args that are not an array', { ...hwserver, args: 'hwserver.py' }, 'Role "hwserver": "args" must be an array of strings, e.g. ["hwserver.py"].', '"hwserver.py"'],
    ['an argument that is not a string', { ...hwserver, args: ['wuclient.py', 10001] }, 'Role "hwserver": "args" item 2 must be a string; put it in double quotes.', '10001'],
    ['a cwd that is not a string', { ...hwserver, cwd: 7 }, 'Role "hwserver": "cwd" must be a string: the folder to run in, e.g. "${workspaceFolder}".', '7'],
    ['env that is not an object', { ...hwserver, env: 'PYTHONUNBUFFERED=1' }, 'Role "hwserver": "env" must be an object of strings, e.g. { "PYTHONUNBUFFERED": "1" }.', '"PYTHONUNBUFFERED=1"'],
    ['an env value that is not a string', { ...hwserver, env: { PORT: 5555 } }, 'Role "hwserver": "env" value of "PORT" must be a string; put it in double quotes.', '5555'],
    ['endpoints that are not an array', { ...hwserver, endpoints: 'tcp://*:5555' }, 'Role "hwserver": "endpoints" must be an array of strings, e.g. ["tcp://localhost:5555"].', '"tcp://*:5555"'],
    ['an endpoint that is not a string', { ...hwserver, endpoints: [5555] }, 'Role "hwserver": "endpoints" item 1 must be a string; put it in double quotes.', '5555'],
    ['an endpoint without a transport', { ...hwserver, endpoints: ['localhost:5555'] }, `Role "hwserver": ${endpointMessage('localhost:5555')}`, '"localhost:5555"'],
    ['an endpoint with a port out of range', { ...hwserver, endpoints: ['tcp://*:70000'] }, `Role "hwserver": ${endpointMessage('tcp://*:70000')}`, '"tcp://*:70000"'],
    ['an unknown launch', { ...hwserver, launch: 'foreground' }, 'Role "hwserver": "launch" must be "terminal" (to type into the program) or "background".', '"foreground"'],
    ['a description that is not a string', { ...hwserver, description: true }, 'Role "hwserver": "description" must be a string.', 'true'],
    ['an unknown inspect', { ...hwserver, inspect: 'strace' }, 'Role "hwserver": "inspect" must be "trace" (from inside: Python and Node programs), "wire" (captured traffic) or "off".', '"strace"'],
  ];
  for (const [what, entry, message, at] of wrong) {
    it(`reports ${what} where it is and leaves the role out`, () => {
      const text = file(entry);
      assert.deepEqual(located(text), [[message, at]]);
      assert.deepEqual(parseWorkspaceConfig(text).roles, []);
    });
  }

  it('reuses the endpoint parser\'s words', () => {
    assert.match(endpointMessage('localhost:5555'), /^Malformed endpoint 'localhost:5555': use tcp:\/\/HOST:PORT/);
    assert.match(endpointMessage('tcp://*:70000'), /the port must be a number from 1 to 65535 or \* for any free port\.$/);
  });

  it('accepts an endpoint valid for bind or for connect', () => {
    const endpoints = ['tcp://*:5555', 'tcp://127.0.0.1:*', 'ipc://*', 'tcp://localhost:5555', 'ipc:///tmp/zmq-demo', 'tcp://[::1]:5555'];
    // Binding forms that a connect would refuse: the parser must not hold them to connect's rules.
    assert.throws(() => parseEndpoint('tcp://*:5555', 'connect'), EndpointError);
    const { roles, problems } = parseWorkspaceConfig(file({ ...hwserver, endpoints }));
    assert.deepEqual(problems, []);
    assert.deepEqual(roles[0].endpoints, endpoints);
  });

  it('names an entry by its number when it has no usable name', () => {
    const text = file(hwserver, { pattern: 'reqrep', role: 'req' });
    const { roles, problems } = parseWorkspaceConfig(text);
    assert.deepEqual(problems.map((problem) => problem.message), [
      'Role 2: "name" is required: the name shown in the sidebar, e.g. "hwserver".',
      'Role 2: "command" is required: the program to run, e.g. "python3".',
    ]);
    assert.deepEqual(problems.map((problem) => problem.offset), [text.lastIndexOf('{'), text.lastIndexOf('{')]);
    assert.deepEqual(roles.map((role) => role.name), ['hwserver']);
  });

  it('gives one problem per wrong field', () => {
    const text = file({ name: 'broken', pattern: 'pubsub', role: 'rep', command: 3, launch: 'now' });
    assert.deepEqual(located(text), [
      ['Role "broken": "role" must be one of pub, sub for pattern "pubsub".', '"rep"'],
      ['Role "broken": "command" must be a non-empty string: the program to run, e.g. "python3".', '3'],
      ['Role "broken": "launch" must be "terminal" (to type into the program) or "background".', '"now"'],
    ]);
  });

  it('keeps the valid roles beside invalid ones', () => {
    const text = file(hwserver, { ...hwclient, name: 'bad', role: 'pub' }, hwclient, 'wuserver.py');
    assert.deepEqual(parseWorkspaceConfig(text).roles.map((role) => role.name), ['hwserver', 'hwclient']);
    assert.deepEqual(located(text), [
      ['Role "bad": "role" must be one of rep, req, router, dealer for pattern "reqrep".', '"pub"'],
      ['Role 4 must be an object with "name", "pattern", "role" and "command".', '"wuserver.py"'],
    ]);
  });

  it('reports the later of two roles with one name, and keeps the first', () => {
    const text = file(hwserver, { ...hwserver, args: ['other.py'] });
    const { roles, problems } = parseWorkspaceConfig(text);
    assert.deepEqual(roles.map((role) => role.args), [['hwserver.py']]);
    assert.deepEqual(problems, [{
      message: 'Role "hwserver": another role above has the same name; give each role its own name.',
      offset: text.lastIndexOf('"hwserver"'),
      length: '"hwserver"'.length,
    }]);
    assert.notEqual(text.indexOf('"hwserver"'), text.lastIndexOf('"hwserver"'));
  });

  it('reports an unknown property at its name, and keeps the role', () => {
    const text = file({ ...hwserver, comand: 'python3' });
    assert.deepEqual(located(text), [[
      'Role "hwserver": unknown property "comand"; check its spelling or remove it. The properties are name, pattern, role, command, args, cwd, env, endpoints, launch, inspect, description, windows, osx, linux.',
      '"comand"',
    ]]);
    assert.deepEqual(parseWorkspaceConfig(text).roles.map((role) => role.name), ['hwserver']);
  });
});

describe('workspace config schema', () => {
  const properties = roleSchema.properties as Record<string, { enum?: string[]; enumDescriptions?: string[]; description?: string; markdownDescription?: string }>;

  it('lists the parser\'s patterns, roles and launch modes', () => {
    assert.deepEqual(properties.pattern.enum, [...PATTERN_NAMES]);
    assert.deepEqual(properties.role.enum, [...ROLE_NAMES]);
    assert.deepEqual(properties.launch.enum, [...LAUNCH_MODES]);
    for (const launch of properties.launch.enum ?? []) assert.deepEqual(parseWorkspaceConfig(file({ ...hwserver, launch })).problems, [], launch);
    assert.deepEqual(properties.inspect.enum, [...INSPECT_MODES]);
  });

  it('allows for each pattern exactly the roles the parser allows', () => {
    const byPattern = Object.fromEntries(roleSchema.allOf.map((rule: { if: { properties: { pattern: { const: string } } }; then: { properties: { role: { enum: string[] } } } }) => [
      rule.if.properties.pattern.const, rule.then.properties.role.enum,
    ]));
    assert.deepEqual(byPattern, PATTERN_ROLES);
    for (const pattern of PATTERN_NAMES) {
      for (const role of ROLE_NAMES) {
        const accepted = parseWorkspaceConfig(file({ ...hwserver, pattern, role })).problems.length === 0;
        assert.equal(accepted, byPattern[pattern].includes(role), `${pattern}/${role}`);
      }
    }
  });

  it('requires what the parser requires, and knows every property the parser knows', () => {
    assert.deepEqual(schema.required, ['roles']);
    assert.equal(roleSchema.additionalProperties, false);
    assert.deepEqual(Object.keys(complete).sort(), Object.keys(properties).sort());
    assert.deepEqual(parseWorkspaceConfig(file(complete)).problems, []);
    for (const property of Object.keys(properties)) {
      const { [property]: _left, ...rest } = complete as Record<string, unknown>;
      const required = parseWorkspaceConfig(file(rest)).problems.some((problem) => problem.message.includes(`"${property}" is required`));
      assert.equal(required, roleSchema.required.includes(property), property);
    }
  });

  it('accepts comments and trailing commas, as the parser does', () => {
    assert.equal(schema.allowComments, true);
    assert.equal(schema.allowTrailingCommas, true);
  });

  it('describes every property and every enum value', () => {
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(property.description && property.markdownDescription, name);
      if (property.enum) assert.equal(property.enumDescriptions?.length, property.enum.length, name);
    }
  });

  it('suggests a role with every required property and nothing unknown', () => {
    const [snippet] = roleSchema.defaultSnippets;
    for (const property of roleSchema.required) assert.ok(property in snippet.body, property);
    for (const property of Object.keys(snippet.body)) assert.ok(property in properties, property);
  });

  it('matches every endpoint the parser accepts, and not one without a transport', () => {
    const pattern = new RegExp(roleSchema.properties.endpoints.items.pattern);
    const seed = parseWorkspaceConfig(readFileSync(resolve(seedWorkspace, '.vscode/zeromq.json'), 'utf8')).roles.flatMap((role) => role.endpoints);
    for (const endpoint of [...seed, 'tcp://127.0.0.1:*', 'ipc://*', 'ipc:///tmp/zmq-demo', 'tcp://[::1]:5555']) assert.match(endpoint, pattern);
    assert.doesNotMatch('localhost:5555', pattern);
  });
});
