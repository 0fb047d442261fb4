// The Python tracer supports Python 3.8 and pyzmq 22 and later (issue 16), but only Debian 12's
// Python 3.11 and pyzmq 24 can be had here: this keeps its source within Python 3.8, by parsing it
// as 3.8 (syntax such as `match` fails) and looking for the 3.9+ APIs a tracer might reach for.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PYTHON } from './traced';

const TRACER = path.resolve(__dirname, '../../../tracer/python');

const CHECK = `
import ast, sys
NEWER = {'removeprefix', 'removesuffix', 'bit_count', 'randbytes', 'to_thread', 'is_relative_to', 'with_stem', 'lcm', 'cache', 'BooleanOptionalAction'}
GENERIC = {'list', 'dict', 'tuple', 'set', 'frozenset', 'type'}
for path in sys.argv[1:]:
    try:
        tree = ast.parse(open(path, encoding='utf-8').read(), path, feature_version=(3, 8))
    except SyntaxError as error:
        print('%s:%s: not Python 3.8: %s' % (path, error.lineno, error.msg))
        continue
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in NEWER:
            print('%s:%s: %s is Python 3.9+' % (path, node.lineno, node.attr))
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in GENERIC:
            print('%s:%s: %s[...] is Python 3.9+' % (path, node.lineno, node.value.id))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) and isinstance(node.right, ast.Constant) and node.right.value is None:
            print('%s:%s: X | None is Python 3.10+' % (path, node.lineno))
`;

function pythonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : pythonFiles(file);
    return entry.name.endsWith('.py') ? [file] : [];
  });
}

describe('trace: the Python tracer stays within Python 3.8', () => {
  it('parses as Python 3.8 and uses no Python 3.9+ API', () => {
    const files = pythonFiles(TRACER);
    assert.ok(files.length >= 5, `tracer files: ${files.join(', ')}`);
    const result = spawnSync(PYTHON, ['-c', CHECK, ...files], { encoding: 'utf8', timeout: 20000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
  });
});
