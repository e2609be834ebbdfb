import type { NetlinkMessage } from '@usip/netlink-core';
import {
  type DecodedAttrs,
  decodeSpecAttrs,
  defineSets,
  encodeSpecMessage,
  payloadOf,
  readGenlHeader,
  restrictSet,
  type SetDesc,
  type SpecEncodeOptions,
} from './codec/index.js';
import { SpecError } from './errors.js';
import { loadSpecFile, parseSpec } from './load.js';
import { type MessageKind, type SpecMessage, specMessages } from './messages.js';
import type { EnumDefinition, Operation, Spec } from './model.js';
import { specRows } from './spec-rows.js';

/** A message of the family, ready to encode or decode. */
export interface RuntimeMessage {
  op: string;
  kind: MessageKind;
  cmd: number;
  set: SetDesc;
}

/** A decoded notification: which operation it is, and its attributes. */
export interface RuntimeNotification {
  op: string;
  cmd: number;
  attrs: DecodedAttrs;
}

/**
 * Drive any generic netlink family from its YNL spec at run time: encode requests and
 * decode replies and notifications by operation name, without generated code. Attribute
 * objects use camelCase names ("family-name" -> familyName), 64-bit values as bigint.
 */
export class SpecFamily {
  readonly spec: Spec;
  readonly sets: Record<string, SetDesc>;
  readonly #messages = new Map<string, RuntimeMessage>();
  readonly #notifications = new Map<number, RuntimeMessage>();

  constructor(spec: Spec) {
    this.spec = spec;
    this.sets = defineSets(specRows(spec));
    for (const m of specMessages(spec)) {
      const built = this.#build(m);
      this.#messages.set(`${m.op.name}/${m.kind}`, built);
      if (m.kind === 'event' || m.kind === 'notify') this.#notifications.set(m.op.value, built);
    }
  }

  static fromFile(path: string): SpecFamily {
    return new SpecFamily(loadSpecFile(path));
  }

  static fromText(yaml: string, source?: string): SpecFamily {
    return new SpecFamily(parseSpec(yaml, source));
  }

  /** The family name to resolve through nlctrl. */
  get name(): string {
    return this.spec.name;
  }

  get version(): number {
    return this.spec.version ?? 1;
  }

  operation(name: string): Operation {
    const op = this.spec.operations.list.find((o) => o.name === name);
    if (!op) throw new SpecError('', `family ${this.name} has no operation "${name}"`);
    return op;
  }

  message(op: string, kind: MessageKind): RuntimeMessage {
    const m = this.#messages.get(`${op}/${kind}`);
    if (!m) throw new SpecError('', `family ${this.name}: "${op}" has no ${kind} message`);
    return m;
  }

  /** A do (or, with dump: true, a dump) request of `op` as one whole netlink message. */
  encodeRequest(
    familyId: number,
    op: string,
    attrs: Readonly<Record<string, unknown>> = {},
    options: SpecEncodeOptions & { dump?: boolean } = {},
  ): Buffer {
    const m = this.message(op, options.dump ? 'dump-request' : 'do-request');
    return encodeSpecMessage(familyId, m.cmd, this.version, m.set, attrs, options);
  }

  /** Decode a reply to a do (or dump) request of `op`. Throws YnlDecodeError. */
  decodeReply(op: string, msg: NetlinkMessage | Buffer, options: { dump?: boolean } = {}) {
    return decodeSpecAttrs(this.message(op, options.dump ? 'dump-reply' : 'do-reply').set, msg);
  }

  /** Decode a multicast notification by its command; undefined for an unknown command. */
  decodeNotification(msg: NetlinkMessage | Buffer): RuntimeNotification | undefined {
    const payload = payloadOf(msg);
    const { cmd } = readGenlHeader(payload);
    const m = this.#notifications.get(cmd);
    return m ? { op: m.op, cmd, attrs: decodeSpecAttrs(m.set, payload) } : undefined;
  }

  /** Name of an enum value ("event-type", 1 -> "mtab"); flags give every set bit's name. */
  enumNames(enumName: string, value: number | bigint): string[] {
    const def = this.spec.definitions.find(
      (d): d is EnumDefinition => d.kind !== 'const' && d.name === enumName,
    );
    if (!def) throw new SpecError('', `family ${this.name} has no enum "${enumName}"`);
    const v = BigInt(value);
    if (def.kind === 'enum') {
      const entry = def.entries.find((e) => BigInt(e.value) === v);
      return entry ? [entry.name] : [];
    }
    return def.entries.filter((e) => (BigInt(e.value) & v) !== 0n).map((e) => e.name);
  }

  #build(m: SpecMessage): RuntimeMessage {
    const full = this.sets[m.attributeSet];
    if (!full) throw new SpecError('', `no attribute set "${m.attributeSet}"`);
    return { op: m.op.name, kind: m.kind, cmd: m.op.value, set: restrictSet(full, m.attributes) };
  }
}
