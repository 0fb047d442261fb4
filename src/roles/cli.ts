// zmq-sessions: every built-in role as a standalone program, and `run` for a whole session.
import { isRoleName, RoleName } from '../shared/role-events';
import { DEFAULT_PORTS, defaultBind, defaultConnect } from '../shared/catalog';
import { UsageError } from './errors';
import { RoleBody, runRole } from './lifecycle';
import { CommandSpec, helpText, parseCommand } from './options';
import { pub, pubSpec, sub, subSpec } from './pubsub';
import { rep, repSpec, req, reqSpec } from './reqrep';
import { sink, sinkSpec, ventilator, ventilatorSpec, worker, workerSpec } from './pipeline';
import { proxy, proxySpec } from './proxy';
import { capture, captureSpec } from './capture';
import { dealer, dealerSpec, router, routerSpec } from './routing';
import { pair, pairSpec } from './pair';
import { broker, brokerSpec, forwarder, forwarderSpec, streamer, streamerSpec } from './devices';
import { record, recordSpec } from './record';
import { report, reportSpec } from './report';
import { PATTERNS, runSession, runSpec } from './session';
import { splitTraceArgs, trace, traceSpec, TraceResult } from './trace/trace';
import * as zmq from 'zeromq';

const keygenSpec: CommandSpec = {
  summary: 'Prints a new CURVE key pair in Z85: give the secret key to a server (--curve-secret-key)\nand the public key to its clients (--curve-server-key).',
  options: { json: { default: false, help: 'print {"publicKey", "secretKey"} as JSON' } },
};

const ROLES: Record<RoleName, { spec: CommandSpec; body: RoleBody }> = {
  rep: { spec: repSpec, body: rep },
  req: { spec: reqSpec, body: req },
  pub: { spec: pubSpec, body: pub },
  sub: { spec: subSpec, body: sub },
  ventilator: { spec: ventilatorSpec, body: ventilator },
  worker: { spec: workerSpec, body: worker },
  sink: { spec: sinkSpec, body: sink },
  router: { spec: routerSpec, body: router },
  dealer: { spec: dealerSpec, body: dealer },
  pair: { spec: pairSpec, body: pair },
  broker: { spec: brokerSpec, body: broker },
  forwarder: { spec: forwarderSpec, body: forwarder },
  streamer: { spec: streamerSpec, body: streamer },
};

const USAGE = `Usage: zmq-sessions <command> [options]

Known-good ZeroMQ peers for the request-reply, publish-subscribe and pipeline patterns, and the
zguide's brokers and proxies. Defaults follow the zguide's Python examples, but bind to 127.0.0.1
rather than all interfaces. Every socket takes --bind or --connect: either side may bind.

Roles:
  rep          REP server on ${defaultBind('reqrep')}, answers "World"
  req          REQ client to ${defaultConnect('reqrep')}, sends "Hello" 10 times
  pub          PUB on ${defaultBind('pubsub')}, random weather updates
  sub          SUB to ${defaultConnect('pubsub')}, filter "10001", 5 updates, average temperature
  ventilator   PUSH tasks on ${defaultBind('ventilator')}, start signal to the sink at :${DEFAULT_PORTS.sink}
  worker       PULL tasks from :${DEFAULT_PORTS.ventilator}, PUSH results to :${DEFAULT_PORTS.sink}
  sink         PULL results on ${defaultBind('sink')}, prints the batch's elapsed time
  router       ROUTER server on ${defaultBind('reqrep')}, answers REQ and DEALER clients through their envelope
  dealer       DEALER client to ${defaultConnect('reqrep')}, talks to REP servers as req does
  pair         PAIR on ${defaultBind('pair')}, sends 5 messages to its peer and prints what it sends
  broker       ROUTER frontend on ${defaultBind('brokerFrontend')} for clients, DEALER backend on :${DEFAULT_PORTS.brokerBackend} for workers
  forwarder    XSUB frontend to a publisher at ${defaultConnect('pubsub')}, XPUB backend on ${defaultBind('forwarder')}
  streamer     PULL frontend to a ventilator at ${defaultConnect('ventilator')}, PUSH backend on ${defaultBind('streamer')}

Sessions:
  run <${PATTERNS.join('|')}>   a whole local session in one command

Telemetry:
  proxy --bind EP --connect EP   sits between REQ and REP (or PUSH and PULL) and reports both ways
  record --out FILE              collect what roles started with --inspect report
  report FILE [--json]           the analytics of a capture (.jsonl, or .pcap/.pcapng from the wire)
  capture [--port N]...          any program's ZeroMQ traffic decoded from the wire (tcpdump/dumpcap),
                                 or from a file (--read FILE), to --out FILE.jsonl or --inspect EP
  trace [--inspect EP] -- CMD    runs a Python (pyzmq) or Node (zeromq.js) program unchanged, traced:
                                 it reports to a collector as a built-in role does

Security:
  keygen                         a new CURVE key pair; roles take --curve-secret-key, --curve-server-key

Run 'zmq-sessions <command> --help' for a command's options.`;

