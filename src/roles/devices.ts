// The zguide's devices as roles: a request-reply broker (rrbroker), a publish-subscribe
// forwarder (wuproxy) and a pipeline streamer. Each has a frontend and a backend socket and
// passes every message on, reporting it as received on one and sent on the other.
import * as zmq from 'zeromq';
import { previewFrame } from '../shared/role-events';
import { pythonBytesRepr } from '../shared/format';
import { defaultBind, defaultConnect } from '../shared/catalog';
import { RoleContext } from './lifecycle';
import { commandSpec, OptionName, OptionsOf, withCommon } from './options';

const FRONTEND = ['frontendBind', 'frontendConnect'] as const satisfies readonly OptionName[];
const BACKEND = ['backendBind', 'backendConnect'] as const satisfies readonly OptionName[];
const NAMED_OPTIONS = '--frontend-bind, --frontend-connect, --backend-bind or --backend-connect';

export const brokerSpec = commandSpec({
  summary: 'Request-reply broker: REQ clients connect to its ROUTER frontend, REP workers to its DEALER\nbackend; each request goes to the next worker and each reply back to its client, as the zguide\'s rrbroker.',
  details: `Workers: rep --connect ${defaultConnect('brokerBackend')}. Clients: req --connect ${defaultConnect('brokerFrontend')}.`,
  options: withCommon({
    frontendBind: { default: [defaultBind('brokerFrontend')] },
    frontendConnect: { default: [] },
    backendBind: { default: [defaultBind('brokerBackend')] },
    backendConnect: { default: [] },
  }),
  sockets: [FRONTEND, BACKEND],
});

export async function broker(context: RoleContext<OptionsOf<typeof brokerSpec>>): Promise<void> {
  const { options, out, sockets } = context;
  const frontend = sockets.add(new zmq.Router(), 'frontend');
  const backend = sockets.add(new zmq.Dealer(), 'backend');
  await sockets.attach(frontend, { bind: options.frontendBind, connect: options.frontendConnect }, NAMED_OPTIONS);
  await sockets.attach(backend, { bind: options.backendBind, connect: options.backendConnect }, NAMED_OPTIONS);
  sockets.ready('broker');
  out.line(`Brokering requests from clients at ${sockets.placesOf(frontend)} to workers at ${sockets.placesOf(backend)}`);
  await Promise.all([pass(context, frontend, backend), pass(context, backend, frontend)]);
}

export const forwarderSpec = commandSpec({
  summary: "Publish-subscribe forwarder: an XSUB frontend takes a publisher's updates, an XPUB backend passes\nthem to subscribers, and subscribers' subscriptions go the other way, as the zguide's wuproxy.",
  details: `--connect EP and --bind EP are the frontend connecting and the backend binding, as in wuproxy:\nforwarder --connect ${defaultConnect('pubsub')} --bind ${defaultBind('forwarder')}, then sub --connect ${defaultConnect('forwarder')}.`,
  options: withCommon({
    connect: { default: [], help: 'the publisher the frontend connects to, repeatable' },
    bind: { default: [], help: 'where the backend binds for subscribers, repeatable' },
    frontendBind: { default: [] },
    frontendConnect: { default: [defaultConnect('pubsub')] },
    backendBind: { default: [defaultBind('forwarder')] },
    backendConnect: { default: [] },
  }),
  sockets: [[...FRONTEND, 'connect'], [...BACKEND, 'bind']],
});

export async function forwarder(context: RoleContext<OptionsOf<typeof forwarderSpec>>): Promise<void> {
  const { options, out, sockets } = context;
  const frontend = sockets.add(new zmq.XSubscriber(), 'frontend');
  const backend = sockets.add(new zmq.XPublisher(), 'backend');
  const publishers = [...options.frontendConnect, ...options.connect];
  await sockets.attach(frontend, { bind: options.frontendBind, connect: publishers }, `--connect or ${NAMED_OPTIONS}`);
  await sockets.attach(backend, { bind: [...options.backendBind, ...options.bind], connect: options.backendConnect }, `--bind or ${NAMED_OPTIONS}`);
  sockets.ready('forwarder');
  out.line(`Forwarding updates from ${sockets.placesOf(frontend)} to subscribers at ${sockets.placesOf(backend)}`);
  const subscriptions = async () => {
    for (;;) {
      const frames = await sockets.receive(backend);
      await sockets.send(frontend, frames);
      // A subscription is one frame: 1 (subscribe) or 0 (cancel), then the prefix.
      const [first] = frames;
      if (frames.length !== 1 || first.length === 0 || first[0] > 1) continue;
      const subscribe = first[0] === 1;
      const topic = first.subarray(1);
      out.event({ event: 'subscription', socket: 'backend', subscribe, topic: previewFrame(topic) });
      out.line(`${subscribe ? 'Subscription' : 'Cancelled subscription'} forwarded: ${pythonBytesRepr(topic)}`);
    }
  };
  await Promise.all([pass(context, frontend, backend), subscriptions()]);
}

export const streamerSpec = commandSpec({
  summary: 'Pipeline streamer: a PULL frontend takes tasks from ventilators, a PUSH backend hands them out to\nworkers, so that workers and ventilators can come and go on both sides.',
  details: `--connect EP and --bind EP are the frontend connecting and the backend binding, as for the forwarder:\nstreamer --connect ${defaultConnect('ventilator')} --bind ${defaultBind('streamer')}, then worker --connect ${defaultConnect('streamer')}.`,
  options: withCommon({
    connect: { default: [], help: 'the ventilator the frontend connects to, repeatable' },
    bind: { default: [], help: 'where the backend binds for workers, repeatable' },
    frontendBind: { default: [] },
    frontendConnect: { default: [defaultConnect('ventilator')] },
    backendBind: { default: [defaultBind('streamer')] },
    backendConnect: { default: [] },
  }),
  sockets: [[...FRONTEND, 'connect'], [...BACKEND, 'bind']],
});

export async function streamer(context: RoleContext<OptionsOf<typeof streamerSpec>>): Promise<void> {
  const { options, out, sockets } = context;
  const frontend = sockets.add(new zmq.Pull(), 'frontend');
  const backend = sockets.add(new zmq.Push(), 'backend');
  const sources = [...options.frontendConnect, ...options.connect];
  await sockets.attach(frontend, { bind: options.frontendBind, connect: sources }, `--connect or ${NAMED_OPTIONS}`);
  await sockets.attach(backend, { bind: [...options.backendBind, ...options.bind], connect: options.backendConnect }, `--bind or ${NAMED_OPTIONS}`);
  sockets.ready('streamer');
  out.line(`Streaming tasks from ${sockets.placesOf(frontend)} to workers at ${sockets.placesOf(backend)}`);
  await pass(context, frontend, backend);
}

/** Passes every message from one socket to the other, whole, for as long as the role runs. */
async function pass({ sockets }: RoleContext, from: zmq.Readable & zmq.Socket, to: zmq.Writable & zmq.Socket): Promise<void> {
  for (;;) await sockets.send(to, await sockets.receive(from));
}
