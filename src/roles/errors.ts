/** Bad input on the command line: exit code 2, one line that names the value and what to do. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Something went wrong while running (port in use, path not writable): exit code 1. */
export class RoleError extends Error {
  readonly exitCode = 1;
}
