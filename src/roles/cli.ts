// zmq-sessions: every built-in role as a standalone program, and `run` for a whole session.
import { RoleName } from '../shared/role-events';
import { DEFAULT_PORTS, defaultBind, defaultConnect } from '../shared/catalog';
import { UsageError } from './errors';
import { endProcess, runRole } from './lifecycle';
import { CommandSpec, commandSpec, helpText, OptionName, OptionsOf, parseCommand, RoleOptions } from './options';
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

const keygenSpec = commandSpec({
  summary: 'Prints a new CURVE key pair in Z85: give the secret key to a server (--curve-secret-key)\nand the public key to its clients (--curve-server-key).',
  options: { json: { default: false, help: 'print {"publicKey", "secretKey"} as JSON' } },
});

/** One command of the CLI, given its name and its arguments: prints its help, or runs it. */
type Command = (name: string, argv: string[]) => Promise<TraceResult> | TraceResult;

/** A command whose code is given exactly the options its spec declares, and its positional argument. */
function command<K extends OptionName>(spec: CommandSpec<K>, run: (options: Pick<RoleOptions, K>, positional: string | undefined) => Promise<TraceResult> | TraceResult): Command {
  return (name, argv) => {
    const parsed = parseCommand(name, spec, argv);
    if (parsed.help) return printHelp(name, spec);
    return run(parsed.options, parsed.positional);
  };
}

const ROLES: Record<RoleName, Command> = {
  rep: command(repSpec, (options) => runRole('rep', options, rep)),
  req: command(reqSpec, (options) => runRole('req', options, req)),
  pub: command(pubSpec, (options) => runRole('pub', options, pub)),
  sub: command(subSpec, (options) => runRole('sub', options, sub)),
  ventilator: command(ventilatorSpec, (options) => runRole('ventilator', options, ventilator)),
  worker: command(workerSpec, (options) => runRole('worker', options, worker)),
  sink: command(sinkSpec, (options) => runRole('sink', options, sink)),
  router: command(routerSpec, (options) => runRole('router', options, router)),
  dealer: command(dealerSpec, (options) => runRole('dealer', options, dealer)),
  pair: command(pairSpec, (options) => runRole('pair', options, pair)),
  broker: command(brokerSpec, (options) => runRole('broker', options, broker)),
  forwarder: command(forwarderSpec, (options) => runRole('forwarder', options, forwarder)),
  streamer: command(streamerSpec, (options) => runRole('streamer', options, streamer)),
};

/** Every command, in the order the unknown-command error lists them. */
const COMMANDS = new Map<string, Command>([
  ...Object.entries(ROLES),
  ['run', command(runSpec, (options, pattern) => runSession(pattern!, options, __filename))],
  ['proxy', command(proxySpec, (options) => runRole('proxy', options, proxy))],
  ['record', command(recordSpec, record)],
  ['report', command(reportSpec, (options, file) => report(file!, options))],
  ['capture', command(captureSpec, capture)],
  // The traced program's own arguments come after --, untouched.
  ['trace', (name, argv) => {
    const split = splitTraceArgs(argv);
    return command(traceSpec, (options) => trace(split.command, options))(name, split.own);
  }],
  // --help wins over any other argument, even one keygen does not take.
  ['keygen', (name, argv) => (argv.includes('--help') ? printHelp(name, keygenSpec) : command(keygenSpec, keygen)(name, argv))],
]);

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
  const run = COMMANDS.get(command);
  if (!run) throw new UsageError(`Unknown command '${command}'. Commands: ${[...COMMANDS.keys()].join(', ')}. Run 'zmq-sessions --help'.`);
  return run(command, rest);
}

function keygen(options: OptionsOf<typeof keygenSpec>): number {
  const pair = zmq.curveKeyPair();
  console.log(options.json ? JSON.stringify(pair) : `public-key ${pair.publicKey}\nsecret-key ${pair.secretKey}`);
  return 0;
}

function printHelp<K extends OptionName>(command: string, spec: CommandSpec<K>): number {
  console.log(helpText(command, spec));
  return 0;
}

// stdout to a pipe is asynchronous here: exiting at once loses the last events a reader (the
// extension, `run`) waits for. A write's callback runs once everything before it was written.
const exitAfterOutput = (code: number) => process.stdout.write('', () => process.stderr.write('', () => endProcess(code)));
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
