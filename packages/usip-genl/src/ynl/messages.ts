import type { Operation, Spec } from './model.js';
import { operationByName } from './spec-query.js';
import { pascalCase } from './ts-names.js';

export type MessageKind =
  | 'do-request'
  | 'do-reply'
  | 'dump-request'
  | 'dump-reply'
  | 'event'
  | 'notify';

/** One message a family's spec defines: an operation's request/reply or a notification. */
export interface SpecMessage {
  op: Operation;
  kind: MessageKind;
  attributeSet: string;
  attributes: string[];
  /** TypeScript type name: PingRequest, MtabGetReply, MtabNotify... */
  typeName: string;
}

/** Every message of a spec, in operation order. */
export function specMessages(spec: Spec): SpecMessage[] {
  const out: SpecMessage[] = [];
  for (const op of spec.operations.list) {
    const base = pascalCase(op.name);
    const both = op.do !== undefined && op.dump !== undefined;
    const set = op.attributeSet;
    const add = (kind: MessageKind, attributes: string[] | undefined, typeName: string) => {
      if (attributes !== undefined && set !== undefined) {
        out.push({ op, kind, attributeSet: set, attributes, typeName });
      }
    };
    // A do or dump without a request section is still sent: with no attributes.
    const request = (mode: typeof op.do) => (mode ? (mode.request?.attributes ?? []) : undefined);
    add('do-request', request(op.do), `${base}Request`);
    add('do-reply', op.do?.reply?.attributes, `${base}Reply`);
    add('dump-request', request(op.dump), `${base}${both ? 'Dump' : ''}Request`);
    add('dump-reply', op.dump?.reply?.attributes, `${base}${both ? 'Dump' : ''}Reply`);
    add('event', op.event?.attributes, base);
    if (op.notify) {
      const source = operationByName(spec, op.notify);
      const attributes = source.do?.reply?.attributes;
      const sourceSet = op.attributeSet ?? source.attributeSet;
      if (attributes && sourceSet) {
        out.push({ op, kind: 'notify', attributeSet: sourceSet, attributes, typeName: base });
      }
    }
  }
  return out;
}
