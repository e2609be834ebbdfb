import { z } from 'zod';
import { InvalidInputError } from './errors.js';
import type { EventType, NotifyAction } from './model.js';

// The protocol's limit (USIP_MAX_NOTIFIERS in kernel/usip.yaml).
export const MAX_NOTIFIERS = 32;

const notifyActions = ['any', 'enospc', 'mount', 'umount', 'edquot', 'move', 'attr'] as const;

/** One notifier of a listener: which events to match and what the kernel should do. */
export const notifierSchema = z.strictObject({
  type: z.enum(['mtab', 'storage']),
  /** 'any' (the default) matches every action of the type. */
  action: z.enum(notifyActions).default('any'),
  /** Echoed back in each event; 0 matches any. */
  cmd: z.number().int().min(0).max(255).default(0),
  /** Send a notification (default true). */
  notify: z.boolean().default(true),
  /** Also log the event to the kernel log. */
  kernLog: z.boolean().default(false),
  log: z.boolean().default(false),
});

export const listenerOptionsSchema = z.strictObject({
  /** Not bound to the caller's mount namespace (needs CAP_SYS_ADMIN). */
  global: z.boolean().default(false),
  notifiers: z.array(notifierSchema).min(1).max(MAX_NOTIFIERS),
});

export type NotifierInput = z.input<typeof notifierSchema>;
export type Notifier = z.output<typeof notifierSchema>;
export type ListenerOptionsInput = z.input<typeof listenerOptionsSchema>;
export type ListenerOptions = z.output<typeof listenerOptionsSchema>;

/** Validates a value at the API boundary, turning zod's issues into an InvalidInputError. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(
    what,
    result.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`),
  );
}

/** Which of a listener's event types (and so multicast groups) it needs. */
export function eventTypesOf(options: ListenerOptions): Set<EventType> {
  return new Set(options.notifiers.map((n) => n.type));
}

export type { EventType, NotifyAction };