async function main(argv: string[]): Promise<TraceResult> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'run') {
    const parsed = parseCommand('run', runSpec, rest);
    if (parsed.help) return printHelp('run', runSpec);
    return runSession(parsed.positional!, parsed.options, __filename);
  }
  if (command === 'record') {
    const parsed = parseCommand('record', recordSpec, rest);
    if (parsed.help) return printHelp('record', recordSpec);
    return record(parsed.options);
  }
  if (command === 'capture') {
    const parsed = parseCommand('capture', captureSpec, rest);
    if (parsed.help) return printHelp('capture', captureSpec);
    return capture(parsed.options);
  }
  if (command === 'proxy') {
    const parsed = parseCommand('proxy', proxySpec, rest);
    if (parsed.help) return printHelp('proxy', proxySpec);
    return runRole('proxy', parsed.options, proxy);
  }
  if (command === 'trace') {
    const split = splitTraceArgs(rest);
    const parsed = parseCommand('trace', traceSpec, split.own);
    if (parsed.help) return printHelp('trace', traceSpec);
    return trace(split.command, parsed.options);
  }
  if (command === 'keygen') {
    if (rest.includes('--help')) return printHelp('keygen', keygenSpec);
    const parsed = parseCommand('keygen', keygenSpec, rest);
    const pair = zmq.curveKeyPair();
    console.log(parsed.options.json ? JSON.stringify(pair) : `public-key ${pair.publicKey}\nsecret-key ${pair.secretKey}`);
    return 0;
  }
  if (command === 'report') {
    const parsed = parseCommand('report', reportSpec, rest);
    if (parsed.help) return printHelp('report', reportSpec);
    return report(parsed.positional!, parsed.options);
  }
  if (!isRoleName(command)) {
    throw new UsageError(`Unknown command '${command}'. Commands: ${Object.keys(ROLES).join(', ')}, run, proxy, record, report, capture, trace, keygen. Run 'zmq-sessions --help'.`);
  }
  const { spec, body } = ROLES[command];
  const parsed = parseCommand(command, spec, rest);
  if (parsed.help) return printHelp(command, spec);
  return runRole(command, parsed.options, body);
}

function printHelp(command: string, spec: CommandSpec): number {
  console.log(helpText(command, spec));
  return 0;
}

// stdout to a pipe is asynchronous here: exiting at once loses the last events a reader (the
// extension, `run`) waits for. A write's callback runs once everything before it was written.
const exitAfterOutput = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
// A traced program ended by a signal ends `trace` by the same signal, as its caller would see it untraced.
const endAfterOutput = (result: TraceResult) =>
  typeof result === 'number'
    ? exitAfterOutput(result)
    : process.stdout.write('', () => {
        process.removeAllListeners(result.signal);
        process.kill(process.pid, result.signal);
      });

main(process.argv.slice(2)).then(endAfterOutput, (error) => {
  const exitCode = error instanceof UsageError ? error.exitCode : 1;
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterOutput(exitCode);
});
