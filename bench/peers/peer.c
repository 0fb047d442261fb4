/* The libzmq C peer: the protocol of zeromqjs.mjs (docs/performance.md). The harness compiles it
 * with `gcc -O2 peer.c -lzmq` when a compiler is there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void *context;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *open_socket(int type, int linger) {
  void *s = zmq_socket(context, type);
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  return s;
}

static void ready(void) {
  puts("READY");
  fflush(stdout);
}

static void wait_line(void) {
  char line[64];
  if (!fgets(line, sizeof line, stdin)) return;
}

static void ventilator(const char *vent, const char *sink, long count, long size) {
  void *tasks = open_socket(ZMQ_PUSH, 1000), *start = open_socket(ZMQ_PUSH, 1000);
  if (zmq_bind(tasks, vent) != 0) exit(1);
  zmq_connect(start, sink);
  ready();
  wait_line();
  zmq_send(start, "0", 1, 0);
  char *task = malloc(size);
  memset(task, '0', size);
  for (long n = 0; n < count; n++) zmq_send(tasks, task, size, 0);
  /* Stays until stdin closes: a sender that closes at once can lose its last messages over ipc. */
  wait_line();
}

static void worker(const char *vent, const char *sink) {
  void *tasks = open_socket(ZMQ_PULL, 1000), *results = open_socket(ZMQ_PUSH, 1000);
  zmq_connect(tasks, vent);
  zmq_connect(results, sink);
  ready();
  zmq_msg_t task;
  zmq_msg_init(&task);
  for (;;) {
    int size = zmq_msg_recv(&task, tasks, 0);
    if (size < 0) exit(1);
    /* A frame is not NUL-terminated: read its digits within its size. */
    const char *digits = zmq_msg_data(&task);
    long workload = 0;
    for (int i = 0; i < size && digits[i] >= '0' && digits[i] <= '9'; i++) workload = workload * 10 + digits[i] - '0';
    if (workload > 0) usleep(workload * 1000);
    zmq_send(results, "", 0, 0);
  }
}

static void sink(const char *endpoint, long count) {
  void *results = open_socket(ZMQ_PULL, 0);
  if (zmq_bind(results, endpoint) != 0) exit(1);
  ready();
  char buffer[16];
  zmq_recv(results, buffer, sizeof buffer, 0);
  double start = now_ms();
  for (long n = 0; n < count; n++) zmq_recv(results, buffer, sizeof buffer, 0);
  printf("ELAPSED %f\n", now_ms() - start);
}

/* Serves until stopped: a server that exits after its last reply can take that reply with it. */
static void rep(const char *endpoint) {
  void *s = open_socket(ZMQ_REP, 0);
  if (zmq_bind(s, endpoint) != 0) exit(1);
  ready();
  char buffer[16];
  for (;;) {
    zmq_recv(s, buffer, sizeof buffer, 0);
    zmq_send(s, "World", 5, 0);
  }
}

static void req(const char *endpoint, long count) {
  void *s = open_socket(ZMQ_REQ, 0);
  zmq_connect(s, endpoint);
  ready();
  char buffer[16];
  fputs("RTT", stdout);
  for (long n = 0; n < count; n++) {
    double sent_at = now_ms();
    zmq_send(s, "Hello", 5, 0);
    zmq_recv(s, buffer, sizeof buffer, 0);
    printf(" %ld", (long)((now_ms() - sent_at) * 1000 + 0.5));
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  context = zmq_ctx_new();
  const char *role = argc > 1 ? argv[1] : "";
  if (!strcmp(role, "ventilator") && argc == 6) ventilator(argv[2], argv[3], atol(argv[4]), atol(argv[5]));
  else if (!strcmp(role, "worker") && argc == 4) worker(argv[2], argv[3]);
  else if (!strcmp(role, "sink") && argc == 4) sink(argv[2], atol(argv[3]));
  else if (!strcmp(role, "rep") && argc == 3) rep(argv[2]);
  else if (!strcmp(role, "req") && argc == 4) req(argv[2], atol(argv[3]));
  else return 2;
  fflush(stdout);
  _exit(0);
}
