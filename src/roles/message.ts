// What a role sends, from its options: --frame TEXT repeated makes a multipart message, which
// replaces the single frame of --message or --reply.
import { RoleOptions } from './options';

export function outgoing(options: Pick<RoleOptions, 'frame'>, text: string): string | string[] {
  return options.frame?.length ? [...options.frame] : text;
}
