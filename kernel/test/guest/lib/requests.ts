// Request writers shared by the guest tests.
import type { AttributeWriter } from './client.js';
import { EventType, NotifierAttr, NotifierFlags, UsipAttr } from './constants.js';

export interface Notifier {
  type: number;
  action?: number;
  cmd?: number;
  flags?: number;
}

export function writeNotifiers(notifiers: Notifier[], listenerFlags?: number): AttributeWriter {
  return (b) => {
    if (listenerFlags !== undefined) b.putU32(UsipAttr.EVENT_FLAGS, listenerFlags);
    const outer = b.beginNest(UsipAttr.EVENT_NOTIFIERS);
    notifiers.forEach((n, i) => {
      const inner = b.beginNest(i + 1);
      b.putU32(NotifierAttr.TYPE, n.type);
      if (n.action !== undefined) b.putU32(NotifierAttr.ACTION, n.action);
      if (n.cmd !== undefined) b.putU8(NotifierAttr.CMD, n.cmd);
      b.putU32(NotifierAttr.FLAGS, n.flags ?? NotifierFlags.NOTIFY);
      b.endNest(inner);
    });
    b.endNest(outer);
  };
}

export const mtabNotifier: Notifier = { type: EventType.MTAB };
export const storageNotifier: Notifier = { type: EventType.STORAGE };

export const unregister =
  (group: number, id: number): AttributeWriter =>
  (b) => {
    b.putU32(UsipAttr.EVENT_GROUP, group);
    b.putU32(UsipAttr.EVENT_ID, id);
  };
